# bench_catalog.sh: importing 100,000 targets with 3 properties each from CSV (goal < 5 s, COPY),
# and the cone search among 1,000,000 targets (goal < 10 ms per query, q3c), run by bench/run.
set -eu
N=100000
T="$BENCH_TMP/catalog"
mkdir -p "$T"
awk -v n=$N 'BEGIN { srand(42); print "name,kind,ra_deg,dec_deg,z,mu,reference"
    for (i = 0; i < n; i++) printf "B%07d,galaxy,%.6f,%.6f,%.4f,%.3f,bench\n", i, 360 * rand(), 180 * rand() - 90,
        0.1 + 12 * rand(), 1 + 10 * rand() }' > "$T/targets.csv"
awk -v n=$N 'BEGIN { srand(7); print "name,quantity,value,err_lo,err_hi,unit,source,method"
    for (i = 0; i < n; i++) {
        printf "B%07d,logm,%.3f,0.05,0.06,log Msun,bench,SED\n", i, 7 + 4 * rand()
        printf "B%07d,logsfr,%.3f,0.05,0.05,log Msun/yr,bench,Hb\n", i, -1 + 3 * rand()
        printf "B%07d,oh,%.3f,0.07,0.08,dex,bench,R3\n", i, 7.2 + rand() } }' > "$T/properties.csv"

now() { date +%s.%N; }
t0=$(now)
"$IFSCAT_BIN" -q target import "$T/targets.csv" >/dev/null
t1=$(now)
"$IFSCAT_BIN" -q property import "$T/properties.csv" >/dev/null
t2=$(now)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v n=$N 'BEGIN {
    printf "RESULT\timport %d targets (CSV)\t%.2f\ts\t\t\t%.0f rows/s\n", n, b - a, n / (b - a)
    printf "RESULT\timport %d properties (CSV)\t%.2f\ts\t\t\t%.0f rows/s\n", 3 * n, c - b, 3 * n / (c - b)
    printf "RESULT\timport targets + properties\t%.2f\ts\t< 5 s\t%s\t%d targets, %d properties\n", c - a,
        (c - a < 5 ? "ok" : "MISS"), n, 3 * n }'

# 1,000,000 targets straight into the table (the import is measured above; this measures the index).
psql "$IFSCAT_DB" -q -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
SELECT setseed(0.5);
INSERT INTO ifscat.target (name, ra_deg, dec_deg, z, dl_mpc, da_mpc, scale_kpc_arcsec, age_gyr)
SELECT 'C' || i, 360 * random(), degrees(asin(2 * random() - 1)), 7, 70000, 1000, 5, 0.7
FROM generate_series(1, 900000) i; -- plus the 100,000 imported above
ANALYZE ifscat.target;
SQL
"$IFSCAT_BUILD/bench/cone_query" 1000 3
