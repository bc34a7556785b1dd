# test_relations.sh: the relation library (list, show, a user's own relation), offsets from any
# relation (compare) checked against hand evaluation, and the gradient statistics of the published
# sample (mean -0.02 +/- 0.04, scatter 0.11; Spearman of gradient vs SFR rho 0.429, p 0.337) plus
# redshift-binned means with literature gradients.
. tests/lib.sh
new_catalog
check "demo targets" ifscat target import data/demo/targets.csv
check "demo properties" ifscat property import data/demo/properties.csv

# --- the library ---------------------------------------------------------------------------------
out=$(ifscat relation list --format csv)
check_eq "seven shipped relations" "$(grep -vc -e '^#' -e '^name' <<<"$out")" 7
for r in curti2020_fmr curti2020_mzr mannucci2010_fmr renzini_peng2015_ms speagle2014_ms curti2024_mzr chemerynska2024_mzr; do
    check_match "listed: $r" "$out" "^$r,"
done
check_match "kind and prediction" "$out" "^speagle2014_ms,ms,logsfr,"
out=$(ifscat relation show mannucci2010_fmr --format csv)
check_match "reference with equation number" "$out" "^reference,.*MNRAS 408, 2115, eq. \(2\)"
check_match "validity" "$out" "^validity,\"logm 9.2..11.4, logsfr -1.45..0.8\""
check_fails "unknown relation" 1 "unknown relation 'nope' \(known: chemerynska2024_mzr, curti2020_fmr" ifscat relation show nope
check_fails "show without a name" 2 "needs one NAME" ifscat relation show

# --- compare ------------------------------------------------------------------------------------
# Renzini & Peng (2015): offset = log SFR - (0.76 log M* - 7.64), evaluated here with awk.
out=$(ifscat compare --relation renzini_peng2015_ms --format csv)
want=$(sql "select string_agg(t.name || ':' || round((s.value - (0.76 * m.value - 7.64))::numeric, 6), ' ' order by t.target_id)
            from target t join current_property m on m.target_id = t.target_id and m.quantity = 'logm'
            join current_property s on s.target_id = t.target_id and s.quantity = 'logsfr'")
got=$(awk -F, '/^#/ || /^name/ { next } { printf "%s%s:%.6f", (n++ ? " " : ""), $1, $9 }' <<<"$out")
check_eq "main-sequence offsets" "$got" "$want"
# Curti et al. (2024) MZR: 12+log(O/H) = 7.72 + 0.17 (log M* - 8), inside its range at z = 3-10,
# log M* = 6.5-9.5; SXDF_NB1006-2 (log M* = 9.47, z = 7.21) is inside, the 8.99 galaxy too.
out=$(ifscat compare --relation curti2024_mzr --sample main --format csv)
check_close "Curti 2024 offset of SMACS0723_4590" "$(awk -F, '$1 == "SMACS0723_4590" { print $9 }' <<<"$out")" \
    "$(awk 'BEGIN { print 7.43 - (7.72 + 0.17 * (9.17 - 8)) }')" 1e-9
check_eq "all seven inside the validity range" "$(awk -F, '/^#/ || /^name/ { next } { s += $12 } END { print s }' <<<"$out")" 7
# The summary: mean and its standard error from the table's offsets, computed here.
sum=$(ifscat compare --relation curti2024_mzr --sample main --summary --format csv | grep '^curti2024_mzr')
check_close "mean offset" "$(cut -d, -f4 <<<"$sum")" "$(awk -F, '/^#/ || /^name/ { next } { s += $9; n++ } END { printf "%.12g", s / n }' <<<"$out")" 1e-9
check_close "its standard error" "$(cut -d, -f5 <<<"$sum")" \
    "$(awk -F, '/^#/ || /^name/ { next } { x[n++] = $9; s += $9 } END { m = s / n; for (i = 0; i < n; i++) v += (x[i] - m) ^ 2; printf "%.12g", sqrt(v / (n - 1)) / sqrt(n) }' <<<"$out")" 1e-9
check_match "text output says below or above" "$(ifscat compare --relation curti2024_mzr --sample main)" \
    "mean offset from curti2024_mzr: -0.20 \+/- 0.09 dex \(scatter 0.24, 7 galaxies\): 0.20 dex below the relation"
# The FMR through compare equals ifscat fmr.
check_eq "compare curti2020_fmr = fmr" "$(ifscat compare --relation curti2020_fmr --format csv | grep -v '^[#n]' | cut -d, -f1,9-11)" \
    "$(ifscat fmr --format csv | grep -v '^[#n]' | cut -d, -f1,9-11)"
# A relation of the user's own, from $IFSCAT_RELATIONS, without recompiling.
mkdir -p "$WORK/rel"
cat > "$WORK/rel/flat.json" <<'JSON'
{"name": "flat_mzr", "kind": "mzr", "reference": "test", "equation": "12+log(O/H) = 7.5",
 "form": "polynomial", "variables": {"M": {"var": "logm"}}, "terms": [{"c": 7.5}, {"c": 0, "M": 1}]}
JSON
out=$(IFSCAT_RELATIONS="$WORK/rel" ifscat compare --relation flat_mzr --sample main --format csv)
check_close "user relation: offset = oh - 7.5" "$(awk -F, '$1 == "RX2129_11022" { print $9 }' <<<"$out")" -0.28 1e-9
echo '{"name": "broken"' > "$WORK/rel/broken.json"
check_fails "a broken user relation file is named" 1 "broken.json: line [0-9]+: not valid JSON" \
    env IFSCAT_RELATIONS="$WORK/rel" "$IFSCAT_BIN" relation list
check_fails "compare with an unknown relation" 1 "unknown relation 'zzz'" ifscat compare --relation zzz
check_fails "compare without a relation" 2 "needs --relation" ifscat compare

# --- gradient statistics ------------------------------------------------------------------------
out=$(ifscat gradient-stats --format csv)
stat() { awk -F, -v s="$1" -v v="$2" -v d="$3" -v c="$4" '$1 == s && $2 == v && $3 == d { print $c }' <<<"$out"; }
check_close "published mean gradient" "$(stat mean '' 'own (main)' 5)" -0.02 0.005
check_close "published error of the mean" "$(stat mean '' 'own (main)' 6)" 0.04 0.005
check_close "published scatter" "$(stat scatter '' 'own (main)' 5)" 0.11 0.005
check_close "published Spearman rho, gradient vs SFR" "$(stat spearman_rho logsfr 'own (main)' 5)" 0.429 0.0005
check_close "published Spearman p, gradient vs SFR" "$(stat spearman_p logsfr 'own (main)' 5)" 0.337 0.0005
check_eq "seven gradients" "$(stat mean '' 'own (main)' 4)" 7
# Literature gradients with injected values: z 1.0 and 1.5 (mean 0.15), 5 (-0.3), an upper limit
# and a duplicate of a catalog target (JADES_8013 by name), both left out.
cat > "$WORK/grad.csv" <<'CSV'
name,z,gradient,gradient_err,gradient_upper
L1,1.0,0.1,0.02,
L2,1.5,0.2,0.03,
L3,5.0,-0.3,0.1,
L4,3.0,-0.5,0.1,true
JADES_8013,8.48,-0.19,0.3,
CSV
check "literature gradients" ifscat literature import "$WORK/grad.csv" --source grads
out=$(ifscat gradient-stats --with-literature grads --format csv 2>"$WORK/err")
check_close "z 0-2 mean from the literature" "$(stat zbin_mean 'z 0-2' own+literature 5)" 0.15 1e-9
check_close "z 0-2 standard error" "$(stat zbin_mean 'z 0-2' own+literature 6)" "$(awk 'BEGIN { print sqrt(0.005) / sqrt(2) }')" 1e-9
check_eq "z 2-4 holds only the limit: empty" "$(stat zbin_mean 'z 2-4' own+literature 4)" 0
check_close "z 4-6" "$(stat zbin_mean 'z 4-6' own+literature 5)" -0.3 1e-9
check_close "z 4-6: one gradient keeps its error" "$(stat zbin_mean 'z 4-6' own+literature 6)" 0.1 1e-9
check_close "z 8-10: the catalog's five, the duplicate not counted twice" "$(stat zbin_mean 'z 8-10' own+literature 4)" 5 0
check_eq "own + literature: 10 gradients" "$(stat mean '' own+literature 4)" 10
check_match "limits and duplicates reported" "$(cat "$WORK/err")" "1 literature gradients are limits"
check_match "duplicates reported" "$(cat "$WORK/err")" "1 literature gradients belong to catalog targets"
out=$(ifscat gradient-stats --with-literature grads:0-2 --zbins 0,1.2,10 --format csv 2>/dev/null)
check_eq "redshift selection and custom bins" "$(stat zbin_mean 'z 0-1.2' own+literature 4) $(stat zbin_mean 'z 1.2-10' own+literature 4)" "1 8"
check_eq "line fits against mass, SFR and sSFR" "$(grep -c '^fit_slope,' <<<"$(ifscat gradient-stats --format csv 2>/dev/null)")" 3

# The line fit recovers an injected gradient-mass relation: gradient = -0.05 + 0.04 (log M* - 9),
# scatter 0.03, errors 0.1 (mass) and 0.05 (gradient) applied to the values, 300 literature
# gradients in a catalog of their own (within 3 sigma of the fit's own errors).
MAIN_DB=$IFSCAT_DB
new_catalog injected
awk 'function gauss() { return sqrt(-2 * log(1 - rand())) * cos(6.283185307 * rand()) }
    BEGIN { srand(5); print "name,z,logm,logm_err,gradient,gradient_err"
    for (i = 0; i < 300; i++) { m = 8 + 3 * rand(); g = -0.05 + 0.04 * (m - 9) + 0.03 * gauss()
        printf "G%d,%.2f,%.4f,0.1,%.4f,0.05\n", i, 1 + 8 * rand(), m + 0.1 * gauss(), g + 0.05 * gauss() } }' > "$WORK/gm.csv"
check "injected gradients" ifscat literature import "$WORK/gm.csv" --source gm
out=$(ifscat gradient-stats --with-literature gm --format csv 2>/dev/null)
row=$(awk -F, '$1 == "fit_slope" && $2 == "logm" && $3 == "own+literature"' <<<"$out")
check_eq "300 gradients fitted" "$(cut -d, -f4 <<<"$row")" 300
check_close "injected slope within 3 sigma" "$(cut -d, -f5 <<<"$row")" 0.04 \
    "$(awk -v a="$(cut -d, -f6 <<<"$row")" -v b="$(cut -d, -f7 <<<"$row")" 'BEGIN { print 1.5 * (a + b) }')"
export IFSCAT_DB=$MAIN_DB

check_fails "unknown literature source" 1 "unknown literature source 'nope'" ifscat gradient-stats --with-literature nope
check_fails "bad selection" 2 "expected SOURCE:ZMIN-ZMAX" ifscat gradient-stats --with-literature grads:5
check_fails "bad bins" 2 "--zbins needs at least two increasing numbers" ifscat gradient-stats --zbins 4,2
finish
