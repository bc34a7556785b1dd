# test_properties.sh: property import, supersession history, the galaxy_summary view and
# `ifscat summary`, and bad property files leaving the catalog unchanged.
. tests/lib.sh
new_catalog
check "targets" ifscat target import data/demo/targets.csv
check "published properties" ifscat property import data/demo/properties.csv
check_eq "60 current properties" "$(sql 'select count(*) from current_property')" 60

# The summary shows all 7 galaxies and 3 satellites with the published values.
out=$(ifscat summary --format csv)
check_eq "10 summary rows" "$(grep -vc -e '^#' -e '^name,' <<<"$out")" 10
check_match "SMACS0723_4590 published values" "$out" "^SMACS0723_4590,galaxy,,8.45,3.74,[0-9.]+,9.17,0.02,0.02,0.9,0.02,0.02,7.43,0.06,0.07"
check_match "satellite row names its host" "$out" "^SMACS0723_4590-S2,satellite,SMACS0723_4590,"
check_match "text summary has units" "$(ifscat summary)" "\[kpc/arcsec\]"

# A changed value supersedes the old one, which stays queryable; identical rows change nothing.
cat > "$WORK/new_mass.csv" <<'CSV'
name,quantity,value,err_lo,err_hi,unit,source,method
JADES_8013,logm,7.95,0.05,0.06,log Msun,published,SED refit
JADES_8013,logsfr,0.62,0.04,0.04,log Msun/yr,published,H-beta (as published)
CSV
out=$(ifscat property import "$WORK/new_mass.csv")
check_match "counts" "$out" "2 properties read: 0 new, 1 superseding a changed value, 1 unchanged"
check_eq "current mass is the new one" "$(sql "select value from current_property p join target t using (target_id) where t.name = 'JADES_8013' and quantity = 'logm'")" 7.95
check_eq "old mass kept and linked" "$(sql "select o.value || ' ' || (o.superseded_by = n.property_id) from galaxy_property o join galaxy_property n on n.property_id = o.superseded_by join target t on t.target_id = o.target_id where t.name = 'JADES_8013' and o.quantity = 'logm'")" "7.81 true"
out=$(ifscat property list JADES_8013 --all --format csv)
check_eq "history lists both masses" "$(grep -c '^JADES_8013,logm' <<<"$out")" 2
check_match "summary follows the new value" "$(ifscat summary --format csv)" "^JADES_8013,galaxy,,8.48,1,[0-9.]+,7.95,"

# Another source for the same quantity coexists; the summary prefers values ifscat derived itself.
printf 'name,quantity,value,source\nJADES_8013,oh,7.60,ifscat\n' > "$WORK/derived.csv"
check "second source" ifscat property import "$WORK/derived.csv"
check_eq "both sources current" "$(sql "select count(*) from current_property p join target t using (target_id) where t.name = 'JADES_8013' and quantity = 'oh'")" 2
check_match "summary prefers ifscat's own value" "$(ifscat summary --format csv)" "^JADES_8013,galaxy,,8.48,1,[0-9.]+,7.95,[0-9.]+,[0-9.]+,0.62,0.04,0.04,7.6,"

before=$(db_digest)
bad() { printf '%s\n' "$3" > "$WORK/bad.csv"; check_fails "$1" 1 "$2" ifscat property import "$WORK/bad.csv"; }
bad "unknown target" "bad.csv: line 3, column 'name': unknown target 'NOPE'" "name,quantity,value,source
JADES_8013,logm,8.0,x
NOPE,logm,8.0,x"
bad "unknown quantity" "line 2, column 'quantity': unknown quantity 'mass' \(known: " "name,quantity,value,source
JADES_8013,mass,8.0,x"
bad "wrong unit" "line 2, column 'unit': unit 'Msun' for logm: expected 'log Msun'" "name,quantity,value,unit,source
JADES_8013,logm,8.0,Msun,x"
bad "non-numeric value" "line 2, column 'value': '8,0x' is not a number" 'name,quantity,value,source
JADES_8013,logm,"8,0x",x'
bad "negative error" "line 2, column 'err_lo': error -0.1 must be >= 0" "name,quantity,value,err_lo,source
JADES_8013,logm,8.0,-0.1,x"
bad "duplicate in file" "line 3, column 'source': duplicate of JADES_8013 logm from x \(first on line 2\)" "name,quantity,value,source
JADES_8013,logm,8.0,x
JADES_8013,logm,8.1,x"
bad "missing source" "required column 'source' is missing" "name,quantity,value
JADES_8013,logm,8.0"
check_eq "catalog unchanged after bad property files" "$(db_digest)" "$before"
finish
