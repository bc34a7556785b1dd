# test_fit_real.sh: `ifscat fit` on real NIRSpec spectra of ../shared/data/real: the msaexp PRISM
# spectrum of CEERS 1345_933 (z = 4.243, data/real SOURCE.md) and the CEERS 1027 x1d combined
# from the three M gratings (published z = 7.8189): redshift within 0.005, H-beta and [OIII]5008
# detected with S/N > 5.  The catalogue redshifts (the fits' priors) are set 0.013 and 0.019 off,
# so the fits have to find the lines.  A user's line list adds H-alpha without recompiling.
source tests/lib.sh
REAL=$(shared_dir)/data/real
[ -d "$REAL" ] || skip "no ../shared/data/real (IFSCAT_SHARED=$IFSCAT_SHARED)"
new_catalog
printf 'name,z\nCEERS933,4.23\nCEERS1027,7.80\n' >"$WORK/targets.csv"
check "targets" ifscat -q target import "$WORK/targets.csv"
check "ingest the PRISM spectrum" ifscat -q ingest "$REAL/jwst-msaexp-prism/static-test-driz-center-bkg_933.spec.fits" --target CEERS933
check "ingest the x1d" ifscat -q ingest \
    "$REAL/jwst-ceers1027-g395m-lime/hlsp_ceers_jwst_nirspec_nirspec10-001027_comb-mgrat_v0.7_x1d-masked.fits" --target CEERS1027

value() { sql "SELECT $3 FROM ifscat.current_line_fit WHERE target = '$1' AND line = '$2'"; }
above() { CHECKS=$((CHECKS + 1)); awk -v v="$2" -v m="$3" 'BEGIN { exit !(v > m) }' || fail "$1: $2, want > $3"; }

check_match "CEERS 1345_933 fitted: one spectrum" "$(ifscat -q fit CEERS933)" "^fitted observation [0-9]+ of CEERS933 \(PRISM\): fit [0-9]+, 1 regions"
check_close "CEERS 1345_933 redshift ([OIII]5008 group)" "$(value CEERS933 OIII5008 z)" 4.243 0.005
above "CEERS 1345_933 [OIII]5008 S/N" "$(value CEERS933 OIII5008 snr)" 5
above "CEERS 1345_933 H-beta S/N" "$(value CEERS933 Hbeta snr)" 5
check_eq "CEERS 1345_933: kind and status" "$(value CEERS933 Hbeta "kind || ',' || status")" "spectrum,ok"
check_eq "the spectrum and its model are stored" \
    "$(sql "SELECT cardinality(model) FROM ifscat.region_spectrum JOIN ifscat.current_fit USING (fit_id) WHERE target = 'CEERS933'")" 414

# The x1d names G395M but spans 0.96-5.29 um: the curve is combined per channel from its width.
check_match "CEERS 1027 fitted with the combined M-grating curve" "$(ifscat -q fit CEERS1027)" \
    "^fitted observation [0-9]+ of CEERS1027 \(G140M\+G235M\+G395M\): fit [0-9]+, 1 regions"
check_close "CEERS 1027 redshift ([OIII]5008 group, published 7.8189)" "$(value CEERS1027 OIII5008 z)" 7.8189 0.005
above "CEERS 1027 [OIII]5008 S/N" "$(value CEERS1027 OIII5008 snr)" 5
above "CEERS 1027 H-beta S/N" "$(value CEERS1027 Hbeta snr)" 5
# At R ~ 1000 the lines are resolved: the fitted width is the instrumental one (x 0.4-3), not
# the PRISM's 2,000-3,000 km/s; G395M's R = 1077 at 4.25 um is 278 km/s.
fwhm=$(value CEERS1027 OIII5008 fwhm_kms)
above "CEERS 1027 [OIII] FWHM above 0.4 x 278 km/s" "$fwhm" 111
above "CEERS 1027 [OIII] FWHM below 3 x 278 km/s" 834 "$fwhm"

# A user's line list: the shipped one plus an H-alpha group with its own continuum windows.
jq '.name = "optical-plus-halpha" | .groups += [{"id": 6, "name": "Halpha"}]
    | .lines += [{"name": "Halpha", "label": "H-alpha", "rest_aa": 6564.61, "group": 6, "case_b": 2.86}]
    | .continuum.fits += [{"name": "Halpha", "groups": [6], "windows_aa": [[6000, 6180], [6850, 7000]]}]' \
    data/lines.json >"$WORK/halpha.json"
check_match "a user's line list: a new fit" "$(ifscat -q fit CEERS933 --lines "$WORK/halpha.json")" "replaces fit"
check_eq "its lines are stored with the fit" \
    "$(sql "SELECT lines_name || ',' || (SELECT label FROM ifscat.fit_line l WHERE l.fit_id = f.fit_id AND line = 'Halpha') FROM ifscat.current_fit f WHERE target = 'CEERS933'")" \
    "optical-plus-halpha,H-alpha"
above "H-alpha of CEERS 1345_933 detected" "$(value CEERS933 Halpha snr)" 5
finish
