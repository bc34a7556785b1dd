# test_export_formats.sh: --format fits and --format votable through the CLI, for a command without
# a database (cosmology) and one with (summary): complete FITS files (2880-byte blocks, a BINTABLE
# with names, units and descriptions), VOTable cells with the published scale, the same bytes on
# stdout as in a file, and bad formats or paths failing without leaving a file.
. tests/lib.sh

# Published lensing-corrected scale (science.md section 1): z = 8.15, mu = 3.29 -> 2.680 kpc/arcsec.
fits=$WORK/cosmology.fits
check "FITS to a file" ifscat cosmology 8.15 --mu 3.29 --format fits -o "$fits"
check_eq "FITS is whole 2880-byte blocks" "$(($(stat -c %s "$fits") % 2880))" 0
header=$(head -c 8640 "$fits" | fold -w 80)
check_match "primary HDU" "$header" "^SIMPLE  =                    T"
check_match "BINTABLE" "$header" "^XTENSION= 'BINTABLE'"
check_match "named after the table" "$header" "^EXTNAME = 'cosmology'"
check_match "one row" "$header" "^NAXIS2  =                    1 "
check_match "column name" "$header" "^TTYPE5  = 'kpc_per_arcsec'"
check_match "column unit" "$header" "^TUNIT5  = 'kpc/arcsec'"
check_match "column description" "$header" "^TCOMM6  = 'age of the universe at z'"
ifscat cosmology 8.15 --mu 3.29 --format fits > "$WORK/stdout.fits"
check "FITS on stdout is the file's bytes" cmp "$fits" "$WORK/stdout.fits"

vot=$WORK/cosmology.vot
check "VOTable to a file" ifscat cosmology 8.15 --mu 3.29 --format votable -o "$vot"
doc=$(cat "$vot")
check_match "VOTable 1.4" "$doc" '<VOTABLE version="1.4"'
check_match "FIELD with unit" "$doc" '<FIELD name="kpc_per_arcsec" datatype="double" unit="kpc/arcsec">'
check_match "DESCRIPTION" "$doc" '<DESCRIPTION>physical scale, divided by sqrt\(mu\)</DESCRIPTION>'
cells=$(grep -o '<TR>.*</TR>' "$vot" | sed 's#</TD><TD>#\n#g; s#</\?TR>##g; s#</\?TD>##g')
check_eq "nine cells" "$(wc -l <<<"$cells")" 9
check_close "kpc/arcsec cell" "$(sed -n 5p <<<"$cells")" 2.680 0.0005

# A listing from the catalog: an empty summary is still a valid, empty table.
new_catalog
check "summary as FITS" ifscat summary --format fits -o "$WORK/summary.fits"
check_match "empty summary has no rows" "$(head -c 8640 "$WORK/summary.fits" | fold -w 80)" "^NAXIS2  =                    0 "
check "summary as VOTable" ifscat summary --format votable -o "$WORK/summary.vot"
check_match "empty TABLEDATA" "$(cat "$WORK/summary.vot")" "<TABLEDATA>"

check_fails "unknown format names the choices" 2 "votable" ifscat cosmology 8 --format xml
check_fails "missing directory" 1 "no-such-dir/c.fits: cannot write" \
    ifscat cosmology 8 --format fits -o "$WORK/no-such-dir/c.fits"
mkdir "$WORK/taken.fits"
check_fails "a directory in the way" 1 "taken.fits: cannot write" ifscat cosmology 8 --format fits -o "$WORK/taken.fits"
check_eq "no temporary file left" "$(find "$WORK" -name '*.tmp*' | wc -l)" 0
finish
