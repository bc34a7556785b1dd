# test_fit.sh: `ifscat fit` on a mock PRISM cube against the injected truth of its .truth.json
# (docs/mock.md): aperture fluxes and redshift, honest spaxel errors, the stored geometry, summed
# spectrum and model; then the re-fit rules, thread-count independence and the cascade on drop.
#
# Brightness: --hbeta-snr 200 gives the 5-spaxel aperture an H-beta S/N of about 150 in the fit
# (the fit's errors include the continuum and the free redshift and width), so the issue's 3%
# is more than 4 sigma: the check fails for a bias, not by chance (probability < 1e-4).
source tests/lib.sh
new_catalog

# The catalogue redshift (the fit's prior) is 0.02 off the injected 8.50: the fit has to find it.
# At z = 8.48, mu = 1 the published scale is 4.738 kpc/" (science.md section 1).
printf 'name,z,mu\nMOCKFIT,8.48,1\n' >"$WORK/targets.csv"
check "import target" ifscat -q target import "$WORK/targets.csv"
cube=$WORK/mockfit.fits truth=$WORK/mockfit.truth.json
check "mock cube" ifscat -q mock "$cube" --z 8.50 --mu 1 --hbeta-snr 200 --seed 21 --size 41x41
check "ingest it" ifscat -q ingest "$cube" --target MOCKFIT

out=$(ifscat fit MOCKFIT --aperture-radius 5 --threads 2 2>"$WORK/progress")
check_match "fitted" "$out" "^fitted observation [0-9]+ of MOCKFIT \(PRISM\): fit [0-9]+, 3368 regions: 1681 spaxels, 1681 smoothed, aperture r = 5 spaxels, 5 annuli$"
check_match "progress on stderr: regions done and rate" "$(cat "$WORK/progress")" "fitted 3368/3368 regions, [0-9]+ regions/s"

truth_ap() { jq ".lines[] | select(.name == \"$1\") | .apertures[] | select(.radius_spaxels == 5) | .$2" "$truth"; }
fitted() { sql "SELECT $2 FROM ifscat.current_line_fit WHERE target = 'MOCKFIT' AND kind = 'aperture' AND line = '$1'"; }
for line in Hbeta OIII5008; do
    t=$(truth_ap $line flux)
    f=$(fitted $line flux) e=$(fitted $line err) snr=$(fitted $line snr)
    CHECKS=$((CHECKS + 1)); awk -v s="$snr" 'BEGIN { exit !(s > 30) }' || fail "aperture $line S/N $snr, want > 30"
    check_close "aperture $line within 3% of the truth ($t)" "$f" "$t" "$(awk -v t="$t" 'BEGIN { print 0.03 * t }')"
    check_close "aperture $line within 3 sigma of the truth" "$f" "$t" "$(awk -v e="$e" 'BEGIN { print 3 * e }')"
done
z=$(fitted OIII5008 z)
check_close "aperture redshift within 0.002 (1 + z) of 8.50" "$z" 8.50 "$(awk 'BEGIN { print 0.002 * 9.50 }')"

# Honest errors: over spaxels with S/N > 5, (fit - truth) / error has a spread of 0.8-1.25.  The
# truth is the noise-free map of each injected line (0 for the lines the mock does not inject).
jq -r '.maps | to_entries[] | select(.key != "continuum_lambda0" and .key != "oh_host") | .key as $l
       | .value | to_entries[] | .key as $y | .value | to_entries[] | "\($l),\(.key),\($y),\(.value)"' "$truth" >"$WORK/truth.csv"
sql "SELECT line, x, y, flux, err FROM ifscat.current_line_fit WHERE target = 'MOCKFIT' AND kind = 'spaxel' AND snr > 5" \
    | tr '|' ',' >"$WORK/spaxels.csv"
read -r n sd <<<"$(awk -F, 'NR == FNR { t[$1 "," $2 "," $3] = $4; next }
    { p = ($4 - t[$1 "," $2 "," $3]) / $5; s += p; s2 += p * p; n++ }
    END { m = s / n; printf "%d %.4f\n", n, sqrt(s2 / n - m * m) }' "$WORK/truth.csv" "$WORK/spaxels.csv")"
CHECKS=$((CHECKS + 1)); [ "$n" -gt 500 ] || fail "spaxel lines with S/N > 5: $n, want > 500"
check_close "spaxel pulls: standard deviation in 0.8-1.25 ($n lines)" "$sd" 1.025 0.225

# Geometry: the centre is the injected one, the aperture has the truth's spaxel count, radii in
# kpc are spaxels x 0.05" x the published 4.738 kpc/" (given to 4 digits).
check_eq "centre = the injected centre spaxel" "$(sql "SELECT centre_x || ',' || centre_y FROM ifscat.fit_run")" \
    "$(jq -r '"\(.centre.spaxel_x),\(.centre.spaxel_y)"' "$truth")"
check_eq "aperture spaxels as the truth counts them" "$(sql "SELECT n_spaxels FROM ifscat.region WHERE kind = 'aperture'")" \
    "$(truth_ap Hbeta n_spaxels)"
check_close "aperture radius in kpc: 5 x 0.05 x 4.738" "$(sql "SELECT r_out_kpc FROM ifscat.region WHERE kind = 'aperture'")" \
    1.1845 0.00013
check_eq "annuli: 5 of 5, 8, 16, 20, 32 spaxels (counted by hand)" \
    "$(sql "SELECT string_agg(n_spaxels::text, ',' ORDER BY number) FROM ifscat.region WHERE kind = 'annulus'")" "5,8,16,20,32"
# The continuum map: mean f_lambda over rest 4393-4810 A of the injected lambda^-2 continuum,
# lambda0^2 / (4393 x 4810) times its value at lambda0 (observed H-beta), summed within 5 spaxels
# of the centre.  Line masks trim the window to about 4432-4798 A (-0.7%), the noise is 0.6%:
# 3% tolerance.
c=$(jq -r '"\(.centre.spaxel_x) \(.centre.spaxel_y)"' "$truth")
want=$(jq --argjson cx "${c% *}" --argjson cy "${c#* }" '[.maps.continuum_lambda0 | to_entries[] | .key as $y | .value
       | to_entries[] | select((.key - $cx) * (.key - $cx) + ($y - $cy) * ($y - $cy) <= 25) | .value]
       | add * 4862.68 * 4862.68 / (4393 * 4810)' "$truth")
check_eq "the continuum map covers the cube" "$(sql "SELECT count(*) FROM ifscat.fit_map")" 1681
check_close "the continuum map against the injected continuum" \
    "$(sql "SELECT sum(continuum) FROM ifscat.fit_map m, ifscat.fit_run f WHERE (m.x - f.centre_x) ^ 2 + (m.y - f.centre_y) ^ 2 <= 25")" \
    "$want" "$(awk -v w="$want" 'BEGIN { print 0.03 * w }')"

# The stored aperture spectrum is the sum of its spaxels (channel 500, float rounding) ...
sum=$(sql "SELECT sum(s.flux[500]) FROM ifscat.spaxel s, ifscat.fit_run f
           WHERE (s.x - f.centre_x) ^ 2 + (s.y - f.centre_y) ^ 2 <= 25 AND s.flux[500] <> 'NaN'")
check_close "aperture spectrum = sum of its spaxels" \
    "$(sql "SELECT flux[500] FROM ifscat.region_spectrum JOIN ifscat.region USING (target_id, fit_id, region_id) WHERE kind = 'aperture'")" \
    "$sum" "$(awk -v s="$sum" 'BEGIN { print (s < 0 ? -s : s) * 1e-5 + 1e-3 }')"
# ... and its model's lines, integrated over 4.50-4.85 um, hold the injected H-beta + [OIII].
lines=$(sql "SELECT sum((s.model[k] - s.continuum[k]) * (o.wave_um[k + 1] - o.wave_um[k - 1]) / 2 * 1e4)
             FROM ifscat.region_spectrum s JOIN ifscat.region r USING (target_id, fit_id, region_id)
             JOIN ifscat.fit_run f USING (fit_id) JOIN ifscat.observation o ON o.observation_id = f.observation_id,
             generate_subscripts(s.model, 1) k
             WHERE r.kind = 'aperture' AND o.wave_um[k] BETWEEN 4.50 AND 4.85")
want=$(jq '[.lines[] | select(.name == "Hbeta" or .name == "OIII4960" or .name == "OIII5008") | .apertures[]
            | select(.radius_spaxels == 5) | .flux] | add' "$truth")
check_close "model lines of the aperture = injected H-beta + [OIII] within 1% (their errors: 0.1%)" "$lines" "$want" "$(awk -v w="$want" 'BEGIN { print 0.01 * w }')"
check_match "the pleasant query: spaxels with [OIII] S/N > 5 in galaxies above z = 8" \
    "$(sql "SELECT count(*) FROM ifscat.current_line_fit WHERE kind = 'spaxel' AND line = 'OIII5008' AND snr > 5 AND target_z > 8")" "^[1-9][0-9]+$"

# Re-fit rules: the same settings write nothing, whatever the thread count.
before=$(db_digest)
out=$(ifscat fit MOCKFIT --aperture-radius 5 --threads 1 2>&1)
check_match "second fit: unchanged" "$out" "^unchanged: observation [0-9]+ of MOCKFIT already has fit [0-9]+ with these settings"
check_eq "second fit: catalog unchanged" "$(db_digest)" "$before"

# Results do not depend on the thread count: the fit again from scratch on one thread.
values="SELECT md5(string_agg(concat_ws(',', region_id, line, flux, err, snr, status), ';' ORDER BY region_id, line)) FROM ifscat.line_fit"
two=$(sql "$values")
sql "DELETE FROM ifscat.fit_run"
check_eq "the delete cascades to every fit table" \
    "$(sql "SELECT (SELECT count(*) FROM ifscat.region) + (SELECT count(*) FROM ifscat.line_fit) + (SELECT count(*) FROM ifscat.group_fit)
            + (SELECT count(*) FROM ifscat.fit_map) + (SELECT count(*) FROM ifscat.region_spectrum) + (SELECT count(*) FROM ifscat.fit_line)")" 0
check "fit on one thread" ifscat -q fit MOCKFIT --aperture-radius 5 --threads 1
check_eq "1 and 2 threads: identical line fits" "$(sql "$values")" "$two"

# Other settings replace the fit: one fit per observation.
old=$(sql "SELECT fit_id FROM ifscat.fit_run")
out=$(ifscat fit MOCKFIT --aperture-radius 5 --annuli 3 2>/dev/null)
check_match "other settings: a new fit replacing the old" "$out" "fit [0-9]+, .*, 3 annuli; replaces fit $old$"
check_eq "still one fit of the observation" "$(sql "SELECT count(*) || ',' || max(settings ->> 'annuli') FROM ifscat.fit_run")" "1,3"
check_eq "no rows of the old fit left" "$(sql "SELECT count(*) FROM ifscat.line_fit WHERE fit_id = $old")" 0
check "quiet: nothing on stderr" test -z "$(ifscat fit MOCKFIT --regions aperture -q 2>&1 >/dev/null)"
check_eq "regions as asked; the maps and centre all the same" \
    "$(sql "SELECT string_agg(DISTINCT kind::text, ','), (SELECT count(*) FROM ifscat.fit_map), (SELECT centre_x IS NOT NULL FROM ifscat.fit_run) FROM ifscat.region")" \
    "aperture|1681|t"
# Background subtraction: measured in the source-free spaxels (flagged in the map); the mock has
# no background, so the aperture's H-beta stays within 3% of the truth.
check "fit with --background" ifscat -q fit MOCKFIT --aperture-radius 5 --regions aperture --background
check_eq "background from the flagged spaxels, at least 20" \
    "$(sql "SELECT background_spaxels = (SELECT count(*) FROM ifscat.fit_map WHERE background) AND background_spaxels >= 20 FROM ifscat.fit_run")" t
t=$(truth_ap Hbeta flux)
check_close "background: aperture H-beta within 3%" "$(fitted Hbeta flux)" "$t" "$(awk -v t="$t" 'BEGIN { print 0.03 * t }')"
sql "UPDATE ifscat.target SET z = 8.44 WHERE name = 'MOCKFIT'"
check_match "a changed catalogue redshift is a new setting" "$(ifscat fit MOCKFIT --regions aperture -q)" "^fitted .*replaces fit"

# Two fits of the same observation at once: the lock lets one write; the other finds its result
# (before fitting, or under the lock after) and writes nothing.
sql "DELETE FROM ifscat.fit_run"
ifscat fit MOCKFIT --regions aperture -q >"$WORK/c1" 2>&1 &
ifscat fit MOCKFIT --regions aperture -q >"$WORK/c2" 2>&1 &
wait
check_eq "concurrent fits: one fitted, one unchanged" "$(cat "$WORK/c1" "$WORK/c2" | grep -Eo '^(fitted|unchanged)' | sort | tr '\n' ' ')" \
    "fitted unchanged "
check_eq "concurrent fits: one fit stored" "$(sql "SELECT count(*) FROM ifscat.fit_run")" 1

obs=$(sql "SELECT observation_id FROM ifscat.observation")
check "drop the observation" ifscat -q observation drop "$obs"
check_eq "its fit went with it" "$(sql "SELECT (SELECT count(*) FROM ifscat.fit_run) + (SELECT count(*) FROM ifscat.line_fit)")" 0

# A catalog made before migration 0003 existed but after a later one (0005 landed first): it is
# behind, and `db migrate` adds the fit tables.
new_catalog gap
sql "SET client_min_messages = warning; DROP TABLE ifscat.region_spectrum, ifscat.fit_map, ifscat.group_fit, ifscat.line_fit, ifscat.region,
         ifscat.fit_line, ifscat.fit_run CASCADE; DROP TYPE ifscat.region_kind, ifscat.fit_status;
     DELETE FROM ifscat.schema_migration WHERE version = 3"
check_fails "a catalog without 0003 is behind" 1 "the catalog schema is at version 2 but this ifscat needs [0-9]+: run 'ifscat db migrate'" \
    ifscat fit MOCKFIT
check_match "migrate applies the missing one" "$(ifscat db migrate)" "applied 1 migration"
check_eq "the fit tables are back" "$(sql "SELECT count(*) FROM ifscat.fit_run")" 0
finish
