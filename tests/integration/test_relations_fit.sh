# test_relations_fit.sh: `ifscat relations`: fits of the own sample and of the own sample plus a
# literature compilation with an injected line (recovered within the fit's own errors), the
# points stored with each fit equal to the catalog's values, limits and duplicates left out, the
# band, reproducibility, and bad input leaving the catalog unchanged.
. tests/lib.sh
new_catalog
check "demo targets" ifscat target import data/demo/targets.csv
check "demo properties" ifscat property import data/demo/properties.csv

MAIN_DB=$IFSCAT_DB
out=$(ifscat relations --format csv 2>&1)
fits() { grep -v -e '^#' -e '^relation,' <<<"$out"; }
check_eq "three fits of the own sample" "$(fits | cut -d, -f1,4,5 | tr '\n' ' ')" "ms,own (main),7 mzr,own (main),7 fmr,own (main),7 "
check_eq "stored" "$(sql "select string_agg(relation || ':' || n_points, ' ' order by fit_id) from relation_fit")" "ms:7 mzr:7 fmr:7"
first=$out
out=$(ifscat relations --format csv 2>"$WORK/err")
check_eq "the same fits again: the same rows, fit_ids included" "$(fits)" "$(out=$first; fits)"
check_eq "... and nothing stored twice" "$(sql "select count(*) from relation_fit")" 3
check_match "... and said so" "$(cat "$WORK/err")" "3 of 3 fits were stored before"
check "another seed" ifscat -q relations --seed 7
check_eq "another seed is another fit" "$(sql "select count(*) from relation_fit")" 6
sql "delete from relation_fit where seed = 7" >/dev/null
out=$first
# The stored points are the catalog's values: MZR x = log M*, y = 12+log(O/H), errors the mean of
# the published lo/hi errors.
check_eq "MZR inputs are the published masses and metallicities" \
    "$(sql "select string_agg(x || ':' || y, ' ' order by x) from relation_fit f, unnest(f.input_x, f.input_y) u(x, y) where f.relation = 'mzr'")" \
    "$(sql "select string_agg(m.value || ':' || o.value, ' ' order by m.value) from galaxy_summary s
            join target t using (name) join best_property m on m.target_id = t.target_id and m.quantity = 'logm'
            join best_property o on o.target_id = t.target_id and o.quantity = 'oh' where s.kind = 'galaxy'")"
check_close "SMACS0723_4590 metallicity error: mean of 0.06 and 0.07" \
    "$(sql "select ye from relation_fit f, unnest(f.input_y, f.input_y_err) u(y, ye) where f.relation = 'mzr' and y = 7.43")" 0.065 1e-12
# FMR abscissa mu_0.65 = log M* - 0.65 log SFR, error sqrt(e_M^2 + 0.65^2 e_SFR^2), for SMACS0723_4590.
check_close "FMR x of SMACS0723_4590" "$(sql "select x from relation_fit f, unnest(f.input_x, f.input_y) u(x, y) where f.relation = 'fmr' and y = 7.43")" \
    "$(awk 'BEGIN { printf "%.15g", 9.17 - 0.65 * 0.90 }')" 1e-12
check_close "FMR x error of SMACS0723_4590" "$(sql "select xe from relation_fit f, unnest(f.input_x_err, f.input_y) u(xe, y) where f.relation = 'fmr' and y = 7.43")" \
    "$(awk 'BEGIN { printf "%.15g", sqrt(0.02 ^ 2 + 0.65 ^ 2 * 0.02 ^ 2) }')" 1e-12
check_eq "inputs name their targets" "$(sql "select count(*) from relation_fit f, unnest(f.input_target_id) u(id) join target t on t.target_id = u.id where f.relation = 'ms'")" 7
check_close "x pivot = mean log M*" "$(fits | awk -F, '$1 == "ms" { print $16 }')" \
    "$(sql "select avg(m.value) from target t join best_property m on m.target_id = t.target_id and m.quantity = 'logm' where t.kind = 'galaxy'")" 1e-9

# A literature compilation with an injected MZR: 12+log(O/H) = 7.4 + 0.3 (log M* - 9), scatter 0.1,
# errors 0.05 (mass) and 0.08 (metallicity) applied to the values; 400 points at z 6-10, plus an
# upper limit and a duplicate of a catalog target, both to be left out, and one point at z = 3.
awk 'function gauss() { return sqrt(-2 * log(1 - rand())) * cos(6.283185307 * rand()) }
    BEGIN { srand(1); print "name,z,logm,logm_err,oh,oh_err,oh_upper"
    for (i = 0; i < 400; i++) { m = 7 + 3 * rand(); o = 7.4 + 0.3 * (m - 9) + 0.1 * gauss()
        printf "P%d,%.2f,%.4f,0.05,%.4f,0.08,\n", i, 6 + 4 * rand(), m + 0.05 * gauss(), o + 0.08 * gauss() }
    print "LIMIT,8,8.5,0.05,7.0,0.08,true"; print "JADES_8013,8.48,7.81,0.04,7.75,0.12,"; print "LOWZ,3,9,0.05,8.5,0.08," }' > "$WORK/mzr.csv"
check "literature import" ifscat literature import "$WORK/mzr.csv" --source inj
out=$(ifscat relations --with-literature inj:6-10 --format csv 2>"$WORK/err")
row=$(fits | awk -F, '$1 == "mzr" && $4 == "own+literature"')
check_eq "own + 400 literature points" "$(cut -d, -f5,6 <<<"$row")" "407,400"
check_match "the limit and the duplicate are reported" "$(cat "$WORK/err")" "mzr, own\+literature: left out 0 without errors, 1 limits, 1 literature duplicates"
check_eq "MS and FMR have no literature points (no SFR)" "$(fits | awk -F, '$4 == "own+literature" && $1 != "mzr" { print $1 ":" $6 }' | tr '\n' ' ')" "ms:0 fmr:0 "
check_eq "the selection is stored" "$(sql "select literature from relation_fit where relation = 'mzr' and n_literature > 0")" "{inj:6-10}"
check_eq "stored literature inputs point at the literature rows" \
    "$(sql "select count(*) from relation_fit f, unnest(f.input_point_id) p(id) join literature_point lp on lp.point_id = p.id where f.n_literature > 0")" 400

# Without targets of our own (a catalog holding only the compilation) the fit sees only the
# injected line (and the one point named like a catalog target, 0.7 dex off it): slope, scatter
# and intercept come back within 3 sigma of the fit's own errors.
new_catalog injected
check "compilation alone" ifscat literature import "$WORK/mzr.csv" --source inj
out=$(ifscat relations --with-literature inj:6-10 --format csv 2>"$WORK/err")
check_match "own-sample fits impossible, and said so" "$(cat "$WORK/err")" "mzr, own \(main\): not fitted: 0 points"
row=$(fits | awk -F, '$1 == "mzr" && $4 == "own+literature"')
check_eq "401 literature points (the duplicate is no target here)" "$(cut -d, -f5,6 <<<"$row")" "401,401"
slope=$(cut -d, -f7 <<<"$row"); lo=$(cut -d, -f8 <<<"$row"); hi=$(cut -d, -f9 <<<"$row")
check_close "injected slope recovered within 3 sigma" "$slope" 0.3 "$(awk -v a="$lo" -v b="$hi" 'BEGIN { print 1.5 * (a + b) }')"
check_close "injected scatter recovered within 3 sigma" "$(cut -d, -f13 <<<"$row")" 0.1 \
    "$(awk -v a="$(cut -d, -f14 <<<"$row")" -v b="$(cut -d, -f15 <<<"$row")" 'BEGIN { print 1.5 * (a + b) }')"
check_close "injected intercept (at log M* = 0: 7.4 - 2.7) within 3 sigma" "$(cut -d, -f10 <<<"$row")" 4.7 \
    "$(awk -v a="$(cut -d, -f11 <<<"$row")" -v b="$(cut -d, -f12 <<<"$row")" 'BEGIN { print 1.5 * (a + b) }')"
check_eq "nothing stored for the impossible fits" "$(sql "select count(*) from relation_fit")" 1
export IFSCAT_DB=$MAIN_DB

# The band: 25 points per fit; at the pivot its median is the fitted line.
out=$(ifscat relations --band --format csv 2>/dev/null)
check_eq "25 band points per fit" "$(grep -c '^mzr,own (main),' <<<"$out")" 25
check_match "band rows name their fit" "$out" "^fmr,own \(main\),[0-9.]+,[0-9.]+,[0-9.]+,[0-9.]+,[0-9]+$"

# Reproducible whatever the number of threads; --alpha changes the FMR abscissa.
a=$(ifscat relations --threads 1 --format csv 2>/dev/null | cut -d, -f1-16)
b=$(ifscat relations --threads 2 --format csv 2>/dev/null | cut -d, -f1-16)
check_eq "same result with 1 and 2 threads" "$a" "$b"
out=$(ifscat relations --alpha 0.32 --format csv 2>/dev/null)
check_close "alpha 0.32: pivot = mean(log M* - 0.32 log SFR)" "$(fits | awk -F, '$1 == "fmr" { print $16 }')" \
    "$(sql "select avg(m.value - 0.32 * s.value) from target t join best_property m on m.target_id = t.target_id and m.quantity = 'logm'
            join best_property s on s.target_id = t.target_id and s.quantity = 'logsfr' where t.kind = 'galaxy'")" 1e-9

# Bad input: exit 1 or 2, nothing stored.
before=$(db_digest)
check_fails "unknown source" 1 "unknown literature source 'nope'" ifscat relations --with-literature nope
check_fails "bad selection" 2 "expected SOURCE:ZMIN-ZMAX" ifscat relations --with-literature inj:10-6
check_fails "bad alpha" 2 "--alpha needs a number" ifscat relations --alpha x
check_eq "nothing stored by the failures" "$(db_digest)" "$before"
new_catalog small
check "two galaxies only" ifscat target import data/demo/targets.csv
sql "delete from target where kind = 'satellite'" >/dev/null
sql "delete from target where name not in ('JADES_8013', 'SMACS0723_4590')" >/dev/null
check "their properties" ifscat property import <(grep -e '^name' -e '^JADES_8013,' -e '^SMACS0723_4590,' data/demo/properties.csv)
before_small=$(db_digest)
check_fails "too few points for any fit" 1 "no relation could be fitted: each needs 3 points" ifscat relations
check_eq "nothing stored" "$(db_digest)" "$before_small"
finish
