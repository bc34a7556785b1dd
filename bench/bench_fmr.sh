# bench_fmr.sh: FMR offsets with Monte-Carlo errors for 1,000,000 catalog rows (goal < 5 s), read
# from the catalog as a stream and written as CSV; run by bench/run.
set -eu
N=1000000
psql "$IFSCAT_DB" -q -v ON_ERROR_STOP=1 >/dev/null <<SQL
SELECT setseed(0.25);
INSERT INTO ifscat.target (name, ra_deg, dec_deg, z, dl_mpc, da_mpc, scale_kpc_arcsec, age_gyr)
SELECT 'G' || lpad(i::text, 7, '0'), 360 * random(), degrees(asin(2 * random() - 1)), 7 + 3 * random(),
       80000, 900, 5, 0.6  -- distances are not read by ifscat fmr
FROM generate_series(1, $N) i;
INSERT INTO ifscat.galaxy_property (target_id, quantity, value, err_lo, err_hi, unit, source)
SELECT target_id, q.quantity, q.lo + q.span * random(), 0.03 + 0.05 * random(), 0.03 + 0.05 * random(), q.unit, 'bench'
FROM ifscat.target
CROSS JOIN (VALUES ('logm', 7.0, 3.0, 'log Msun'), ('logsfr', -1.0, 3.0, 'log Msun/yr'), ('oh', 7.0, 1.2, 'dex')) q(quantity, lo, span, unit);
VACUUM ANALYZE;
SQL
now() { date +%s.%N; }
t0=$(now)
"$IFSCAT_BIN" -q fmr --format csv > "$BENCH_TMP/fmr.csv"
t1=$(now)
"$IFSCAT_BIN" -q fmr --summary > "$BENCH_TMP/fmr-summary.txt"
t2=$(now)
rows=$(grep -vc '^#' "$BENCH_TMP/fmr.csv")
awk -v a="$t0" -v b="$t1" -v c="$t2" -v n=$N -v rows=$((rows - 1)) 'BEGIN {
    printf "RESULT\tfmr offsets, %d rows, CSV out\t%.2f\ts\t< 5 s\t%s\t%d rows written, 200 MC draws each\n", n, b - a,
        (b - a < 5 && rows == n ? "ok" : "MISS"), rows
    printf "RESULT\tfmr offsets, %d rows, mean only\t%.2f\ts\t\t\tno table output\n", n, c - b }'
