# test_export_real.sh: figures and exports of a real 1D observation from ../shared/data/real, the
# msaexp PRISM spectrum of CEERS 1345_933 (z = 4.243): its spectrum plotted and exported with the
# fitted redshift, and refused as maps.
. tests/lib.sh
REAL=$(shared_dir)/data/real
[ -d "$REAL" ] || skip "no ../shared/data/real (IFSCAT_SHARED=$IFSCAT_SHARED)"
TOOLS=$(dirname "$IFSCAT_BIN")/tests/tools
FITSINFO=$TOOLS/fitsinfo TABLEDUMP=$TOOLS/tabledump
new_catalog
printf 'name,ra_deg,dec_deg,z\nCEERS933,214.9,52.9,4.243\n' > "$WORK/targets.csv"
check "target" ifscat -q target import "$WORK/targets.csv"
spec=$REAL/jwst-msaexp-prism/static-test-driz-center-bkg_933.spec.fits
check "PRISM spectrum ingest" ifscat -q ingest "$spec" --target CEERS933
check "PRISM spectrum fit" ifscat -q fit CEERS933
check "its spectrum plotted" ifscat -q plot spectrum CEERS933 -o "$WORK/ceers.png"
check "its spectrum exported" ifscat -q export spectra CEERS933 -o "$WORK/ceers.fits"
check_eq "one table: the spectrum, and the lines" "$("$FITSINFO" "$WORK/ceers.fits" | cut -f2 | tail -n +2 | tr '\n' ' ')" "spectrum lines "
check_eq "every channel" "$("$TABLEDUMP" "$WORK/ceers.fits" spectrum | grep '^rows' | cut -f2)" "$(sql "SELECT nwave FROM observation WHERE target_id = (SELECT target_id FROM target WHERE name = 'CEERS933')")"
check_close "the [OIII] redshift of the fit (published 4.243)" \
    "$("$TABLEDUMP" "$WORK/ceers.fits" lines | awk -F'\t' '$2 == "OIII5008" { print $7 }')" 4.243 0.005
check_fails "no maps of a 1D spectrum" 1 "nothing to export: .* is a 1D spectrum" ifscat export maps CEERS933 -o "$WORK/x.fits"
check_fails "nor a map figure" 1 "nothing to plot: .* is a 1D spectrum" ifscat plot map CEERS933 -o "$WORK/x.png"
check_eq "no file from a failure" "$(find "$WORK" -name 'x.*' | wc -l)" 0
finish
