# test_export_astropy.sh: the FITS and VOTable tables of a listing command read back with astropy
# (Debian python3-astropy), warnings as errors, and the values compared with closed forms and the
# study's published scale.  Skips when astropy is absent.
. tests/lib.sh
PY=/usr/bin/python3
"$PY" -c 'import astropy' 2>/dev/null || skip "$PY with astropy is not installed (Debian: python3-astropy)"

ifscat cosmology 0 --H0 70 --Om 1 --format fits -o "$WORK/eds.fits"
ifscat cosmology 8.15 --mu 3.29 --format fits -o "$WORK/scale.fits"
ifscat cosmology 8.15 --mu 3.29 --format votable -o "$WORK/scale.vot"
# Prints "name value" lines.  Every VOTable check warns and every warning is an error, except W03,
# which only says that astropy made an ID from the TABLE name, and the unit warnings (W50 and
# UnitsWarning): a command's unit strings (km/s/Mpc) need not follow FITS' or VOUnit's taste.
out=$("$PY" - "$WORK" <<'PYEOF' 2>&1
import sys, warnings
warnings.simplefilter("error")
from astropy.io.votable.exceptions import W03, W50
from astropy.units import UnitsWarning
warnings.simplefilter("ignore", W03)
warnings.simplefilter("ignore", W50)
warnings.simplefilter("ignore", UnitsWarning)
from astropy.io import fits, votable
from astropy.table import Table
work = sys.argv[1]
eds = Table.read(work + "/eds.fits", hdu="cosmology")
print("eds_age", repr(float(eds["age_gyr"][0])))
print("age_unit", eds["age_gyr"].unit)
with fits.open(work + "/scale.fits") as h:
    h.verify("exception")
    print("fits_kpc", repr(float(h["cosmology"].data["kpc_per_arcsec"][0])))
    print("fits_desc", h["cosmology"].header["TCOMM5"])
vt = votable.parse(work + "/scale.vot", verify="warn").get_first_table()
t = vt.to_table()
print("vot_kpc", repr(float(t["kpc_per_arcsec"][0])))
print("vot_unit", t["kpc_per_arcsec"].unit)
print("vot_desc", vt.get_field_by_id_or_name("kpc_per_arcsec").description)
PYEOF
)
check_eq "astropy read every file" "$?" 0
val() { sed -n "s/^$1 //p" <<<"$out"; }
# Einstein-de Sitter: t0 = (2/3) / H0, with 1/H0 = 977.7922216807891 / H0[km/s/Mpc] Gyr.
check_close "EdS age today from FITS" "$(val eds_age)" "$(awk 'BEGIN { printf "%.12f", 2 / 3 * 977.7922216807891 / 70 }')" 1e-6
check_eq "FITS unit" "$(val age_unit)" "Gyr"
check_close "published scale from FITS" "$(val fits_kpc)" 2.680 0.0005
check_eq "FITS description" "$(val fits_desc)" "physical scale, divided by sqrt(mu)"
check_close "published scale from VOTable" "$(val vot_kpc)" 2.680 0.0005
check_eq "VOTable unit" "$(val vot_unit)" "kpc / arcsec"
check_eq "VOTable description" "$(val vot_desc)" "physical scale, divided by sqrt(mu)"
[ "$FAILURES" -eq 0 ] || echo "$out" | tail -n 20
finish
