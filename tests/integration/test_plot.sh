# test_plot.sh: `ifscat plot KIND` for the scaling-relation and gradient figures on the published
# sample with a small literature source and stored relation fits, and the map and spectrum of a
# fitted mock cube: PNG size at the journal column width (3.5 in x 300 dpi = 1050 pixels; 2.8 in =
# 840 per panel), galaxies, satellites, literature, maps and models drawn in their colours (read
# back with cairo by tests/tools/pngstat), PDF and SVG, byte-identical repeats, the marked target,
# and bad input: unknown kind, map or target, nothing to plot, unwritable or unsupported output,
# each exit 1 with no file left behind.
. tests/lib.sh
PNGSTAT=$(dirname "$IFSCAT_BIN")/tests/tools/pngstat
[ -x "$PNGSTAT" ] || { fail "tests/tools/pngstat is not built (make test builds it)"; finish; }
new_catalog
check "demo targets" ifscat -q target import data/demo/targets.csv
check "demo properties" ifscat -q property import data/demo/properties.csv
# Literature: L1..L3 have everything (L3's metallicity an upper limit); SMACS 0723-4590 is a catalog
# target by name and must not be drawn as literature.
cat > "$WORK/lit.csv" <<'CSV'
name,z,logm,logm_lo,logm_hi,logsfr,logsfr_lo,logsfr_hi,oh,oh_lo,oh_hi,oh_upper,gradient,gradient_lo,gradient_hi,reference
L1,6.5,8.6,0.1,0.1,0.9,0.1,0.1,7.8,0.1,0.1,,-0.05,0.03,0.03,Test+2025
L2,7.2,9.3,0.1,0.1,1.4,0.1,0.1,8.0,0.1,0.1,,0.02,0.04,0.04,Test+2025
L3,9.8,7.9,0.2,0.2,0.3,0.2,0.2,7.5,,,true,-0.10,0.05,0.05,Test+2025
SMACS 0723-4590,8.45,9.1,0.1,0.1,0.8,0.1,0.1,7.5,0.1,0.1,,0.0,0.1,0.1,Test+2025
CSV
check "literature" ifscat -q literature import "$WORK/lit.csv" --source lit
check "stored fits" ifscat -q relations

# Colours of the series (Okabe & Ito): galaxies blue, satellites vermillion, first literature source
# bluish green.
BLUE=0,114,178 VERMILLION=213,94,0 GREEN=0,158,115
stats() { "$PNGSTAT" "$@" | tr '\n' ' '; }

for kind in sfms mzr fmr gradient-z gradient-mass gradient-ssfr; do
    out=$WORK/$kind.png
    check "$kind: PNG" ifscat -q plot $kind -o "$out"
    read -r w h inked blue vermillion green <<<"$(stats "$out" $BLUE $VERMILLION $GREEN)"
    height=840; [ $kind = fmr ] && height=1680 # two panels
    check_eq "$kind: column width at 300 dpi" "$w x $h" "1050 x $height"
    check "$kind: more than axes and labels are drawn (inked $inked)" test "$inked" -gt 20000
    check "$kind: galaxies drawn (blue pixels: $blue)" test "$blue" -gt 200
    check "$kind: literature drawn (green pixels: $green)" test "$green" -gt 50
    case $kind in
        gradient-*) check_eq "$kind: the satellites have no gradient" "$vermillion" 0 ;;
        *) check "$kind: satellites drawn (vermillion pixels: $vermillion)" test "$vermillion" -gt 100 ;;
    esac
    check "$kind: own sample only" ifscat -q plot $kind --no-literature -o "$WORK/$kind-own.png"
    read -r _ _ _ green <<<"$(stats "$WORK/$kind-own.png" $GREEN)"
    check_eq "$kind --no-literature: no literature colour" "$green" 0
    check "$kind: the same again" ifscat -q plot $kind -o "$WORK/$kind-again.png"
    check "$kind: PNG byte-identical" cmp "$out" "$WORK/$kind-again.png"
done

for ext in pdf svg; do
    check "mzr as $ext" ifscat -q plot mzr -o "$WORK/mzr.$ext"
    check "mzr as $ext again" ifscat -q plot mzr -o "$WORK/mzr-again.$ext"
    check "$ext byte-identical" cmp "$WORK/mzr.$ext" "$WORK/mzr-again.$ext"
done
check_match "PDF" "$(head -c 5 "$WORK/mzr.pdf")" "^%PDF-"
check_match "SVG" "$(head -c 300 "$WORK/mzr.svg")" "<svg"
check_match "PDF page is 3.5 x 2.8 in" "$(grep -a -o 'MediaBox \[[^]]*\]' "$WORK/mzr.pdf" | head -1)" "MediaBox \[ ?0 0 252 201\.6 ?\]"

# A marked target adds its ring and name: more ink than the same figure without it.
check "marked target" ifscat -q plot gradient-mass SMACS0723_4590 -o "$WORK/marked.png"
read -r _ _ marked <<<"$(stats "$WORK/marked.png")"
read -r _ _ plain <<<"$(stats "$WORK/gradient-mass.png")"
check "the mark adds ink ($marked > $plain)" test "$marked" -gt "$plain"
check "a literature selection" ifscat -q plot mzr --with-literature lit:7-10 -o "$WORK/sel.png"

# A target's line fit: a mock cube of SMACS0723_4590, ingested and fitted.
check "mock cube" ifscat -q mock "$WORK/smacs.fits" --like SMACS0723_4590 --seed 3 --hbeta-snr 60
check "ingest" ifscat -q ingest "$WORK/smacs.fits" --target SMACS0723_4590
check "fit" ifscat -q fit SMACS0723_4590
check_fails "a profile needs a derive" 1 "has no derive yet \(run 'ifscat derive SMACS0723_4590'\)" \
    ifscat plot profile SMACS0723_4590 -o "$WORK/x.png"
check "derive" ifscat -q derive SMACS0723_4590
YELLOW=253,231,37 # the top of viridis
# Line and continuum maps cover the field; derived maps only where the lines are measured.
for map in flux_OIII5008_smoothed:200000 snr_Hbeta:200000 continuum:200000 oh_smoothed:20000 log_sigma_sfr:20000; do
    least=${map#*:} map=${map%:*}
    check "map $map" ifscat -q plot map SMACS0723_4590 --map $map -o "$WORK/map-$map.png"
    read -r w h inked yellow <<<"$(stats "$WORK/map-$map.png" $YELLOW)"
    check "map $map: column width, height within 2-4.5 in" test "$w" = 1050 -a "$h" -ge 600 -a "$h" -le 1350
    check "map $map: drawn (inked $inked > $least)" test "$inked" -gt "$least"
    check "map $map: its brightest values in viridis' top colour ($yellow)" test "$yellow" -gt 100
done
check "map again" ifscat -q plot map SMACS0723_4590 --map continuum -o "$WORK/map-again.png"
check "map byte-identical" cmp "$WORK/map-continuum.png" "$WORK/map-again.png"
check "the default map" ifscat -q plot map SMACS0723_4590 -o "$WORK/map-default.png"
check "the default map is the metallicity after a derive" cmp "$WORK/map-default.png" "$WORK/map-oh_smoothed.png"
check "profile" ifscat plot profile SMACS0723_4590 -o "$WORK/profile.png"
read -r w h inked blue <<<"$(stats "$WORK/profile.png" $BLUE)"
check_eq "profile: one panel at the column width" "$w x $h" "1050 x 840"
check "profile: annuli and the gradient drawn ($blue blue pixels)" test "$blue" -gt 1000
check_eq "profile: the gradient drawn is the stored one (no note)" \
    "$(ifscat plot profile SMACS0723_4590 -o "$WORK/profile.pdf" 2>&1 | grep -c differs)" 0
check "spectrum" ifscat -q plot spectrum SMACS0723_4590 -o "$WORK/spectrum.png"
read -r w h inked model <<<"$(stats "$WORK/spectrum.png" $VERMILLION)"
check_eq "spectrum: 3.5 x 3.2 in" "$w x $h" "1050 x 960"
check "spectrum: the model drawn ($model pixels)" test "$model" -gt 500
check "annulus spectrum" ifscat -q plot spectrum SMACS0723_4590 --annulus 2 -o "$WORK/annulus.pdf"
check_fails "unknown map" 1 "unknown map 'flux_NII6585' \(known: flux_" \
    ifscat plot map SMACS0723_4590 --map flux_NII6585 -o "$WORK/x.png"
check_fails "no such annulus" 1 "nothing to plot: the fit of SMACS0723_4590 has no annulus 99" \
    ifscat plot spectrum SMACS0723_4590 --annulus 99 -o "$WORK/x.png"
check_fails "a target without observation" 1 "target 'JADES_8013' has no current observation" \
    ifscat plot map JADES_8013 -o "$WORK/x.png"
check_fails "map needs a target" 2 "plot map needs a TARGET" ifscat plot map -o "$WORK/x.png"
check "a second cube, not fitted" ifscat -q mock "$WORK/rx.fits" --like RX2129_11022 --seed 4
check "ingest it" ifscat -q ingest "$WORK/rx.fits" --target RX2129_11022
check_fails "a target without fit" 1 "no line fit yet \(run 'ifscat fit RX2129_11022'\)" \
    ifscat plot spectrum RX2129_11022 -o "$WORK/x.png"

check_fails "unknown kind" 1 "unknown plot kind 'hexbin' \(known: sfms, mzr, fmr, gradient-z, gradient-mass, gradient-ssfr, map, profile, spectrum" \
    ifscat plot hexbin -o "$WORK/x.png"
check_fails "unknown target" 1 "unknown target 'NOPE'" ifscat plot mzr NOPE -o "$WORK/x.png"
check_fails "a target with nothing to plot" 1 "nothing to plot for SMACS0723_4590-S1" \
    ifscat plot gradient-mass SMACS0723_4590-S1 -o "$WORK/x.png"
check_fails "missing directory" 1 "no-such-dir/x.png" ifscat plot mzr -o "$WORK/no-such-dir/x.png"
mkdir "$WORK/taken.png"
check_fails "a directory in the way" 1 "taken.png" ifscat plot mzr -o "$WORK/taken.png"
check_fails "unsupported extension" 1 "\.jpg" ifscat plot mzr -o "$WORK/x.jpg"
check_fails "no output" 2 "needs -o FILE" ifscat plot mzr
check_fails "no kind" 2 "needs a KIND" ifscat plot -o "$WORK/x.png"
check_fails "unknown literature source" 1 "unknown literature source 'nope'" \
    ifscat plot sfms --with-literature nope -o "$WORK/x.png"
new_catalog empty
for kind in sfms mzr fmr gradient-z gradient-mass gradient-ssfr; do
    check_fails "$kind of an empty catalog" 1 "nothing to plot" ifscat plot $kind -o "$WORK/x.png"
done
check_eq "no file from a failure" "$(find "$WORK" -name 'x.*' -o -name '*.tmp*' | wc -l)" 0
finish
