# test_literature.sh: literature import from CSV, JSON and VOTable through mappings (default and
# explicit), replacement of a source in one transaction, cross-match by name and by position
# (view target_literature), list/show/delete, and bad inputs that leave the catalog unchanged.
. tests/lib.sh
new_catalog
check "demo targets" ifscat target import data/demo/targets.csv
check "demo properties" ifscat property import data/demo/properties.csv

# The study's own published sample as a literature source: the catalog summary (CSV) read through
# the default mapping, whose columns are named like ifscat's quantities.
check "summary as CSV" ifscat summary --format csv -o "$WORK/study.csv"
out=$(ifscat literature import "$WORK/study.csv" --source study --reference "GO 2957 IFU study, Table 2" 2>&1)
check_match "study imported" "$out" "imported source 'study': 10 points"
check_match "unread columns are listed" "$out" "columns not read: kind, host, mu, scale_kpc_arcsec, dfmr"
check_eq "every point matches its target by name" \
    "$(sql "select count(*) from target_literature where source = 'study' and matched_by = 'name' and target = lit_name")" 10
check_eq "published values kept with asymmetric errors" \
    "$(sql "select oh || ' ' || oh_lo || ' ' || oh_hi from target_literature where source = 'study' and target = 'SMACS0723_4590'")" \
    "7.43 0.06 0.07"
check_eq "the source reference fills in" \
    "$(sql "select reference from target_literature where source = 'study' and target = 'JADES_8013'")" \
    "GO 2957 IFU study, Table 2"

# The same sample as a FITS binary table and as a VOTable (written by ifscat's own table writer).
for fmt in fits votable; do
    check "summary as $fmt" ifscat summary --format $fmt -o "$WORK/study.$fmt"
    check "$fmt import" ifscat literature import "$WORK/study.$fmt" --source "study-$fmt"
    check_eq "$fmt: the same points as from CSV" \
        "$(sql "select string_agg(p.name || ':' || p.z || ':' || coalesce(p.oh::text, '-') || ':' || coalesce(p.gradient_hi::text, '-'), ' ' order by p.name) from literature_point p join literature_source s using (source_id) where s.name = 'study-$fmt'")" \
        "$(sql "select string_agg(p.name || ':' || p.z || ':' || coalesce(p.oh::text, '-') || ':' || coalesce(p.gradient_hi::text, '-'), ' ' order by p.name) from literature_point p join literature_source s using (source_id) where s.name = 'study'")"
    check_match "$fmt: rows named the $fmt way (FITS: table row; VOTable: line of the TR)" \
        "$(sql "select string_agg(row_ref, ',' order by point_id) from literature_point p join literature_source s using (source_id) where s.name = 'study-$fmt'")" \
        "$( [ $fmt = fits ] && echo '^row 1,row 2,.*,row 10$' || echo '^line [0-9]+,line [0-9]+,')"
    check "delete $fmt source" ifscat literature delete "study-$fmt"
done

# A compilation with positions only (other names), an upper limit, linear SFRs and errors in dex:
# A sits 0.5" from JADES_8013 (53.1645, -27.8022), B 5" away, C has no position.
cat > "$WORK/pos.csv" <<'CSV'
# positions in degrees; SFR linear
id,ra,dec,zspec,mass,sfr,sfr_lo,sfr_hi,oh,oh_err,oh_ul,paper
A,53.1645,-27.80206111,8.47,7.9,4.0,1.0,2.0,7.7,0.1,false,Doe+2024
B,53.1645,-27.80081111,8.49,8.1,10.0,2.0,2.0,7.9,0.2,true,Roe+2023
C,,,6.1,9.0,,,,8.1,0.1,0,Poe+2022
CSV
cat > "$WORK/pos.json" <<'JSON'
{"description": "test compilation",
 "columns": {"name": "id", "reference": "paper", "ra": "ra", "dec": "dec", "z": "zspec",
             "logm": "mass",
             "logsfr": {"column": "sfr", "unit": "Msun/yr", "err_lo": "sfr_lo", "err_hi": "sfr_hi"},
             "oh": {"column": "oh", "err": "oh_err", "upper_limit": "oh_ul"}}}
JSON
check "positions imported" ifscat literature import "$WORK/pos.csv" --source pos --map "$WORK/pos.json"
check_eq "A matches JADES_8013 by position, B (5\") does not" \
    "$(sql "select string_agg(lit_name || ':' || target || ':' || matched_by || ':' || round(sep_arcsec::numeric, 2), ' ') from target_literature where source = 'pos'")" \
    "A:JADES_8013:position:0.50"
# SFR 4 (-1, +2) Msun/yr: log 4, errors log(4/3) and log(6/4) dex.
check_close "linear SFR stored as log" "$(sql "select logsfr from literature_point where name = 'A'")" 0.6020600 1e-6
check_close "lower SFR error in dex" "$(sql "select logsfr_lo from literature_point where name = 'A'")" 0.1249387 1e-6
check_close "upper SFR error in dex" "$(sql "select logsfr_hi from literature_point where name = 'A'")" 0.1760913 1e-6
check_eq "limits per point" "$(sql "select string_agg(p.name || ':' || coalesce(p.oh_limit::text, '-'), ' ' order by p.name) from literature_point p join literature_source s using (source_id) where s.name = 'pos'")" \
    "A:- B:upper C:-"
check_eq "rows remember where they came from" "$(sql "select row_ref from literature_point where name = 'C'")" "line 5"
# A wider radius (6") picks up B as well.
check "re-import with a wider radius" ifscat literature import "$WORK/pos.csv" --source pos --map "$WORK/pos.json" --match-radius 6
check_eq "B matches at 6 arcsec" "$(sql "select count(*) from target_literature where source = 'pos'")" 2
check_eq "re-import replaced, not added" "$(sql "select count(*) from literature_point p join literature_source s using (source_id) where s.name = 'pos'")" 3

# JSON and VOTable through the same mapping keys.
cat > "$WORK/lit.json" <<'JSON'
[{"name": "RX2129_11022", "z": 8.15, "oh": 7.3, "oh_lo": 0.1, "oh_hi": 0.2, "reference": "JSON+2024"}]
JSON
check "JSON import" ifscat literature import "$WORK/lit.json" --source json-src
check_eq "JSON point matched by name" "$(sql "select target || ' ' || oh_hi from target_literature where source = 'json-src'")" "RX2129_11022 0.2"
cat > "$WORK/lit.vot" <<'XML'
<?xml version="1.0"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
 <RESOURCE><TABLE>
  <FIELD name="name" datatype="char" arraysize="*"/>
  <FIELD name="z" datatype="double"/>
  <FIELD name="logm" datatype="double"/>
  <FIELD name="gradient" datatype="double"/>
  <FIELD name="gradient_err" datatype="double"/>
  <DATA><TABLEDATA>
   <TR><TD>SMACS 0723-4590</TD><TD>8.45</TD><TD>9.2</TD><TD>0.05</TD><TD>0.03</TD></TR>
   <TR><TD>far</TD><TD>2.3</TD><TD>NaN</TD><TD>-0.1</TD><TD>0.02</TD></TR>
  </TABLEDATA></DATA>
 </TABLE></RESOURCE>
</VOTABLE>
XML
check "VOTable import" ifscat literature import "$WORK/lit.vot" --source vot-src
check_eq "names match across spelling (letters and digits compared)" \
    "$(sql "select target || ' ' || gradient || ' ' || gradient_lo from target_literature where source = 'vot-src'")" \
    "SMACS0723_4590 0.05 0.03"
check_eq "NaN in a double field is null" "$(sql "select logm is null from literature_point where name = 'far'")" t

# list and show.
out=$(ifscat literature list --format csv)
check_match "list: study with 10 points, 10 matched" "$out" "^study,10,0,10,1,csv,"
check_match "list: pos with its radius" "$out" "^pos,3,0,1,6,csv,"
out=$(ifscat literature show pos --format csv)
check_match "show: A and its target" "$out" "^line 3,A,53.1645,-27.80206111,8.47,7.9,,,,0.6020599913,.*,Doe\+2024,JADES_8013$"
check_eq "show: 3 points" "$(grep -c '^line' <<<"$out")" 3

# Bad inputs: exit 1 (usage: 2), a message naming what is wrong, the catalog unchanged.
before=$(db_digest)
cat > "$WORK/bad.csv" <<'CSV'
id,ra,dec,zspec,mass,sfr,sfr_lo,sfr_hi,oh,oh_err,oh_ul,paper
A,53.1645,-27.80206111,8.47,7.9,4.0,1.0,2.0,7.7,0.1,false,Doe+2024
B,53.1645,-27.80081111,8.49,8.1,ten,2.0,2.0,7.9,0.2,true,Roe+2023
CSV
check_fails "bad number names file, line and column" 1 "bad.csv: line 3, column 'sfr': 'ten' is not a number" \
    ifscat literature import "$WORK/bad.csv" --source pos --map "$WORK/pos.json"
check_eq "source kept after the failed re-import" "$(sql "select n_points from literature_source where name = 'pos'")" 3
sed 's/"mass"/"Mstar"/' "$WORK/pos.json" > "$WORK/missing.json"
check_fails "mapping names a missing column" 1 "missing.json: logm 'column' names column 'Mstar', which .*pos.csv does not have" \
    ifscat literature import "$WORK/pos.csv" --source pos2 --map "$WORK/missing.json"
sed 's/"unit": "Msun\/yr"/"unit": "erg\/s"/' "$WORK/pos.json" > "$WORK/unit.json"
check_fails "unconvertible unit" 1 "unit 'erg/s' cannot be converted" \
    ifscat literature import "$WORK/pos.csv" --source pos2 --map "$WORK/unit.json"
echo '{"columns": {"z": "zspec", "size": "r"}}' > "$WORK/qty.json"
check_fails "unknown quantity in a mapping" 1 "unknown quantity 'size'" \
    ifscat literature import "$WORK/pos.csv" --source pos2 --map "$WORK/qty.json"
head -c 300 "$WORK/lit.vot" > "$WORK/cut.vot"
check_fails "malformed VOTable" 1 "cut.vot: line [0-9]+: not well-formed XML" \
    ifscat literature import "$WORK/cut.vot" --source cut
printf 'SIMPLE  =                    T' > "$WORK/fake.fits"; head -c 2880 /dev/zero >> "$WORK/fake.fits"
check_fails "malformed FITS" 1 "fake.fits: not a readable FITS table" ifscat literature import "$WORK/fake.fits" --source fake
check_fails "unknown source (show)" 1 "unknown literature source 'nope' \(known: json-src, pos, study, vot-src\)" \
    ifscat literature show nope
check_fails "unknown source (delete)" 1 "unknown literature source 'nope'" ifscat literature delete nope
check_fails "bad source name" 1 "source name 'a:b' may only hold" ifscat literature import "$WORK/pos.csv" --source a:b --map "$WORK/pos.json"
check_fails "missing --source" 2 "needs --source" ifscat literature import "$WORK/pos.csv"
check_fails "missing file" 1 "nothere.csv: cannot open" ifscat literature import "$WORK/nothere.csv" --source x
check_fails "bad radius" 2 "--match-radius needs a positive number" ifscat literature import "$WORK/pos.csv" --source x --match-radius -1
check_eq "nothing changed by the failures" "$(db_digest)" "$before"

# --skip-bad skips and reports each bad row, never silently; a table with only bad rows fails.
out=$(ifscat literature import "$WORK/bad.csv" --source skip --map "$WORK/pos.json" --skip-bad 2>&1)
check_match "skipped row reported" "$out" "skipped .*bad.csv: line 3, column 'sfr': 'ten' is not a number"
check_match "skip count" "$out" "1 points .*1 bad rows skipped"
check_eq "skip count stored" "$(sql "select n_points || ' ' || n_skipped from literature_source where name = 'skip'")" "1 1"
before=$(db_digest)
sed -n '1p;3p' "$WORK/bad.csv" > "$WORK/allbad.csv"
check_fails "only bad rows" 1 "allbad.csv: no rows to import \(every row was bad\)" \
    ifscat literature import "$WORK/allbad.csv" --source skip --map "$WORK/pos.json" --skip-bad
check_eq "the earlier import of that source survives" "$(db_digest)" "$before"

# delete removes one source and its points only.
check "delete" ifscat literature delete skip
check_eq "points of the deleted source gone" "$(sql "select count(*) from literature_point p left join literature_source s using (source_id) where s.name is null or s.name = 'skip'")" 0
check_eq "other sources untouched" "$(sql "select count(*) from literature_source")" 4
finish
