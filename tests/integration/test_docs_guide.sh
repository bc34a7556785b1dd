# test_docs_guide.sh: every `sh` block of docs/guide.md runs as written, in order, in one shell,
# from a directory holding the shipped data (as the source directory does) on a throwaway catalog;
# every command of `ifscat --help` has an example there; and the figures and files the guide
# promises exist.
. tests/lib.sh
new_catalog
ROOT=$PWD
ln -s "$ROOT/data" "$WORK/data"

script=$WORK/guide.sh
awk '/^```sh$/ { on = 1; n++; printf "echo \"### guide block %d\" >&2\n", n; next } /^```$/ { on = 0; next } on' \
    docs/guide.md > "$script"
nblocks=$(grep -c '^echo "### guide block' "$script")
check "the guide has examples" test "$nblocks" -ge 10
out=$(cd "$WORK" && PATH="$(dirname "$IFSCAT_BIN"):$PATH" bash -e -o pipefail "$script" 2>&1)
rc=$?
CHECKS=$((CHECKS + 1))
[ $rc -eq 0 ] || fail "the guide's examples stop in $(grep '^### guide block' <<<"$out" | tail -1 | cut -c5-) (exit $rc): $(tail -n 8 <<<"$out")"

for cmd in $(ifscat --help | awk '/^Commands:/ { on = 1; next } on && NF { print $1 }' | grep -v '^Exit'); do
    CHECKS=$((CHECKS + 1))
    grep -Eq "^ifscat $cmd( |$)" "$script" || fail "no example of 'ifscat $cmd' in an sh block of docs/guide.md"
done
for f in smacs.fits spaxel.csv smacs_oiii.png smacs_hbeta_snr.pdf smacs_spectrum.pdf smacs_annulus3.svg \
         smacs_oh.png smacs_profile.pdf \
         smacs_maps.fits smacs_spectra.fits summary.vot summary.fits bands.csv sfms.pdf mzr.png fmr.pdf \
         gradient_z.png gradient_mass.pdf gradient_ssfr.svg; do
    check "the guide made $f" test -s "$WORK/$f"
done
check_eq "the guide's observation is dropped at the end" "$(sql "SELECT count(*) FROM observation")" 0
finish
