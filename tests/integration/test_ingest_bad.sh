# test_ingest_bad.sh: every kind of bad input of issue 3, each made from a good mock cube by a
# byte-level edit (FITS headers are 80-character text cards), must fail with exit 1 and a message
# naming the file, HDU and keyword, and leave the catalog exactly as it was.
source tests/lib.sh
new_catalog
sql "INSERT INTO ifscat.target (name, z, mu, dl_mpc, da_mpc, scale_kpc_arcsec, age_gyr)
     VALUES ('T1', 8.0, 1, 80000, 1000, 4.9, 0.65)"

good=$WORK/good.fits
check "mock" ifscat -q mock "$good" --seed 5
check "a first observation, so the catalog has rows to protect" ifscat -q ingest "$good" --target T1
check "and a second cube to be re-ingested below" ifscat -q mock "$WORK/base.fits" --seed 6

# fits_card FILE EXTNAME KEY NEWCARD: replaces card KEY in the header of HDU EXTNAME by NEWCARD
# (padded to 80 characters); the file keeps its size.
fits_card() {
    perl -e '
        my ($file, $ext, $key, $card) = @ARGV;
        open(my $fh, "+<:raw", $file) or die "$file: $!";
        local $/; my $d = <$fh>;
        $d =~ /EXTNAME = \x27\Q$ext\E *\x27/ or die "no HDU $ext";
        my $at = $-[0];
        my $start = rindex($d, "XTENSION=", $at);
        my $end = index($d, "END" . (" " x 77), $at);
        for (my $p = $start; $p < $end; $p += 80) {
            next unless substr($d, $p, 8) eq sprintf("%-8s", $key);
            substr($d, $p, 80) = sprintf("%-80.80s", $card);
            seek($fh, 0, 0); print $fh $d; close($fh); exit 0;
        }
        die "no card $key in $ext";' "$@"
}
value() { printf '%-8s= %20s' "$1" "$2"; }

# bad_case NAME PATTERN FILE [ARGS...]: ingest must fail (exit 1, message PATTERN) and change nothing.
bad_case() {
    local name=$1 pattern=$2 before; shift 2
    before=$(db_digest)
    check_fails "$name" 1 "$pattern" ifscat ingest "$@"
    check_eq "$name: catalog unchanged" "$(db_digest)" "$before"
}
variant() { cp "$WORK/base.fits" "$WORK/$1.fits"; echo "$WORK/$1.fits"; }

f=$WORK/notfits.fits
printf 'this is a text file, not FITS\n' > "$f"
bad_case "not a FITS file" "notfits.fits: not a FITS file" "$f" --target T1

f=$WORK/truncated.fits
head -c 20000000 "$WORK/base.fits" > "$f"
bad_case "truncated file" "truncated.fits: .*truncated" "$f" --target T1

f=$(variant nosci)
fits_card "$f" SCI EXTNAME "EXTNAME = 'XCI     '"
bad_case "missing SCI" "nosci.fits: no data extension: none named SCI or DATA" "$f" --target T1

f=$(variant noerr)
fits_card "$f" ERR EXTNAME "EXTNAME = 'XRR     '"
bad_case "missing ERR" "noerr.fits: HDU 2 'SCI': no error extension: none named ERR, NOISE or STAT" "$f" --target T1

# DQ reshaped to 3249 x 1 x 941: same data size, different shape.
f=$(variant shapes)
fits_card "$f" DQ NAXIS1 "$(value NAXIS1 3249)"
fits_card "$f" DQ NAXIS2 "$(value NAXIS2 1)"
bad_case "DQ shape differs" "shapes.fits: HDU 4 'DQ': keyword NAXIS: shape 3249x1x941 differs from HDU 2 'SCI' \(57x57x941\)" "$f" --target T1

f=$(variant errshape)
fits_card "$f" ERR NAXIS1 "$(value NAXIS1 3249)"
fits_card "$f" ERR NAXIS2 "$(value NAXIS2 1)"
bad_case "ERR shape differs" "errshape.fits: HDU 3 'ERR': keyword NAXIS1: shape 3249x1x941 differs from HDU 2 'SCI'" "$f" --target T1

# NAXIS2 and NAXIS3 swapped in all three cubes: the data keep their size, NAXIS3 becomes 57
# while the wavelength table holds 941 values.
f=$(variant tablelength)
for h in SCI ERR DQ; do
    fits_card "$f" $h NAXIS2 "$(value NAXIS2 941)"
    fits_card "$f" $h NAXIS3 "$(value NAXIS3 57)"
done
bad_case "wavelength table length" "tablelength.fits: HDU 5 'WCS-TABLE': keyword PS3_1: column 'wavelength' holds 1 x 941 wavelengths, but NAXIS3 = 57" "$f" --target T1

# Wavelengths 101 and 102 of the table (big-endian doubles in the last 3 blocks) swapped.
f=$(variant nonmonotonic)
perl -e 'my $f = shift; open(my $fh, "+<:raw", $f) or die; my $size = -s $f;
         my $data = $size - 3 * 2880; seek($fh, $data + 100 * 8, 0); read($fh, my $ab, 16);
         seek($fh, $data + 100 * 8, 0); print $fh substr($ab, 8, 8) . substr($ab, 0, 8);' "$f"
bad_case "non-monotonic wavelengths" "nonmonotonic.fits: HDU 2 'SCI': keyword CTYPE3: wavelengths are not strictly increasing: value 102" "$f" --target T1

f=$(variant badunit)
fits_card "$f" SCI BUNIT "BUNIT   = 'counts  '"
bad_case "unknown BUNIT" "badunit.fits: HDU 2 'SCI': keyword BUNIT: unit 'counts': unknown symbol" "$f" --target T1

f=$(variant nounit)
fits_card "$f" SCI BUNIT "XBUNIT  = 'MJy/sr  '"
bad_case "missing BUNIT" "nounit.fits: HDU 2 'SCI': keyword BUNIT: missing" "$f" --target T1

f=$WORK/allnan.fits
check "mock with every voxel flagged" ifscat -q mock "$f" --bad-fraction 1 --seed 7
bad_case "entirely NaN cube" "allnan.fits: HDU 2 'SCI': every value is NaN" "$f" --target T1

bad_case "unknown target" "base.fits: unknown target 'NOPE'" "$WORK/base.fits" --target NOPE

bad_case "file that does not exist" "missing.fits: cannot open: No such file or directory" "$WORK/missing.fits" --target T1

# Not readable: root reads anything, so as root the command runs as 'nobody'.
f=$(variant private)
chmod 600 "$f"
if [ "$(id -u)" = 0 ]; then
    chmod 755 "$WORK"
    before=$(db_digest)
    check_fails "unreadable file" 1 "private.fits: cannot open: Permission denied" \
        runuser -u nobody -- env IFSCAT_DB="$IFSCAT_DB" "$IFSCAT_BIN" ingest "$f" --target T1
    check_eq "unreadable file: catalog unchanged" "$(db_digest)" "$before"
else
    chmod 000 "$f"
    bad_case "unreadable file" "private.fits: cannot open: Permission denied" "$f" --target T1
fi

check_eq "still one observation" "$(sql "SELECT count(*) FROM ifscat.observation")" 1
finish
