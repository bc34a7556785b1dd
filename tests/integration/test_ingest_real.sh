# test_ingest_real.sh: the real third-party files of ../shared (MUSE, KMOS, GMOS cubes; CEERS x1d
# and msaexp PRISM spectra) ingest, with values checked against the raw FITS bytes read here by
# perl (an independent reader) and converted with the formulas of science.md section 2 in awk,
# spaxel positions against the gnomonic projection computed in awk, and header facts.
source tests/lib.sh
REAL=$(shared_dir)/data/real
[ -d "$REAL" ] || skip "no ../shared/data/real (IFSCAT_SHARED=$IFSCAT_SHARED)"
new_catalog
sql "INSERT INTO ifscat.target (name, z, mu, dl_mpc, da_mpc, scale_kpc_arcsec, age_gyr) VALUES
     ('UDF', 3.0, 1, 25000, 1550, 7.7, 2.2), ('ECDFS', 0.98, 1, 6500, 1650, 8.0, 5.9),
     ('NGC3081', 0.008, 1, 34, 33, 0.16, 13.7), ('CEERS1027', 7.82, 1, 78000, 1000, 5.0, 0.66),
     ('CEERS933', 4.24, 1, 38000, 1400, 6.8, 1.4)"

# value FILE REGEX OFFSET FORMAT: the value at byte OFFSET of the data of the HDU whose header
# matches REGEX (data start: the 2880-byte block after its END card); FORMAT is a perl unpack code.
value() {
    perl -e 'my ($f, $re, $off, $fmt) = @ARGV; open(my $fh, "<:raw", $f) or die; local $/; my $d = <$fh>;
             $d =~ /$re/g or die "no header matching $re"; my $end = index($d, "END" . (" " x 77), pos($d));
             my $start = (int(($end + 80 - 1) / 2880) + 1) * 2880; $start = $end + 80 if ($end + 80) % 2880 == 0;
             printf "%.17g\n", unpack($fmt, substr($d, $start + $off, length(pack($fmt, 0))));' "$@"
}
tid() { echo "(SELECT target_id FROM ifscat.target WHERE name = '$1')"; }
obs() { sql "SELECT $1 FROM ifscat.observation WHERE target_id = $(tid "$2")"; }
spx() { sql "SELECT $1 FROM ifscat.spaxel WHERE target_id = $(tid "$2") AND x = $3 AND y = $4"; }
# gnomonic (TAN) inverse with the reference point at the pole (Calabretta & Greisen 2002):
# radec CRVAL1 CRVAL2 XI_DEG ETA_DEG -> "ra dec"
radec() {
    awk -v a0="$1" -v d0="$2" -v xi="$3" -v eta="$4" 'BEGIN { r = atan2(0, -1) / 180; xi *= r; eta *= r; d0 *= r
        den = cos(d0) - eta * sin(d0); a = a0 + atan2(xi, den) / r; if (a < 0) a += 360
        printf "%.10f %.10f\n", a, atan2(sin(d0) + eta * cos(d0), sqrt(xi * xi + den * den)) / r }'
}

# --- MUSE: DATA/STAT (variance), rotated CD matrix, AWAV Angstrom, BUNIT 10**-20 ... --------
muse=$REAL/muse-udf-mpdaf/subcub_mosaic.fits
check "MUSE ingests" ifscat -q ingest "$muse" --target UDF
check_eq "MUSE shape and setup" "$(obs "concat_ws('|', nx, ny, nwave, instrument, format, kind)" UDF)" "30|30|500|MUSE|ifu-cube|cube"
check_close "MUSE exposure (EXPTIME)" "$(obs exptime_s UDF)" 36000 1e-9
check_close "MUSE spaxel size (0.2\")" "$(obs pixscale_arcsec UDF)" 0.2 1e-4
# Air 4750 A in vacuum: refractivity of standard air at 475 nm is 2.80e-4 (Ciddor 1996), so
# 4751.33 A; the same at the last channel (5373.75 A air, refractivity 2.78e-4).
check_close "MUSE first wavelength in vacuum" "$(obs "wave_um[1]" UDF)" 0.475133 0.00001
check_close "MUSE last wavelength in vacuum" "$(obs "wave_um[500]" UDF)" 0.537524 0.00001
# DATA is already in 1e-20 erg/s/cm2/A: stored values equal the file's; STAT is a variance.
raw=$(value "$muse" "EXTNAME = 'DATA" $(( (7 * 30 * 30 + 5 * 30 + 3) * 4 )) "f>")
check_close "MUSE flux of spaxel (3,5) channel 8 = DATA" "$(spx "flux[8]" UDF 3 5)" "$raw" "$(awk -v v="$raw" 'BEGIN { printf "%.17g\n", (v < 0 ? -v : v) * 1e-6 }')"
var=$(value "$muse" "EXTNAME = 'STAT" $(( (7 * 30 * 30 + 5 * 30 + 3) * 4 )) "f>")
check_close "MUSE error of spaxel (3,5) channel 8 = sqrt(STAT)" "$(spx "err[8]" UDF 3 5)" "$(awk -v v="$var" 'BEGIN { printf "%.17g\n", sqrt(v) }')" \
    "$(awk -v v="$var" 'BEGIN { printf "%.17g\n", sqrt(v) * 1e-6 }')"
# Spaxel (0,0) = FITS pixel (1,1): xi, eta = CD (p - CRPIX) in degrees.
read -r ra dec <<<"$(radec 53.1631122222 -27.8244911111 \
    "$(awk 'BEGIN { printf "%.17g\n", -4.12858236376e-05 * 42 + 3.71739225755e-05 * 337 }')" \
    "$(awk 'BEGIN { printf "%.17g\n", 3.71739225755e-05 * 42 + 4.12858236376e-05 * 337 }')")"
check_close "MUSE RA of spaxel (0,0)" "$(spx ra_deg UDF 0 0)" "$ra" 1e-8
check_close "MUSE Dec of spaxel (0,0)" "$(spx dec_deg UDF 0 0)" "$dec" 1e-8

# --- KMOS: IFU_22...DATA / .NOISE, no BUNIT -------------------------------------------------
kmos=$REAL/kmos-qubespec/ecdfsf3_ifu22.fits
before=$(db_digest)
check_fails "KMOS without a unit" 1 "ecdfsf3_ifu22.fits: HDU 2 'IFU_22_22_22_2_etc.DATA': keyword BUNIT: missing.*--bunit" \
    ifscat ingest "$kmos" --target ECDFS
check_eq "KMOS without a unit: catalog unchanged" "$(db_digest)" "$before"
# The file carries no unit; the test states one to exercise --bunit (erg/s/cm2/um -> x 1e16).
check "KMOS with --bunit" ifscat -q ingest "$kmos" --target ECDFS --bunit 'erg/s/cm2/um'
check_eq "KMOS shape and setup" "$(obs "concat_ws('|', nx, ny, nwave, instrument, grating, program)" ECDFS)" "15|14|2048|KMOS|YJ|092.B-0538(B)"
check_close "KMOS first wavelength (CRVAL3 1 um, vacuum)" "$(obs "wave_um[1]" ECDFS)" 1.0 1e-12
check_close "KMOS step (CDELT3)" "$(obs "wave_um[2] - wave_um[1]" ECDFS)" 0.000175292952917516 1e-12
raw=$(value "$kmos" "EXTNAME = 'IFU_22_22_22_2_etc.DATA" $(( (1000 * 15 * 14 + 7 * 15 + 6) * 4 )) "f>")
check_close "KMOS flux of spaxel (6,7) channel 1001 = DATA x 1e16" "$(spx "flux[1001]" ECDFS 6 7)" \
    "$(awk -v v="$raw" 'BEGIN { printf "%.17g\n", v * 1e16 }')" "$(awk -v v="$raw" 'BEGIN { printf "%.17g\n", (v < 0 ? -v : v) * 1e10 }')"
noise=$(value "$kmos" "EXTNAME = 'IFU_22_22_22_2_etc.NOISE" $(( (1000 * 15 * 14 + 7 * 15 + 6) * 4 )) "f>")
check_close "KMOS error = NOISE x 1e16" "$(spx "err[1001]" ECDFS 6 7)" "$(awk -v v="$noise" 'BEGIN { printf "%.17g\n", v * 1e16 }')" \
    "$(awk -v v="$noise" 'BEGIN { printf "%.17g\n", v * 1e10 }')"
check_close "KMOS spaxel size (0.2\")" "$(obs pixscale_arcsec ECDFS)" 0.2 1e-6

# --- GMOS: SCI/ERR/MASK (2D), CTYPE3 LAMBDA, LINEAR spatial axes, per-arcsec2 unit --------------
gmos=$REAL/gmos-ngc3081-ifscube/ngc3081_cube.fits
before=$(db_digest)
check_fails "GMOS without --medium" 1 "ngc3081_cube.fits: HDU 2 'SCI': keyword CTYPE3: 'LAMBDA' does not say whether" \
    ifscat ingest "$gmos" --target NGC3081
check_fails "GMOS without a spaxel size" 1 "ngc3081_cube.fits: HDU 2 'SCI': keyword PIXAR_SR: missing: BUNIT 'erg/cm2/s/A/arcsec2' is per solid angle" \
    ifscat ingest "$gmos" --target NGC3081 --medium air
check_eq "GMOS refused: catalog unchanged" "$(db_digest)" "$before"
check "GMOS with --medium air --pixscale 0.1" ifscat -q ingest "$gmos" --target NGC3081 --medium air --pixscale 0.1
check_eq "GMOS: no sky coordinates" "$(sql "SELECT count(*) FROM ifscat.spaxel WHERE target_id = $(tid NGC3081) AND ra_deg IS NULL")" 48
raw=$(value "$gmos" "EXTNAME = 'SCI" $(( (900 * 6 * 8 + 4 * 6 + 2) * 4 )) "f>")
check_close "GMOS flux = SCI x (0.1 arcsec)^2 x 1e20" "$(spx "flux[901]" NGC3081 2 4)" \
    "$(awk -v v="$raw" 'BEGIN { printf "%.17g\n", v * 0.01 * 1e20 }')" "$(awk -v v="$raw" 'BEGIN { printf "%.17g\n", (v < 0 ? -v : v) * 1e12 }')"
# Spaxels flagged in the 2D MASK (int64) are masked in every channel.
flagged=0
for i in $(seq 0 47); do
    v=$(value "$gmos" "EXTNAME = 'MASK" $((i * 8)) "q>")
    if [ "$v" != 0 ]; then
        flagged=$((flagged + 1))
        check_eq "GMOS MASK spaxel $i masked in all 1800 channels" \
            "$(spx "bit_count(mask)" NGC3081 $((i % 6)) $((i / 6)))" 1800
    fi
done
CHECKS=$((CHECKS + 1)); [ $flagged -ge 1 ] || fail "GMOS: the MASK extension flags no spaxel; the check above did not run"

# --- CEERS x1d (EXTRACT1D without EXTNAME; Jy) ----------------------------------------------------
x1d=$REAL/jwst-ceers1027-g395m-lime/hlsp_ceers_jwst_nirspec_nirspec10-001027_comb-mgrat_v0.7_x1d-masked.fits
check "CEERS x1d ingests" ifscat -q ingest "$x1d" --target CEERS1027
check_eq "x1d setup" "$(obs "concat_ws('|', kind, format, nx, ny, nwave, instrument, grating, filter, program)" CEERS1027)" \
    "spectrum|jwst-x1d|1|1|3402|NIRSPEC|G395M|F290LP|01345"
row=1500
w=$(value "$x1d" "TTYPE1  = 'WAVELENGTH" $((row * 144)) "d>")
f=$(value "$x1d" "TTYPE1  = 'WAVELENGTH" $((row * 144 + 8)) "d>")
check_close "x1d wavelength of row $row" "$(obs "wave_um[$((row + 1))]" CEERS1027)" "$w" 1e-12
# f_lambda = F_nu[Jy] 1e-23 c / lambda^2 (c in Angstrom/s, lambda in Angstrom), in 1e-20 units.
want=$(awk -v f="$f" -v w="$w" 'BEGIN { printf "%.17g\n", f * 1e-23 * 2.99792458e18 / (w * 1e4)^2 * 1e20 }')
check_close "x1d flux of row $row (Jy -> f_lambda)" "$(spx "flux[$((row + 1))]" CEERS1027 0 0)" "$want" \
    "$(awk -v v="$want" 'BEGIN { printf "%.17g\n", (v < 0 ? -v : v) * 1e-6 }')"

# --- msaexp SPEC1D (uJy, non-uniform PRISM wavelengths) ------------------------------------------
msa=$REAL/jwst-msaexp-prism/static-test-driz-center-bkg_933.spec.fits
check "msaexp spectrum ingests" ifscat -q ingest "$msa" --target CEERS933
check_eq "msaexp setup" "$(obs "concat_ws('|', kind, format, nwave, instrument, grating, filter)" CEERS933)" \
    "spectrum|msaexp-spec1d|414|NIRSPEC|PRISM|CLEAR"
check_close "msaexp source RA (SRCRA)" "$(obs ra_deg CEERS933)" 214.8337227 1e-9
row=200
w=$(value "$msa" "EXTNAME = 'SPEC1D" $((row * 40)) "d>")
f=$(value "$msa" "EXTNAME = 'SPEC1D" $((row * 40 + 8)) "d>")
e=$(value "$msa" "EXTNAME = 'SPEC1D" $((row * 40 + 16)) "d>")
check_close "msaexp wavelength of row $row" "$(obs "wave_um[$((row + 1))]" CEERS933)" "$w" 1e-12
want=$(awk -v f="$f" -v w="$w" 'BEGIN { printf "%.17g\n", f * 1e-29 * 2.99792458e18 / (w * 1e4)^2 * 1e20 }')
check_close "msaexp flux of row $row (uJy -> f_lambda)" "$(spx "flux[$((row + 1))]" CEERS933 0 0)" "$want" \
    "$(awk -v v="$want" 'BEGIN { printf "%.17g\n", (v < 0 ? -v : v) * 1e-6 }')"
want=$(awk -v f="$e" -v w="$w" 'BEGIN { printf "%.17g\n", f * 1e-29 * 2.99792458e18 / (w * 1e4)^2 * 1e20 }')
check_close "msaexp error of row $row" "$(spx "err[$((row + 1))]" CEERS933 0 0)" "$want" \
    "$(awk -v v="$want" 'BEGIN { printf "%.17g\n", v * 1e-6 }')"

check_eq "five observations, all current" "$(sql "SELECT count(*) FROM ifscat.current_observation")" 5
finish
