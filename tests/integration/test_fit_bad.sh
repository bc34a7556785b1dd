# test_fit_bad.sh: `ifscat fit` refuses bad input with a clear message and exit 1 (2 for usage
# errors), and leaves the catalog exactly as it was, including a write that fails half-way
# through (the previous fit of the observation survives).
source tests/lib.sh
new_catalog
printf 'name,z\nA,8.0\nB,8.0\nC,8.0\nD,8.0\n' >"$WORK/targets.csv"
check "targets" ifscat -q target import "$WORK/targets.csv"
check "mock" ifscat -q mock "$WORK/a.fits" --z 8.0 --size 9x9 --seed 41
check "ingest A" ifscat -q ingest "$WORK/a.fits" --target A
check "ingest B" ifscat -q ingest "$WORK/a.fits" --target B
check "ingest D" ifscat -q ingest "$WORK/a.fits" --target D
obs() { sql "SELECT observation_id FROM ifscat.current_observation JOIN ifscat.target USING (target_id) WHERE name = '$1' ORDER BY 1 LIMIT 1"; }
# D gets a second current observation of another setup, a disperser without a resolution curve
# (the same spectra under another grating name).
sql "WITH o AS (INSERT INTO ifscat.observation (target_id, format, file_name, file_path, file_size, sha256, kind,
         instrument, grating, filter, nx, ny, nwave, wave_um, conversion, n_spaxels, n_masked, software_version)
       SELECT target_id, format, file_name, file_path, file_size, repeat('a', 64), kind, instrument, 'X1', filter,
         nx, ny, nwave, wave_um, conversion, n_spaxels, n_masked, software_version
       FROM ifscat.observation WHERE observation_id = $(obs D) RETURNING observation_id, target_id)
     INSERT INTO ifscat.spaxel SELECT s.target_id, o.observation_id, x, y, ra_deg, dec_deg, flux, err, mask
     FROM ifscat.spaxel s, o WHERE s.observation_id = $(obs D)"
other=$(sql "SELECT max(observation_id) FROM ifscat.observation")
check "a fit of A to keep" ifscat -q fit A --regions aperture
jq '.lines[3].rest_aa = -5' data/lines.json >"$WORK/bad_wave.json"
jq '.continuum.fits[1].groups = [4]' data/lines.json >"$WORK/bad_groups.json"
printf '{"name": "x", "lines": [' >"$WORK/bad_json.json"

before=$(db_digest)
check_fails "unknown target" 1 "^ifscat: unknown target 'NOPE'" ifscat fit NOPE
check_fails "target without observation" 1 "^ifscat: target 'C' has no current observation" ifscat fit C
check_fails "target with two current observations" 1 "target 'D' has 2 current observations .*give the observation id" ifscat fit D
check_fails "unknown observation" 1 "^ifscat: unknown observation 999999" ifscat fit A --observation 999999
check_fails "observation of another target" 1 "^ifscat: observation $(obs B) belongs to target 'B', not 'A'" \
    ifscat fit A --observation "$(obs B)"
check_fails "disperser without resolution curve" 1 "observation $other \(grating 'X1'\): no resolution curve for disperser 'X1'" \
    ifscat fit D --observation "$other"
check_fails "unreadable line list" 1 "^ifscat: $WORK/none.json: cannot open" ifscat fit A --lines "$WORK/none.json"
check_fails "line list: bad value, file and key named" 1 "bad_wave.json: lines\[3\] \(HeI3889\): \"rest_aa\" must be a positive" \
    ifscat fit A --lines "$WORK/bad_wave.json"
check_fails "line list: group without continuum, file and key named" 1 "bad_groups.json: .*continuum.*group" \
    ifscat fit A --lines "$WORK/bad_groups.json"
check_fails "line list: not JSON" 1 "bad_json.json: line [0-9]+: not valid JSON" ifscat fit A --lines "$WORK/bad_json.json"
check_fails "background with too few source-free spaxels" 1 "outside the aperture \(r = [0-9.]+ spaxels around \([0-9]+, [0-9]+\)\): background: [0-9]+ source-free spaxels, at least 20 needed" \
    ifscat fit A --background
check_fails "bad --regions" 2 "regions: unknown 'rings' \(known: spaxels, smoothed, aperture, annuli\)" \
    ifscat fit A --regions spaxels,rings
check_fails "empty --regions" 2 "regions: empty selection" ifscat fit A --regions ''
check_fails "bad --aperture-radius" 2 "--aperture-radius needs a positive number of spaxels, not '-3'" \
    ifscat fit A --aperture-radius -3
check_fails "bad --annuli" 2 "--annuli needs a whole number 1-1000, not '2.5'" ifscat fit A --annuli 2.5
check_fails "bad --threads" 2 "--threads needs a whole number from 0 \(all cores\) to 1024, not 'x'" ifscat fit A --threads x
check_fails "bad --observation" 2 "--observation needs an observation id, not 'x'" ifscat fit A --observation x
check_fails "no target" 2 "fit needs a TARGET" ifscat fit
check_fails "two targets" 2 "one TARGET at a time" ifscat fit A B

# A write that fails half-way (the server refuses the group fits) rolls back the whole fit and
# leaves the previous one in place.
sql "CREATE FUNCTION pg_temp_refuse() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN RAISE EXCEPTION 'refused by the test'; END \$\$;
     CREATE TRIGGER refuse BEFORE INSERT ON ifscat.group_fit FOR EACH ROW EXECUTE FUNCTION pg_temp_refuse()"
during=$(db_digest)
check_fails "write refused half-way" 1 "refused by the test" ifscat fit A --regions aperture,annuli
check_eq "refused write: catalog unchanged, the old fit kept" "$(db_digest)" "$during"
sql "DROP TRIGGER refuse ON ifscat.group_fit; DROP FUNCTION pg_temp_refuse()"
check_eq "every refusal: catalog unchanged" "$(db_digest)" "$before"
finish
