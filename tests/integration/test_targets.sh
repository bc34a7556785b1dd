# test_targets.sh: target import (CSV and JSON, upsert), list/show/near, the lensing-corrected
# scales of the published sample, and every bad input of the foundation issue leaving the catalog
# unchanged.
. tests/lib.sh
new_catalog
DEMO=data/demo

check "import demo targets" ifscat target import $DEMO/targets.csv
check_eq "10 targets" "$(sql 'select count(*) from target')" 10
check_eq "3 satellites with hosts" "$(sql "select string_agg(t.name || '>' || h.name, ' ' order by t.name) from target t join target h on h.target_id = t.host_id")" \
    "RX2129_11027-S1>RX2129_11027 SMACS0723_4590-S1>SMACS0723_4590 SMACS0723_4590-S2>SMACS0723_4590"

# Published lensing-corrected scales (science.md section 1), to the published 3 decimals.
for row in "JADES_8013 4.738" "RX2129_11022 2.680" "RX2129_11027 1.003" "Abell_Z7885 3.407" "SXDF_NB1006-2 5.245"; do
    set -- $row
    check_close "scale of $1" "$(sql "select scale_kpc_arcsec from target where name = '$1'")" "$2" 0.0005
done

out=$(ifscat target import $DEMO/targets.csv)
check_match "re-import changes nothing" "$out" "10 targets read: 0 inserted, 0 updated, 10 unchanged"
check "target list as CSV" ifscat target list --format csv -o "$WORK/listed.csv"
out=$(ifscat target import "$WORK/listed.csv")
check_match "the listing imports back unchanged (its computed scale ignored)" "$out" \
    "10 targets read: 0 inserted, 0 updated, 10 unchanged"

# Upsert: a changed redshift updates the row and its scale; a new name is inserted.
cat > "$WORK/update.json" <<'JSON'
[{"name": "JADES_8013", "z": 8.48, "mu": 2.0, "ra_deg": 53.1645, "dec_deg": -27.8022},
 {"name": "NEW_1", "kind": "galaxy", "z": 7.0, "ra_deg": 10.0, "dec_deg": 20.0},
 {"name": "NEW_1-C1", "kind": "clump", "host": "NEW_1", "z": 7.0}]
JSON
out=$(ifscat target import "$WORK/update.json")
check_match "JSON upsert counts" "$out" "3 targets read: 2 inserted, 1 updated, 0 unchanged"
check_close "scale divided by sqrt(mu)" "$(sql "select scale_kpc_arcsec from target where name = 'JADES_8013'")" \
    "$(awk 'BEGIN { print 4.738 / sqrt(2) }')" 0.0005

# Columns the file does not have keep the catalog's values; a column it has sets them (empty: unset).
printf 'name,z\nSXDF_NB1006-2,7.21\nSMACS0723_4590-S1,8.45\n' > "$WORK/names_z.csv"
out=$(ifscat target import "$WORK/names_z.csv")
check_match "names and redshifts alone change nothing" "$out" "2 targets read: 0 inserted, 0 updated, 2 unchanged"
check_eq "a satellite stays a satellite of its host" \
    "$(sql "select t.kind || '>' || h.name from target t join target h on h.target_id = t.host_id where t.name = 'SMACS0723_4590-S1'")" \
    "satellite>SMACS0723_4590"
printf 'name,z\nRX2129_11022,8.16\n' > "$WORK/new_z.csv"
out=$(ifscat target import "$WORK/new_z.csv")
check_match "a new redshift updates" "$out" "1 targets read: 0 inserted, 1 updated, 0 unchanged"
check_eq "position, mu and reference kept" \
    "$(sql "select ra_deg || ' ' || dec_deg || ' ' || mu || ' ' || reference from target where name = 'RX2129_11022'")" \
    "322.4003 0.0832 3.29 Langeroodi et al. (2023)"
# The scale at the new z with the kept mu: as 'ifscat cosmology' computes it for z 8.16, mu 3.29.
check_close "scale from the new z and the kept mu" "$(sql "select scale_kpc_arcsec from target where name = 'RX2129_11022'")" \
    "$(ifscat cosmology 8.16 --mu 3.29 --format csv | awk -F, '!/^#/ && $1 != "z" { for (i = 1; i <= NF; i++) if (h[i] == "kpc_per_arcsec") print $i } /^z,/ { for (i = 1; i <= NF; i++) h[i] = $i }')" 1e-9
printf 'name,z,reference\nRX2129_11022,8.15,\n' > "$WORK/no_ref.csv"
check "an empty cell" ifscat -q target import "$WORK/no_ref.csv"
check_eq "an empty cell unsets its column" "$(sql "select coalesce(reference, 'NULL') || ' ' || z from target where name = 'RX2129_11022'")" "NULL 8.15"
check "restore" ifscat -q target import $DEMO/targets.csv

# Cone search through q3c: JADES_8013 and JADES_10058975 are 101 arcsec apart.
out=$(ifscat target near 53.1645 -27.8022 3 --format csv)
check_match "cone finds the target" "$out" "^JADES_8013,galaxy"
check_eq "cone radius 3 arcsec excludes the neighbour" "$(grep -c JADES_10058975 <<<"$out")" 0
out=$(ifscat target near 53.1645 -27.8022 200 --format csv)
check_eq "cone radius 200 arcsec includes it" "$(grep -c JADES_10058975 <<<"$out")" 1
check_match "index used for the cone search" \
    "$(psql "$IFSCAT_DB" -At -c 'set enable_seqscan = off' -c "explain select * from target where q3c_radial_query(ra_deg, dec_deg, 53.1645, -27.8022, 0.001)")" \
    "target_q3c_idx"

out=$(ifscat target show SMACS0723_4590 --format csv)
check_eq "show lists the target and its two satellites" "$(grep -c '^SMACS0723_4590' <<<"$out")" 3
check_fails "show unknown target" 1 "no target named 'nope'" ifscat target show nope
out=$(ifscat target list --kind satellite --format json)
check_eq "list --kind satellite" "$(grep -c '"kind":	"satellite"' <<<"$out")" 3

# Bad input: error names file, line/index and column; exit 1; catalog unchanged.
before=$(db_digest)
bad() { # NAME PATTERN CONTENT [EXT]
    local f="$WORK/bad.${4:-csv}"
    printf '%s\n' "$3" > "$f"
    check_fails "$1" 1 "$2" ifscat target import "$f"
}
bad "unknown host" "bad.csv: line 3, column 'host': unknown host 'NOPE'" \
    "name,kind,host,z
OK_1,galaxy,,7.5
S_1,satellite,NOPE,7.5"
bad "satellite without host" "line 2, column 'host': a satellite needs a host" \
    "name,kind,z
S_2,satellite,7.5"
bad "host that is a satellite" "line 2, column 'host': host 'SMACS0723_4590-S1' is a satellite, not a galaxy" \
    "name,kind,host,z
S_3,satellite,SMACS0723_4590-S1,8.4"
bad "host that is a satellite in the same file" "line 3, column 'host': host 'A_S' is a satellite" \
    "name,kind,host,z
A_S,satellite,JADES_8013,8.4
B_S,satellite,A_S,8.4"
bad "host demoted to satellite" "column 'kind': 'SMACS0723_4590' hosts SMACS0723_4590-S[12]" \
    "name,kind,host,z
SMACS0723_4590,satellite,JADES_8013,8.45"
bad "duplicate names" "line 4, column 'name': duplicate name 'D_1' \(first on line 2\)" \
    "name,z
D_1,7.1
D_2,7.2
D_1,7.3"
bad "z <= 0" "line 2, column 'z': redshift 0 outside" "name,z
Z_1,0"
bad "z > 30" "line 2, column 'z': redshift 31 outside" "name,z
Z_2,31"
bad "mu < 1" "line 2, column 'mu': magnification 0.5 must be >= 1" "name,z,mu
M_1,7,0.5"
bad "RA outside [0, 360)" "line 2, column 'ra_deg': RA 360 outside" "name,z,ra_deg,dec_deg
R_1,7,360,0"
bad "Dec outside [-90, 90]" "line 2, column 'dec_deg': Dec -91 outside" "name,z,ra_deg,dec_deg
R_2,7,10,-91"
bad "non-numeric value" "line 3, column 'z': 'seven' is not a number" "# comment line
name,z
N_1,seven"
bad "missing required column" "required column 'z' is missing from the header .line 1." "name,mu
X_1,2"
bad "unknown column" "line 2 .header.: unknown column 'redshift'" "# a comment
name,z,redshift
X_2,7,7"
bad "JSON unknown key" "bad.json: index 1: unknown column 'colour'" \
    '[{"name": "J_4", "z": 7}, {"name": "J_5", "z": 8, "colour": "red"}]' json
bad "empty file" "the file is empty" ""
bad "only a header" "no targets in the file" "name,z"
bad "JSON index named" "bad.json: index 1, column 'z': redshift -1 outside" \
    '[{"name": "J_1", "z": 7}, {"name": "J_2", "z": -1}]' json
bad "JSON that is not an array" "must be an array of objects" '{"name": "J_3"}' json
bad "wrong field count" "line 2: 3 fields, but the header has 2 columns" "name,z
W_1,7,8"
printf '\x00\x01\x02binary' > "$WORK/bad.fits"
check_fails "not CSV or JSON" 1 "not a CSV or JSON file" ifscat target import "$WORK/bad.fits"
head -c 2000 data/resolution/jwst_nirspec_prism_disp.fits > "$WORK/cut.fits"
check_fails "truncated FITS" 1 "cut.fits: a truncated FITS file .2000 bytes" ifscat target import "$WORK/cut.fits"
check_fails "missing file" 1 "nonexistent.csv: cannot open" ifscat target import "$WORK/nonexistent.csv"
check_eq "catalog unchanged after every bad import" "$(db_digest)" "$before"

# SQL injection attempts reach SQL only as parameters.
printf 'name,z\n"x'"'"'); drop table ifscat.target; --",7.5\n' > "$WORK/inject.csv"
check "quoted name imported literally" ifscat target import "$WORK/inject.csv"
check_eq "target table intact" "$(sql "select count(*) from target where name like 'x''); drop%'")" 1
finish
