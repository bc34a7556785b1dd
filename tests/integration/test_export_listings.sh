# test_export_listings.sh: every listing command in every --format, each export read back without
# ifscat's own readers (tests/tools/tabledump: cfitsio for FITS, expat for VOTable, cJSON for JSON,
# CSV parsed by hand), the four machine formats compared cell by cell (names, units and
# descriptions exactly, numbers to 1e-9 relative: CSV and JSON carry 10 significant digits), every
# column described, the text table carrying the units, and values checked against the study's
# published numbers and the inputs the test imported.
. tests/lib.sh
TABLEDUMP=$(dirname "$IFSCAT_BIN")/tests/tools/tabledump
[ -x "$TABLEDUMP" ] || { fail "tests/tools/tabledump is not built (make test builds it)"; finish; }
new_catalog
check "demo targets" ifscat -q target import data/demo/targets.csv
check "demo properties" ifscat -q property import data/demo/properties.csv
# Two literature points: L1 is SMACS0723_4590 under another spelling (a name match), L2 is alone.
cat > "$WORK/lit.csv" <<'CSV'
name,ra_deg,dec_deg,z,logm,logm_lo,logm_hi,logsfr,logsfr_lo,logsfr_hi,oh,oh_lo,oh_hi,reference
SMACS 0723-4590,110.8593,-73.4492,8.45,9.1,0.1,0.2,0.8,0.1,0.1,7.5,0.05,0.08,Test+2025
L2,150.1,2.2,9.25,8.3,0.15,0.15,0.4,0.2,0.2,7.6,0.1,0.1,Test+2025
CSV
check "literature import" ifscat -q literature import "$WORK/lit.csv" --source lit
check "mock cube" ifscat -q mock "$WORK/cube.fits" --seed 5 --size 9x7 --nwave 300
check "ingest" ifscat -q ingest "$WORK/cube.fits" --target JADES_8013
check "fit and derive" ifscat -q process JADES_8013

# Dumps of the four machine formats of one listing; $1 names it, the rest is the command.
dump_all() {
    local name=$1; shift
    for fmt in csv json fits votable; do
        ifscat -q "$@" --format $fmt -o "$WORK/$name.$fmt" || { fail "$name: '$*' --format $fmt: exit $?"; continue; }
        "$TABLEDUMP" "$WORK/$name.$fmt" > "$WORK/$name.$fmt.tsv" || fail "$name: $fmt does not read back"
    done
}

# same_table A B [IGNORED_COLUMN]: the dumps agree: column lines and row count exactly, text cells
# exactly, numbers to 1e-9 relative; prints the first difference.
same_table() {
    awk -F'\t' -v ignore="${3:-}" '
        function num(s) { return s ~ /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/ }
        function abs(v) { return v < 0 ? -v : v }
        NR == FNR { a[FNR] = $0; n = FNR; next }
        { m = FNR; if (!(FNR in a)) { print "extra line " FNR; bad = 1; exit }
          if ($1 == "col" && $2 == ignore) skipcol = ncol + 1
          if ($1 == "col") { ncol++; if (a[FNR] != $0) { print "column differs: " a[FNR] " | " $0; bad = 1; exit } next }
          if ($1 == "rows") { if (a[FNR] != $0) { print "row count differs: " a[FNR] " | " $0; bad = 1; exit } next }
          split(a[FNR], x, "\t")
          for (i = 1; i <= NF; i++) {
              if (i == skipcol) continue
              if (num(x[i]) && num($i)) { d = abs(x[i] - $i); s = abs(x[i]) > abs($i) ? abs(x[i]) : abs($i)
                  if (d > 1e-9 * s) { print "line " FNR " cell " i ": " x[i] " vs " $i; bad = 1; exit } }
              else if (x[i] != $i) { print "line " FNR " cell " i ": \"" x[i] "\" vs \"" $i "\""; bad = 1; exit }
          } }
        END { if (!bad && m != n) print "line counts " n " vs " m; exit bad || m != n }' "$1" "$2"
}

# cell NAME FMT ROWKEY COLUMN: the cell of the dumped table in the row whose first cell is ROWKEY.
cell() {
    awk -F'\t' -v key="$3" -v col="$4" '
        $1 == "col" { c++; if ($2 == col) want = c; next } $1 == "rows" { body = 1; next }
        body && $1 == key { print $want; exit }' "$WORK/$1.$2.tsv"
}

# Every listing command (and action) that writes a table.  relations stores a new fit per run, so
# its fit_id (also in the band table) differs between the formats and is not compared.
listings=(
    "summary|summary"
    "targets|target list"
    "target_show|target show SMACS0723_4590"
    "near|target near 110.8593 -73.4492 10"
    "properties|property list"
    "observations|observation list"
    "spaxel_spectrum|observation spectrum 1 4 3"
    "gradient|gradient JADES_8013"
    "agn|agn JADES_8013"
    "calibrations|calibration list"
    "calibration_show|calibration show sanders2024"
    "literature|literature list"
    "literature_show|literature show lit"
    "relation_list|relation list"
    "relation_show|relation show curti2020_fmr"
    "fmr|fmr"
    "compare|compare --relation curti2024_mzr"
    "compare_summary|compare --relation curti2024_mzr --summary"
    "relations|relations"
    "relations_band|relations --band"
    "gradient_stats|gradient-stats"
    "cosmology|cosmology 8.15 --mu 3.29"
)
for entry in "${listings[@]}"; do
    name=${entry%%|*}
    read -ra cmd <<<"${entry#*|}"
    dump_all "$name" "${cmd[@]}"
    ignore=; [[ $name = relations* ]] && ignore=fit_id
    for fmt in csv fits votable; do
        diff=$(same_table "$WORK/$name.json.tsv" "$WORK/$name.$fmt.tsv" "$ignore") \
            || fail "$name: $fmt differs from json: $diff"
        CHECKS=$((CHECKS + 1))
    done
    check_match "$name has rows" "$(grep '^rows' "$WORK/$name.fits.tsv")" "^rows	[1-9]"
    undescribed=$(awk -F'\t' '$1 == "col" && $4 == "" { print $2 }' "$WORK/$name.fits.tsv")
    check_eq "$name: every column has a description" "$undescribed" ""
    # Text: the header's second line holds the units in brackets, one per column that has one.
    units=$(awk -F'\t' '$1 == "col" && $3 != "" { printf "[%s] ", $3 }' "$WORK/$name.fits.tsv")
    text=$(ifscat -q "${cmd[@]}" 2>&1 | sed -n 2p)
    for u in $units; do
        grep -qF -- "$u" <<<"$text" || { fail "$name: text header lacks $u: $text"; break; }
    done
    CHECKS=$((CHECKS + 1))
done

# Values against independent numbers.  Published (science.md, the study's Table 2): RX2129_11022 at
# z = 8.15, mu = 3.29 has 2.680 kpc/arcsec; SMACS0723_4590 (log M* 9.17, log SFR 0.90, 12+log(O/H)
# 7.43) lies -0.90 dex off the Curti et al. (2020) FMR; the mean gradient is -0.02 dex/kpc and the
# gradient-SFR Spearman correlation rho = 0.429, p = 0.337.
for fmt in fits votable; do
    check_close "$fmt summary: published scale" "$(cell summary $fmt RX2129_11022 scale_kpc_arcsec)" 2.680 0.0005
    check_close "$fmt summary: imported mass" "$(cell summary $fmt SMACS0723_4590 logm)" 9.17 1e-12
    check_close "$fmt summary: imported error" "$(cell summary $fmt SMACS0723_4590 oh_hi)" 0.07 1e-12
    check_close "$fmt cosmology: published scale" "$(cell cosmology $fmt 8.15 kpc_per_arcsec)" 2.680 0.0005
    check_close "$fmt fmr: published offset" "$(cell fmr $fmt SMACS0723_4590 dfmr)" -0.90 0.01
    check_close "$fmt gradient-stats: published mean" "$(cell gradient_stats $fmt mean value)" -0.02 0.005
    check_close "$fmt near: the target itself at 0 arcsec" "$(cell near $fmt SMACS0723_4590 sep_arcsec)" 0 1e-6
    check_close "$fmt literature show: imported metallicity" "$(cell literature_show $fmt "line 3" oh)" 7.6 1e-12
    check_close "$fmt literature show: imported error" "$(cell literature_show $fmt "line 3" logm_hi)" 0.15 1e-12
    check_eq "$fmt literature show: the name match" "$(cell literature_show $fmt "line 2" targets)" SMACS0723_4590
    check_eq "$fmt literature list: one name match" "$(cell literature $fmt lit matched_targets)" 1
    check_eq "$fmt observation list: cube size" "$(cell observations $fmt 1 nx)x$(cell observations $fmt 1 ny)x$(cell observations $fmt 1 nwave)" "9x7x300"
    check_eq "$fmt compare --summary: the 10 targets" "$(cell compare_summary $fmt curti2024_mzr n)" 10
    check_eq "$fmt relations: 7 galaxies per fit" "$(cell relations $fmt mzr n)" 7
done
# astropy (Debian python3-astropy), where installed, reads every FITS and VOTable export too: values
# and masks against the JSON export, descriptions against the JSON's.
PY=/usr/bin/python3
if "$PY" -c 'import astropy' 2>/dev/null; then
    names=$(for entry in "${listings[@]}"; do printf '%s ' "${entry%%|*}"; done)
    out=$("$PY" - "$WORK" $names <<'PYEOF' 2>&1
import json, math, sys, warnings
from astropy.io import fits, votable
from astropy.table import Table
warnings.simplefilter("ignore")  # unit strings like "log Msun" are kept as plain strings
work, names = sys.argv[1], sys.argv[2:]
def same(a, b):
    # FITS and VOTable have no empty text distinct from a null: an empty JSON string reads back null.
    a, b = (None if x == "" else x for x in (a, b))
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) or isinstance(b, str):
        return str(a) == str(b)
    return abs(float(a) - float(b)) <= 1e-9 * max(abs(float(a)), abs(float(b)))
def value(col, i):
    v = col[i]
    if getattr(col, "mask", None) is not None and col.mask[i]:
        return None
    if isinstance(v, bytes):
        v = v.decode()
    if isinstance(v, str):
        return v if v != "" else None
    v = v.item()
    return None if isinstance(v, float) and math.isnan(v) else v
bad = 0
for name in names:
    doc = json.load(open(f"{work}/{name}.json"))
    cols = [c["name"] for c in doc["columns"]]
    with fits.open(f"{work}/{name}.fits") as h:
        h.verify("exception")
        descs = [h[1].header.get(f"TCOMM{i + 1}", "") for i in range(len(cols))]
    tables = {"fits": Table.read(f"{work}/{name}.fits", hdu=1),
              "votable": votable.parse(f"{work}/{name}.votable").get_first_table().to_table()}
    if descs != [c["description"] for c in doc["columns"]]:
        print(f"{name}: FITS descriptions differ"); bad += 1
    for fmt, t in tables.items():
        if list(t.colnames) != cols or len(t) != len(doc["rows"]):
            print(f"{name} {fmt}: columns or rows differ"); bad += 1; continue
        for i, row in enumerate(doc["rows"]):
            for c in cols:
                if c == "fit_id" and name.startswith("relations"):
                    continue
                if not same(row.get(c), value(t[c], i)):
                    print(f"{name} {fmt}: row {i} {c}: {row.get(c)!r} vs {value(t[c], i)!r}"); bad += 1
print("checked", len(names), "bad", bad)
PYEOF
)
    check_match "astropy reads every export as the JSON says" "$out" "^checked ${#listings[@]} bad 0$"
else
    echo "astropy is not installed for $PY (Debian: python3-astropy): its read-back is not run"
fi
rho=$(awk -F'\t' '$1 == "spearman_rho" && $2 == "logsfr" { print $5 }' "$WORK/gradient_stats.votable.tsv")
check_close "published gradient-SFR correlation" "$rho" 0.429 0.0005
check_eq "spaxel spectrum: one row per channel" "$(grep '^rows' "$WORK/spaxel_spectrum.fits.tsv" | cut -f2)" 300
check_close "spaxel spectrum: the stored flux" "$(awk -F'\t' '$1 == "col" { next } $1 == "rows" { on = 1; next } on && ++n == 10 { print $3 }' "$WORK/spaxel_spectrum.votable.tsv")" \
    "$(sql "SELECT flux[10] FROM spaxel WHERE x = 4 AND y = 3")" 1e-6
check_eq "every published property listed" "$(grep '^rows' "$WORK/properties.fits.tsv" | cut -f2)" \
    "$(grep -v -e '^#' -e '^name,' data/demo/properties.csv | grep -c .)"
check_eq "every shipped calibration diagnostic listed" "$(grep '^rows' "$WORK/calibrations.csv.tsv" | cut -f2)" \
    "$(ls data/calibrations/*.json | wc -l)"
check_eq "every shipped relation listed" "$(grep '^rows' "$WORK/relation_list.votable.tsv" | cut -f2)" \
    "$(ls data/relations/*.json | wc -l)"
finish
