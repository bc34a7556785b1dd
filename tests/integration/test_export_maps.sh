# test_export_maps.sh: `ifscat export maps|spectra` of a fitted and derived mock cube, read back
# with cfitsio and WCSLIB (tests/tools/fitsinfo, tabledump) and with astropy where installed: one
# image per map of the fit's size, BUNIT and provenance keywords, values equal to the catalog's, the
# cube's own celestial WCS (pixel to sky as the cube file and the spaxel table have it; also for a
# cube turned by 30 degrees); one table per summed region with its spectra, model and geometry
# equal to the catalog's; and bad input.
. tests/lib.sh
TOOLS=$(dirname "$IFSCAT_BIN")/tests/tools
FITSINFO=$TOOLS/fitsinfo TABLEDUMP=$TOOLS/tabledump
[ -x "$FITSINFO" ] && [ -x "$TABLEDUMP" ] && [ -x "$TOOLS/fitskey" ] || { fail "tests/tools are not built (make test builds them)"; finish; }
new_catalog
check "demo targets" ifscat -q target import data/demo/targets.csv
check "demo properties" ifscat -q property import data/demo/properties.csv
check "mock cube" ifscat -q mock "$WORK/cube.fits" --like SMACS0723_4590 --seed 11 --hbeta-snr 60
check "ingest" ifscat -q ingest "$WORK/cube.fits" --target SMACS0723_4590
check "fit" ifscat -q fit SMACS0723_4590
check "derive" ifscat -q derive SMACS0723_4590
read -r obs fit nx ny nwave <<<"$(sql "SELECT f.observation_id, f.fit_id, o.nx, o.ny, o.nwave
                                      FROM fit_run f JOIN observation o USING (observation_id)" | tr '|' ' ')"
nlines=$(sql "SELECT count(*) FROM fit_line")

maps=$WORK/maps.fits
check "export maps" ifscat -q export maps SMACS0723_4590 -o "$maps"
hdus=$("$FITSINFO" "$maps")
check_eq "one image per map: flux, err, snr of $nlines lines, 4 continuum/extent maps, 9 derived, raw and smoothed" \
    "$(wc -l <<<"$hdus")" $((1 + 6 * nlines + 4 + 2 * 9))
check_eq "the derived maps" "$(cut -f2 <<<"$hdus" | grep -E '^(oh|r3|ne3o2|log_sigma)' | tr '\n' ' ')" \
    "oh oh_lo oh_hi r3 r3_err ne3o2 ne3o2_err log_sigma_sfr log_sigma_star oh_smoothed oh_lo_smoothed oh_hi_smoothed r3_smoothed r3_err_smoothed ne3o2_smoothed ne3o2_err_smoothed log_sigma_sfr_smoothed log_sigma_star_smoothed "
check_eq "every image is ${nx}x${ny}" "$(awk -F'\t' 'NR > 1 && ($4 != '"$nx"' || $5 != '"$ny"')' <<<"$hdus")" ""
bunit() { awk -F'\t' -v n="$1" '$2 == n { print $3 }' <<<"$hdus"; }
check_eq "line flux unit (FITS 4.0 section 4.3)" "$(bunit flux_OIII5008)" "10**(-20) erg s-1 cm-2"
check_eq "S/N has no unit" "$(bunit snr_OIII5008_smoothed)" ""
check_eq "continuum unit" "$(bunit continuum)" "10**(-20) erg s-1 cm-2 Angstrom-1"
check_eq "Sigma_SFR unit (a logarithm: FITS 4.0 table 6)" "$(bunit log_sigma_sfr)" "log(solMass yr-1 kpc-2)"
check_eq "the derive's provenance" "$("$FITSINFO" "$maps" oh key DERIV_ID CALIB | tr '\n' ' ')" \
    "$(sql "SELECT derive_id || ' ' || calibration_name FROM derive_run") "
version=$(ifscat --version | cut -d' ' -f2)
for hdu in 1 snr_Hbeta_smoothed; do
    check_eq "provenance in HDU $hdu" "$("$FITSINFO" "$maps" $hdu key TARGET OBS_ID FIT_ID CREATOR FITVERS | tr '\n' ' ')" \
        "SMACS0723_4590 $obs $fit ifscat $version $(sql "SELECT software_version FROM fit_run") "
done
check_eq "line map keywords" "$("$FITSINFO" "$maps" snr_Hbeta_smoothed key LINE REGIONS | tr '\n' ' ')" "Hbeta smoothed "

# Values: the ten brightest [OIII] spaxels, a smoothed S/N and the continuum, as the catalog holds
# them (32-bit floats: 1e-6 relative), at FITS pixel (x + 1, y + 1).
compare_map() { # NAME SQL(x, y, value)
    local rows pix got
    rows=$(sql "$2")
    pix=$(awk -F'|' '{ printf "%d,%d ", $1 + 1, $2 + 1 }' <<<"$rows")
    got=$("$FITSINFO" "$maps" "$1" pix $pix | cut -d' ' -f1)
    paste -d' ' <(cut -d'|' -f3 <<<"$rows") <(echo "$got") |
        awk '{ d = $1 - $2; if (d < 0) d = -d; if (!(d <= 1e-6 * ($1 < 0 ? -$1 : $1))) { print "want " $1 " got " $2; exit } }'
}
check_eq "flux_OIII5008 equals the catalog" "$(compare_map flux_OIII5008 \
    "SELECT r.x, r.y, l.flux FROM region r JOIN line_fit l USING (target_id, fit_id, region_id)
     WHERE r.kind = 'spaxel' AND l.line = 'OIII5008' AND l.flux IS NOT NULL ORDER BY l.flux DESC LIMIT 10")" ""
check_eq "snr_Hbeta_smoothed equals the catalog" "$(compare_map snr_Hbeta_smoothed \
    "SELECT r.x, r.y, l.snr FROM region r JOIN line_fit l USING (target_id, fit_id, region_id)
     WHERE r.kind = 'smoothed' AND l.line = 'Hbeta' AND l.snr IS NOT NULL ORDER BY r.y, r.x LIMIT 10")" ""
check_eq "continuum equals the catalog" "$(compare_map continuum \
    "SELECT x, y, continuum FROM fit_map WHERE continuum IS NOT NULL ORDER BY continuum DESC LIMIT 10")" ""
check_eq "oh_smoothed equals the catalog" "$(compare_map oh_smoothed \
    "SELECT r.x, r.y, d.oh FROM region r JOIN derived_region d USING (target_id, fit_id, region_id)
     WHERE r.kind = 'smoothed' AND d.oh IS NOT NULL ORDER BY r.y, r.x LIMIT 10")" ""
check_eq "oh_hi (84th percentile - median) equals the catalog" "$(compare_map oh_hi \
    "SELECT r.x, r.y, d.oh_p84 - d.oh FROM region r JOIN derived_region d USING (target_id, fit_id, region_id)
     WHERE r.kind = 'spaxel' AND d.oh IS NOT NULL ORDER BY r.y, r.x LIMIT 10")" ""
check_eq "log_sigma_sfr equals the catalog" "$(compare_map log_sigma_sfr \
    "SELECT r.x, r.y, d.log_sigma_sfr FROM region r JOIN derived_region d USING (target_id, fit_id, region_id)
     WHERE r.kind = 'spaxel' AND d.log_sigma_sfr IS NOT NULL ORDER BY r.y, r.x LIMIT 10")" ""
nan=$(sql "SELECT r.x + 1 || ',' || r.y + 1 FROM region r JOIN line_fit l USING (target_id, fit_id, region_id)
           WHERE r.kind = 'spaxel' AND l.line = 'OIII5008' AND l.flux IS NULL LIMIT 1")
[ -n "$nan" ] && check_eq "a spaxel without a flux is NaN" "$("$FITSINFO" "$maps" flux_OIII5008 pix $nan | cut -d' ' -f1)" nan

# The WCS: pixel to sky through the exported image, the cube file's SCI extension (WCSLIB on both)
# and the spaxel table (positions computed at ingest) agree to 1e-9 deg at the corners and centre.
corners="1,1 $nx,1 1,$ny $nx,$ny $((nx / 2)),$((ny / 2))"
from_map=$("$FITSINFO" "$maps" continuum pix $corners | cut -d' ' -f2,3)
from_cube=$("$FITSINFO" "$WORK/cube.fits" SCI pix $corners | cut -d' ' -f2,3)
from_sql=$(for c in $corners; do
    sql "SELECT ra_deg || ' ' || dec_deg FROM spaxel WHERE x = ${c%,*} - 1 AND y = ${c#*,} - 1"; done)
close() { paste -d' ' <(echo "$1") <(echo "$2") |
    awk '{ if ((($1 - $3) ^ 2 + ($2 - $4) ^ 2) ^ 0.5 > 1e-9) { print "differ: " $0; exit } }'; }
check_eq "the map's WCS is the cube's" "$(close "$from_map" "$from_cube")" ""
check_eq "the map's WCS gives the catalog's spaxel positions" "$(close "$from_map" "$from_sql")" ""

spectra=$WORK/spectra.fits
check "export spectra" ifscat -q export spectra SMACS0723_4590 --regions aperture,annuli -o "$spectra"
nannuli=$(sql "SELECT count(*) FROM region WHERE kind = 'annulus'")
check_eq "tables: aperture, every annulus, lines" "$("$FITSINFO" "$spectra" | cut -f2 | tail -n +2 | tr '\n' ' ')" \
    "aperture $(for i in $(seq 1 "$nannuli"); do printf 'annulus%d ' "$i"; done)lines "
for region in aperture annulus2; do
    if [ $region = aperture ]; then where="r.kind = 'aperture'"; else where="r.kind = 'annulus' AND r.number = 2"; fi
    dump=$("$TABLEDUMP" "$spectra" $region)
    check_eq "$region: one row per channel" "$(grep '^rows' <<<"$dump" | cut -f2)" "$nwave"
    for k in 1 300 $nwave; do
        row=$(grep -v -e '^col' -e '^rows' <<<"$dump" | sed -n ${k}p)
        want=$(sql "SELECT o.wave_um[$k], s.flux[$k], s.err[$k], s.err[$k] * r.error_scale
                    FROM region r JOIN region_spectrum s USING (target_id, fit_id, region_id)
                    JOIN fit_run f ON f.fit_id = r.fit_id JOIN observation o ON o.observation_id = f.observation_id
                    WHERE $where" | tr '|' '\t')
        check_eq "$region channel $k: wave, flux, err, err_fit as the catalog" \
            "$(paste <(cut -f1-4 <<<"$row" | tr '\t' '\n') <(tr '\t' '\n' <<<"$want") |
               awk '{ d = $1 - $2; if (d < 0) d = -d; if (!(d <= 1e-6 * ($2 < 0 ? -$2 : $2) + 1e-30)) print }')" ""
    done
    check_close "$region: outer radius in kpc" "$("$FITSINFO" "$spectra" $region key R_OUTKPC)" \
        "$(sql "SELECT r_out_kpc FROM region r WHERE $where")" 1e-9
done
oiii=$("$TABLEDUMP" "$spectra" lines | awk -F'\t' '$1 == "aperture" && $2 == "OIII5008" { print $4 }')
check_close "lines: the aperture's [OIII] flux" "$oiii" \
    "$(sql "SELECT l.flux FROM line_fit l JOIN region r USING (target_id, fit_id, region_id)
            WHERE r.kind = 'aperture' AND l.line = 'OIII5008'")" 1e-6
check "only the aperture" ifscat -q export spectra SMACS0723_4590 --regions aperture -o "$WORK/aperture.fits"
check_eq "aperture and lines" "$("$FITSINFO" "$WORK/aperture.fits" | cut -f2 | tail -n +2 | tr '\n' ' ')" "aperture lines "

PY=/usr/bin/python3
if "$PY" -c 'import astropy' 2>/dev/null; then
    out=$("$PY" - "$maps" "$WORK/cube.fits" "$spectra" <<'PYEOF' 2>&1
import sys, warnings
warnings.simplefilter("error")
from astropy.io import fits
from astropy.table import Table
from astropy.wcs import WCS
import astropy.units as u
maps, cube, spectra = sys.argv[1:]
with fits.open(maps) as h, fits.open(cube) as c:
    h.verify("exception")
    w, wc = WCS(h["continuum"].header), WCS(c["SCI"].header, fobj=c).celestial
    ny, nx = h["continuum"].data.shape
    worst = max(w.pixel_to_world(x, y).separation(wc.pixel_to_world(x, y)).arcsec
                for x in (0, nx - 1) for y in (0, ny - 1))
    print("wcs_arcsec", worst)
    print("bunit", u.Unit(h["flux_OIII5008"].header["BUNIT"], format="fits").to_string())
t = Table.read(spectra, hdu="aperture")
print("flux_unit", t["flux"].unit.to_string())
print("rows", len(t))
PYEOF
)
    check_match "astropy: WCS as the cube's" "$out" "wcs_arcsec [0-9.e-]+"
    check_close "astropy: WCS as the cube's within 1e-6 arcsec" "$(sed -n 's/^wcs_arcsec //p' <<<"$out")" 0 1e-6
    check_eq "astropy: BUNIT parses" "$(sed -n 's/^bunit //p' <<<"$out")" "1e-20 erg / (cm2 s)"
    check_eq "astropy: TUNIT parses" "$(sed -n 's/^flux_unit //p' <<<"$out")" "1e-20 erg / (Angstrom cm2 s)"
else
    echo "astropy is not installed for $PY (Debian: python3-astropy): its read-back is not run"
fi

# A rotated sky: the same kind of cube with its SCI axes turned by 30 degrees (PC matrix, FITS WCS
# paper II eq. 1), ingested, fitted and exported: the maps carry the rotation and put every pixel
# where the cube file does.
FITSKEY=$TOOLS/fitskey
check "a cube to rotate" ifscat -q mock "$WORK/rot.fits" --like JADES_8013 --seed 12 --size 21x17 --center 10,8 --hbeta-snr 40
check "rotate its WCS by 30 degrees" "$FITSKEY" "$WORK/rot.fits" SCI PC1_1=0.8660254037844386 PC1_2=-0.5 \
    PC2_1=0.5 PC2_2=0.8660254037844386
check "ingest the rotated cube" ifscat -q ingest "$WORK/rot.fits" --target JADES_8013
check "fit it" ifscat -q fit JADES_8013 --regions spaxels,aperture
check "export its maps" ifscat -q export maps JADES_8013 -o "$WORK/rot_maps.fits"
check_match "the maps carry the rotation" "$("$FITSINFO" "$WORK/rot_maps.fits" continuum key PC1_2 PC2_1 | tr '\n' ' ')" \
    "^-0\.5[0 ]* 0\.5[0 ]*$"
corners="1,1 21,1 1,17 21,17 8,13"
check_eq "the rotated map's WCS is the cube's" "$(close "$("$FITSINFO" "$WORK/rot_maps.fits" continuum pix $corners | cut -d' ' -f2,3)" \
    "$("$FITSINFO" "$WORK/rot.fits" SCI pix $corners | cut -d' ' -f2,3)")" ""
check_eq "the rotated map's WCS gives the catalog's spaxel positions" \
    "$(close "$("$FITSINFO" "$WORK/rot_maps.fits" continuum pix $corners | cut -d' ' -f2,3)" "$(for c in $corners; do
        sql "SELECT s.ra_deg || ' ' || s.dec_deg FROM spaxel s JOIN target t USING (target_id)
             WHERE t.name = 'JADES_8013' AND s.x = ${c%,*} - 1 AND s.y = ${c#*,} - 1"; done)")" ""

check_fails "unknown target" 1 "unknown target 'NOPE'" ifscat export maps NOPE -o "$WORK/x.fits"
check_fails "a target without observation" 1 "'Abell_Z7885' has no current observation" \
    ifscat export spectra Abell_Z7885 -o "$WORK/x.fits"
check "a second cube, not fitted" ifscat -q mock "$WORK/rx.fits" --like RX2129_11022 --seed 4
check "ingest it" ifscat -q ingest "$WORK/rx.fits" --target RX2129_11022
check_fails "a target without fit" 1 "no line fit yet \(run 'ifscat fit RX2129_11022'\)" \
    ifscat export maps RX2129_11022 -o "$WORK/x.fits"
check_fails "missing directory" 1 "no-such-dir/x.fits" ifscat export maps SMACS0723_4590 -o "$WORK/no-such-dir/x.fits"
mkdir "$WORK/taken.fits"
check_fails "a directory in the way" 1 "taken.fits" ifscat export maps SMACS0723_4590 -o "$WORK/taken.fits"
check_fails "bad regions" 2 "--regions takes aperture, annuli and spectrum" \
    ifscat export spectra SMACS0723_4590 --regions aperture,rings -o "$WORK/x.fits"
check_fails "regions of maps" 2 "--regions is an option of 'export spectra'" \
    ifscat export maps SMACS0723_4590 --regions aperture -o "$WORK/x.fits"
check_fails "no output" 2 "needs -o OUT.fits" ifscat export maps SMACS0723_4590
check_fails "unknown action" 2 "unknown export action 'cube'" ifscat export cube SMACS0723_4590 -o "$WORK/x.fits"
check_eq "no file from a failure" "$(find "$WORK" -name 'x.fits' -o -name '*.tmp*' | wc -l)" 0
finish
