# bench_relations.sh: main sequence, MZR and FMR fitted to the own sample and to the own sample plus
# 100,000 literature points, and stored with their points (goal < 1 s); run by bench/run.
set -eu
N=100000
T="$BENCH_TMP/relations"
mkdir -p "$T"
"$IFSCAT_BIN" -q target import data/demo/targets.csv >/dev/null
"$IFSCAT_BIN" -q property import data/demo/properties.csv >/dev/null
# A compilation like the published ones: errors of 0.05-0.30 dex quoted to 0.01 dex and applied to
# the values; a main sequence with 0.3 dex and an MZR with 0.2 dex of intrinsic scatter.
awk -v n=$N 'function gauss() { return sqrt(-2 * log(1 - rand())) * cos(6.283185307 * rand()) }
    BEGIN { srand(11); print "name,z,logm,logm_err,logsfr,logsfr_err,oh,oh_err"
    for (i = 0; i < n; i++) {
        m = 7 + 4 * rand(); em = 0.01 * int(5 + 26 * rand()); es = 0.01 * int(5 + 26 * rand()); eo = 0.01 * int(5 + 26 * rand())
        s = 0.8 * (m - 9) + 1 + 0.3 * gauss(); o = 7.7 + 0.25 * (m - 9) + 0.2 * gauss()
        printf "L%06d,%.3f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f\n", i, 6 + 4 * rand(), m + em * gauss(), em, s + es * gauss(), es,
            o + eo * gauss(), eo } }' > "$T/lit.csv"
"$IFSCAT_BIN" -q literature import "$T/lit.csv" --source bench >/dev/null
now() { date +%s.%N; }
t0=$(now)
"$IFSCAT_BIN" -q relations --with-literature bench:0-20 --format csv > "$T/fits.csv"
t1=$(now)
fitted=$(grep -c '^[a-z]*,.*,own+literature,' "$T/fits.csv" || true)
awk -v a="$t0" -v b="$t1" -v n=$N -v f="$fitted" 'BEGIN {
    printf "RESULT\trelations, own + %d literature points\t%.2f\ts\t< 1 s\t%s\tMS, MZR, FMR fitted and stored (%d with literature)\n",
        n, b - a, (b - a < 1 && f == 3 ? "ok" : "MISS"), f }'
