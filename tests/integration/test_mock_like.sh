# test_mock_like.sh: `ifscat mock --like NAME` takes a catalog galaxy as published: z, mu, position,
# metallicity, gradient, H-beta from the SFR, satellites at their separations; the satellites'
# positions round-trip through target import and q3c.
. tests/lib.sh
new_catalog
check "targets" ifscat target import data/demo/targets.csv
check "properties" ifscat property import data/demo/properties.csv

check "mock like SMACS0723_4590" ifscat -q mock "$WORK/s.fits" --like SMACS0723_4590 --seed 5 --nwave 300
truth=$(cat "$WORK/s.truth.json")
param() { grep -o "\"$1\":[-0-9.eE+]*" <<<"$truth" | head -n1 | cut -d: -f2; }
check_close "z from the catalog" "$(param z)" 8.45 1e-12
check_close "mu from the catalog" "$(param mu)" 3.74 1e-12
check_close "oh from the published property" "$(param oh0)" 7.43 1e-12
check_close "gradient from the published property" "$(param gradient_dex_per_kpc)" 0.06 1e-12
# H-beta from log SFR = 0.90 by hand (science.md section 5): L(Ha) = 10^(0.90 + 41.27 + 0.027),
# L(Hb) = L(Ha) / 2.86, observed flux = L(Hb) mu / (4 pi D_L^2), D_L from `ifscat cosmology`.
dl=$(ifscat cosmology 8.45 --format csv | awk -F, '!/^#/ && $1 != "z" { print $3 }')
want=$(awk -v dl="$dl" 'BEGIN { pi = atan2(0, -1); cm = dl * 3.0856775814913673e24
    printf "%.6f", 10^(0.90 + 41.27 + 0.027) / 2.86 * 3.74 / (4 * pi * cm * cm) / 1e-20 }')
check_close "H-beta from the published SFR" "$(param hbeta)" "$want" "$(awk -v w="$want" 'BEGIN { print w * 1e-6 }')"

check "satellites file" test -f "$WORK/s.satellites.csv"
check "satellite positions imported" ifscat target import "$WORK/s.satellites.csv"
# Separation on the sky (q3c) times the lensing-corrected scale = the published host_sep_kpc.
for row in "SMACS0723_4590-S1 5.82" "SMACS0723_4590-S2 2.14"; do
    set -- $row
    got=$(sql "select q3c_dist(h.ra_deg, h.dec_deg, s.ra_deg, s.dec_deg) * 3600 * h.scale_kpc_arcsec
               from target s join target h on h.target_id = s.host_id where s.name = '$1'")
    check_close "separation of $1 (kpc)" "$got" "$2" 0.001
done

check_fails "like a satellite" 1 "is a satellite: make the mock of its host" \
    ifscat mock "$WORK/x.fits" --like SMACS0723_4590-S1
check_fails "like an unknown target" 1 "no target named 'NOPE'" ifscat mock "$WORK/x.fits" --like NOPE
check "explicit options override the catalog" ifscat -q mock "$WORK/o.fits" --like JADES_8013 --oh 7.5 --nwave 200
check_close "overridden oh" "$(grep -o '"oh0":[-0-9.eE+]*' "$WORK/o.truth.json" | head -n1 | cut -d: -f2)" 7.5 1e-12
printf 'name,z\nLONELY,7\n' > "$WORK/t.csv"
check "a galaxy without properties" ifscat target import "$WORK/t.csv"
check_fails "like a galaxy without metallicity" 1 "'LONELY': it has no position" ifscat mock "$WORK/x.fits" --like LONELY
finish
