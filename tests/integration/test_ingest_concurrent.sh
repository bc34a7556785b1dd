# test_ingest_concurrent.sh: two ingests at once never duplicate or half-write, and each says what
# happened; an ingest killed with SIGKILL at any moment leaves the whole observation or nothing.
source tests/lib.sh
new_catalog

targets() {
    for name in "$@"; do
        sql "INSERT INTO ifscat.target (name, z, mu, dl_mpc, da_mpc, scale_kpc_arcsec, age_gyr)
             VALUES ('$name', 8.0, 1, 80000, 1000, 4.9, 0.65)"
    done
}
cube_a=$WORK/a.fits cube_b=$WORK/b.fits
check "mock a" ifscat -q mock "$cube_a" --seed 21
check "mock b" ifscat -q mock "$cube_b" --seed 22
count() { sql "SELECT count(*) FROM ifscat.$1 x JOIN ifscat.target t USING (target_id) WHERE t.name = '$2'"; }

# The same file twice at once, three times over: one observation, one "ingested", one "unchanged".
for round in 1 2 3; do
    t=SAME$round
    targets $t
    ifscat ingest "$cube_a" --target $t >"$WORK/o1" 2>&1 & p1=$!
    ifscat ingest "$cube_a" --target $t >"$WORK/o2" 2>&1 & p2=$!
    wait $p1; r1=$?
    wait $p2; r2=$?
    check_eq "same file at once ($round): both exit 0" "$r1 $r2" "0 0"
    check_eq "same file at once ($round): one observation" "$(count observation $t)" 1
    check_eq "same file at once ($round): one set of spaxels" "$(count spaxel $t)" 3249
    said=$(cat "$WORK/o1" "$WORK/o2")
    check_eq "same file at once ($round): one says ingested" "$(grep -c '^ingested observation' <<<"$said")" 1
    check_eq "same file at once ($round): one says unchanged" "$(grep -c '^unchanged: ' <<<"$said")" 1
done

# Two versions of the same target and setup at once: serialised, the later supersedes the earlier.
targets TWO
ifscat ingest "$cube_a" --target TWO >"$WORK/o1" 2>&1 & p1=$!
ifscat ingest "$cube_b" --target TWO >"$WORK/o2" 2>&1 & p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
check_eq "two versions at once: both exit 0" "$r1 $r2" "0 0"
check_eq "two versions at once: one current, one superseded" \
    "$(sql "SELECT string_agg(status::text, ',' ORDER BY status) FROM ifscat.observation o JOIN ifscat.target t USING (target_id) WHERE t.name = 'TWO'")" \
    "current,superseded"
check_eq "two versions at once: both complete" "$(count spaxel TWO)" 6498
check_eq "two versions at once: the current one supersedes the other" \
    "$(sql "SELECT count(*) FROM ifscat.observation c JOIN ifscat.observation s ON c.supersedes = s.observation_id
            JOIN ifscat.target t ON t.target_id = c.target_id WHERE t.name = 'TWO' AND c.status = 'current'")" 1
check_match "two versions at once: one reports superseding" "$(cat "$WORK/o1" "$WORK/o2")" "supersedes observation"

# SIGKILL at moments spread over hashing, reading, COPY, commit and after.
idle() { # waits until no other session works on this database (the killed one's backend rolled back)
    for _ in $(seq 100); do
        [ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")" = 0 ] && return
        sleep 0.1
    done
}
nothing=0 whole=0 i=0
for delay in 0.03 0.06 0.1 0.14 0.18 0.22 0.26 0.3 0.35 0.45 0.7 1.5; do
    i=$((i + 1)); t=KILL$i
    targets $t
    "$IFSCAT_BIN" -q ingest "$cube_a" --target $t >/dev/null 2>&1 & pid=$! # the binary itself, not a subshell
    sleep $delay
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    idle
    n_obs=$(count observation $t) n_spx=$(count spaxel $t)
    case "$n_obs/$n_spx" in
        0/0) nothing=$((nothing + 1)) ;;
        1/3249) whole=$((whole + 1)) ;;
        *) fail "kill after ${delay}s: half state: $n_obs observations, $n_spx spaxels" ;;
    esac
    CHECKS=$((CHECKS + 1))
    # No lock or row is left behind: the same ingest now completes (or finds the file unchanged).
    check "kill after ${delay}s: the target can be ingested again" ifscat -q ingest "$cube_a" --target $t
    check_eq "kill after ${delay}s: then exactly one whole observation" "$(count observation $t)/$(count spaxel $t)" "1/3249"
done
echo "killed ingests: $nothing left nothing, $whole had committed"
CHECKS=$((CHECKS + 1))
[ $nothing -ge 1 ] || fail "no kill landed before the commit: the test did not exercise a rollback"

finish
