# bench_process.sh: `ifscat process` of the whole demo sample from scratch (the 7 published
# galaxies as mock PRISM cubes, data/demo/mock_sample.sh, ingested but neither fitted nor derived:
# 7 fits of 6,500-17,500 regions and 7 derives), then the second run, which has nothing to do
# (best of 5).  Run by bench/run.
set -eu
T="$BENCH_TMP/process"
mkdir -p "$T"
now() { date +%s.%N; }
"$IFSCAT_BIN" -q target import data/demo/targets.csv
"$IFSCAT_BIN" -q property import data/demo/properties.csv
IFSCAT="$IFSCAT_BIN" bash data/demo/mock_sample.sh "$T" >/dev/null 2>&1

t0=$(now)
out=$("$IFSCAT_BIN" -q process)
t1=$(now)
u=""
for _ in 1 2 3 4 5; do
    a=$(now)
    "$IFSCAT_BIN" -q process >/dev/null
    b=$(now)
    u=$(awk -v a="$a" -v b="$b" -v u="$u" 'BEGIN { d = b - a; print (u == "" || d < u) ? d : u }')
done
regions=$(psql "$IFSCAT_DB" -XAt -c "SELECT sum(n_regions) FROM ifscat.fit_run")
derive=$(psql "$IFSCAT_DB" -XAt -c "SELECT round(sum(seconds)::numeric, 2) FROM ifscat.derive_run")
awk -v a="$t0" -v b="$t1" -v u="$u" -v o="$out" -v n="$regions" -v d="$derive" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
    w = b - a
    printf "RESULT\tprocess: demo sample from scratch\t%.1f\ts\t< 60\t%s\t%s; %d regions fitted and derived (derive computations %s s); load %s\n", w, (w < 60 ? "ok" : "MISS"), o, n, d, load
    printf "RESULT\tprocess: second run (nothing to do)\t%.3f\ts\t< 1\t%s\tbest of 5, the whole command\n", u, (u < 1 ? "ok" : "MISS") }'
