# test_process.sh: the make-like rules of `ifscat process` and `ifscat derive` (docs/derived.md):
# what is missing or stale is done, everything else left alone; each change of an input (SED mass,
# calibration name or file content, seed, observation, fit settings) redoes exactly what depends on
# it; bad input and a write refused half-way leave the catalog unchanged; results do not depend on
# the thread count; dropping an observation takes its derive along.
source tests/lib.sh
new_catalog

printf 'name,z,mu\nA,8.0,1\nB,8.0,1\nC,8.0,1\n' >"$WORK/t.csv"
check "targets" ifscat -q target import "$WORK/t.csv"
for t in A B; do
    check "mock $t" ifscat -q mock "$WORK/$t.fits" --z 8.0 --size 31x31 --hbeta-snr 60 --seed 3
    check "ingest $t" ifscat -q ingest "$WORK/$t.fits" --target "$t"
done
derive_id() { sql "SELECT d.derive_id FROM ifscat.derive_run d JOIN ifscat.current_fit f USING (fit_id) WHERE f.target = '$1'"; }

out=$(ifscat process)
# 1933 regions: 2 x 961 spaxels (raw and smoothed), the aperture and 10 annuli.
check_match "first run: everything fitted and derived" "$out" "^processed 2 observations of 2 targets: 2 fitted, 2 derived, 0 failed"
check_match "per observation: fit and derive done" "$out" "^A, observation [0-9]+: fit done \(fit [0-9]+, 1933 regions"
before=$(db_digest)
check_match "second run: nothing to do" "$(ifscat process)" "^up to date: 2 observations of 2 targets, nothing to do"
check_eq "second run: catalog unchanged" "$(db_digest)" "$before"
check_match "derive again: unchanged" "$(ifscat derive A)" "^unchanged: fit [0-9]+ of A already has derive [0-9]+"
check_eq "derive again: catalog unchanged" "$(db_digest)" "$before"

# A new SED mass: A is derived again (Sigma_*, sSFR), B and both fits are left alone.
a0=$(derive_id A) b0=$(derive_id B)
printf 'name,quantity,value,err_lo,err_hi,source\nA,logm,8.5,0.1,0.1,sed\n' >"$WORK/m.csv"
check "SED mass" ifscat -q property import "$WORK/m.csv"
out=$(ifscat process)
check_match "new mass: one derive" "$out" "^processed 2 observations of 2 targets: 0 fitted, 1 derived"
check_match "new mass: A's derive" "$out" "^A, observation [0-9]+: fit unchanged, derive done"
check_eq "B untouched" "$(derive_id B)" "$b0"
check_eq "the mass used is recorded" "$(sql "SELECT log_mstar || ':' || (mass_property_id = (SELECT property_id FROM ifscat.current_property WHERE quantity = 'logm')) FROM ifscat.derive_run WHERE derive_id = $(derive_id A)")" "8.5:true"

# Another calibration: derive replaces A's derive; process keeps it; the old oh is history.
check_match "derive with curti2020" "$(ifscat -q derive A --calibration curti2020)" "replaces derive"
check_eq "calibration recorded" "$(sql "SELECT calibration_name FROM ifscat.derive_run WHERE derive_id = $(derive_id A)")" curti2020
check_match "process keeps the calibration" "$(ifscat process)" "^up to date"
check_eq "oh history: old value superseded by the new" \
    "$(sql "SELECT count(*) || ':' || count(*) FILTER (WHERE superseded_at IS NULL) FROM ifscat.galaxy_property p JOIN ifscat.target t USING (target_id) WHERE t.name = 'A' AND quantity = 'oh' AND source = 'ifscat'")" \
    "2:1"

# A user's calibration file whose content changes: B is derived again, A is not.
sed 's/"sigma_int": 0.10/"sigma_int": 0.11/' data/calibrations/sanders2024.json >"$WORK/mycal.json"
check "derive B with a file" ifscat -q derive B --calibration "$WORK/mycal.json"
check_match "unchanged file: up to date" "$(ifscat process)" "^up to date"
sed -i 's/"sigma_int": 0.11/"sigma_int": 0.12/' "$WORK/mycal.json"
out=$(ifscat process)
check_match "changed file: B derived again" "$out" "^B, observation [0-9]+: fit unchanged, derive done"
check_match "changed file: only B" "$out" "0 fitted, 1 derived"

# A new observation of B (new content supersedes the old): fitted and derived.
check "new mock of B" ifscat -q mock "$WORK/B2.fits" --z 8.0 --size 31x31 --hbeta-snr 60 --seed 4
check "ingest it" ifscat -q ingest "$WORK/B2.fits" --target B
check_match "new observation: fitted and derived" "$(ifscat process B)" "^processed 1 observation of 1 target: 1 fitted, 1 derived"

# Other fit settings: the re-fit takes A's derive along (cascade); process derives it again, with
# the defaults (the catalog no longer knows the calibration of the deleted derive), and keeps the
# fit's aperture radius.
check "re-fit A with another aperture" ifscat -q fit A --aperture-radius 6
check_eq "the re-fit removed A's derive" "$(sql "SELECT count(*) FROM ifscat.derive_run d JOIN ifscat.current_fit f USING (fit_id) WHERE f.target = 'A'")" 0
check_match "process: A derived, fit kept" "$(ifscat process A)" "^A, observation [0-9]+: fit unchanged, derive done"
check_eq "aperture radius kept" "$(sql "SELECT aperture_radius FROM ifscat.current_fit WHERE target = 'A'")" 6
check_eq "a new derive after a re-fit: the default calibration" "$(sql "SELECT calibration_name FROM ifscat.derive_run WHERE derive_id = $(derive_id A)")" sanders2024

# Thread count: the same numbers with 1 and 2 threads (seed 9, via seed 10 in between).
values() { sql "SELECT md5(string_agg(concat_ws(',', region_id, oh, oh_p16, oh_p84, log_sigma_sfr), ';' ORDER BY region_id)) FROM ifscat.derived_region WHERE derive_id = $(derive_id A)"; }
check "seed 9, 1 thread" ifscat -q derive A --seed 9 --threads 1
v1=$(values)
check "seed 10" ifscat -q derive A --seed 10
check "seed 9, 2 threads" ifscat -q derive A --seed 9 --threads 2
check_eq "1 and 2 threads identical" "$(values)" "$v1"
check_match "process keeps seed 9" "$(ifscat process)" "^up to date"

# Bad input: one line on stderr, exit 1 (2 for usage), catalog unchanged.
before=$(db_digest)
check_fails "unknown target" 1 "unknown target 'NOPE'" ifscat derive NOPE
check_fails "no observation" 1 "C" ifscat derive C
check_fails "process: unknown target" 1 "unknown target 'NOPE'" ifscat process A NOPE
check_fails "process: target without observation" 1 "'C' has no current observation" ifscat process C
check_fails "missing calibration file" 1 "nope.json" ifscat derive A --calibration "$WORK/nope.json"
printf '{"name": "bad"' >"$WORK/bad.json"
check_fails "invalid calibration file" 1 "bad.json" ifscat derive A --calibration "$WORK/bad.json"
check_fails "process: invalid calibration" 1 "bad.json" ifscat process --calibration "$WORK/bad.json"
check_fails "bad seed" 2 "--seed needs a whole number" ifscat derive A --seed x
check_fails "two targets" 2 "one TARGET" ifscat derive A B
check_eq "bad input: catalog unchanged" "$(db_digest)" "$before"

# An observation without fit.
check "mock C" ifscat -q mock "$WORK/C.fits" --z 8.0 --size 21x21 --seed 5
check "ingest C" ifscat -q ingest "$WORK/C.fits" --target C
before=$(db_digest)
check_fails "no fit" 1 "has no fit \(run ifscat fit C" ifscat derive C
check_eq "no fit: catalog unchanged" "$(db_digest)" "$before"

# A write the server refuses half-way (the galaxy row) rolls back the whole derive.
sql "CREATE FUNCTION pg_temp_refuse() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN RAISE EXCEPTION 'refused by the test'; END \$\$;
     CREATE TRIGGER refuse BEFORE INSERT ON ifscat.derived_galaxy FOR EACH ROW EXECUTE FUNCTION pg_temp_refuse()"
during=$(db_digest)
check_fails "write refused half-way" 1 "refused by the test" ifscat derive A --seed 11
check_eq "refused write: catalog unchanged, the old derive kept" "$(db_digest)" "$during"
sql "DROP TRIGGER refuse ON ifscat.derived_galaxy; DROP FUNCTION pg_temp_refuse()"

# Dropping an observation takes its fit and derive along.
obs=$(sql "SELECT observation_id FROM ifscat.current_fit WHERE target = 'A'")
check "drop A's observation" ifscat -q observation drop "$obs"
check_eq "its derive is gone" "$(sql "SELECT count(*) FROM ifscat.derive_run WHERE observation_id = $obs")" 0
check_eq "and its regions" "$(sql "SELECT count(*) FROM ifscat.derived_region r JOIN ifscat.target t USING (target_id) WHERE t.name = 'A'")" 0
finish
