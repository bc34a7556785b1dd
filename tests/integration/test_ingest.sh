# test_ingest.sh: ingest of a mock PRISM cube: stored metadata against independent facts (file
# size and sha256 from coreutils, the WCS written by the mock, analytic spaxel positions), the
# documented SQL examples, "unchanged" re-ingest, superseding, and a 1D spectrum beside a cube.
source tests/lib.sh
new_catalog

check_fails "ingest needs --target" 2 "--target NAME is required" ifscat ingest /dev/null
check_fails "ingest needs a file" 2 "ingest needs a FILE" ifscat ingest --target T1
check_fails "bad --medium" 2 "--medium must be air or vacuum" ifscat ingest x.fits --target T1 --medium water
check "ingest --help" ifscat ingest --help

# A target (plausible distances; target import is not this test's subject).
sql "INSERT INTO ifscat.target (name, z, mu, dl_mpc, da_mpc, scale_kpc_arcsec, age_gyr)
     VALUES ('T1', 8.45, 3.74, 86000, 1010, 2.456, 0.60), ('T2', 7.2, 1, 72000, 1100, 5.2, 0.72)"

cube=$WORK/t1.fits
check "mock" ifscat -q mock "$cube" --ra 110.8593 --dec -73.4492 --seed 11 --noise 0.05
out=$(ifscat ingest "$cube" --target T1 --program 2957 2>/dev/null)
check_match "ingest says what it did" "$out" '^ingested observation [0-9]+ of T1: .* \(57x57x941, 3249 spaxels\)$'
obs=$(sql "SELECT observation_id FROM ifscat.observation")

# Metadata against facts from outside the code.
check_eq "sha256" "$(sql "SELECT sha256 FROM ifscat.observation")" "$(sha256sum "$cube" | cut -d' ' -f1)"
check_eq "file size" "$(sql "SELECT file_size FROM ifscat.observation")" "$(stat -c %s "$cube")"
check_eq "setup" "$(sql "SELECT concat_ws('|', kind, format, instrument, grating, filter, program, status, file_name)
                         FROM ifscat.observation")" "cube|jwst-s3d|NIRSPEC|PRISM|CLEAR|2957|current|t1.fits"
check_eq "shape" "$(sql "SELECT concat_ws('x', nx, ny, nwave, cardinality(wave_um), n_spaxels) FROM ifscat.observation")" \
    "57x57x941x941x3249"
check_close "first wavelength (mock: 0.6 um)" "$(sql "SELECT wave_um[1] FROM ifscat.observation")" 0.6 1e-12
check_close "last wavelength (mock: 5.3 um)" "$(sql "SELECT wave_um[941] FROM ifscat.observation")" 5.3 1e-12
check_close "pixel scale (mock: 0.05\")" "$(sql "SELECT pixscale_arcsec FROM ifscat.observation")" 0.05 1e-9
check_close "exposure (mock header: 3000 s)" "$(sql "SELECT exptime_s FROM ifscat.observation")" 3000 1e-9
check_eq "spaxel rows" "$(sql "SELECT count(*) FROM ifscat.spaxel")" 3249
check_eq "every spectrum has 941 channels" \
    "$(sql "SELECT count(*) FROM ifscat.spaxel WHERE cardinality(flux) = 941 AND cardinality(err) = 941 AND length(mask) = 941")" 3249
# The centre spaxel (28, 28) is the WCS reference pixel: CRVAL exactly.  One spaxel east (x-1)
# is 0.05" / cos(dec) further in RA on the tangent plane (gnomonic, to 1e-9 at 0.05").
check_close "RA of the reference spaxel" "$(sql "SELECT ra_deg FROM ifscat.spaxel WHERE x = 28 AND y = 28")" 110.8593 1e-9
check_close "Dec of the reference spaxel" "$(sql "SELECT dec_deg FROM ifscat.spaxel WHERE x = 28 AND y = 28")" -73.4492 1e-9
check_close "RA step of one spaxel" \
    "$(sql "SELECT (a.ra_deg - b.ra_deg) * cos(radians(-73.4492)) * 3600 FROM ifscat.spaxel a, ifscat.spaxel b
            WHERE a.x = 27 AND a.y = 28 AND b.x = 28 AND b.y = 28")" 0.05 1e-7
check_close "Dec step of one spaxel" \
    "$(sql "SELECT (a.dec_deg - b.dec_deg) * 3600 FROM ifscat.spaxel a, ifscat.spaxel b
            WHERE a.x = 28 AND a.y = 29 AND b.x = 28 AND b.y = 28")" 0.05 1e-7
# DQ-flagged voxels (bad fraction 0.001 of 3057309) are masked: binomial 3057 +- 55, so +- 5 sigma.
masked=$(sql "SELECT n_masked FROM ifscat.observation")
check_close "masked voxels ~ bad fraction" "$masked" 3057 280
check_eq "mask column agrees with n_masked" \
    "$(sql "SELECT sum(bit_count(mask)) FROM ifscat.spaxel")" "$masked"
# The mock sets flagged voxels to NaN: bit k-1 of mask must be set exactly where flux[k] is NaN.
check_eq "mask bit k-1 is channel k" \
    "$(sql "SELECT count(*) FROM ifscat.spaxel, generate_subscripts(flux, 1) k
            WHERE (flux[k] = 'NaN') <> (get_bit(mask, k - 1) = 1)")" 0

# The SQL examples of docs/ingest.md.
spec=$(sql "SELECT cardinality(s.flux) FROM ifscat.current_observation o
            JOIN ifscat.target t ON t.target_id = o.target_id
            JOIN ifscat.spaxel s ON s.observation_id = o.observation_id AND s.target_id = o.target_id
            WHERE t.name = 'T1' AND o.kind = 'cube' AND s.x = 20 AND s.y = 21")
check_eq "spectrum of spaxel (20, 21)" "$spec" 941
unmasked=$(sql "SELECT count(*) FROM ifscat.current_observation o
                JOIN ifscat.target t ON t.target_id = o.target_id
                JOIN ifscat.spaxel s ON s.observation_id = o.observation_id AND s.target_id = o.target_id,
                     generate_subscripts(s.flux, 1) k
                WHERE t.name = 'T1' AND s.x = 20 AND s.y = 21 AND get_bit(s.mask, k - 1) = 0 AND s.flux[k] = s.flux[k]")
check_eq "unmasked channels of spaxel (20, 21) are the non-NaN ones" "$unmasked" \
    "$(sql "SELECT 941 - bit_count(mask) FROM ifscat.spaxel WHERE x = 20 AND y = 21")"
# Spaxels within 0.29" of the centre: lattice points with 0.05^2 (dx^2 + dy^2) <= 0.29^2.
want=$(awk 'BEGIN { n = 0; for (i = -6; i <= 6; i++) for (j = -6; j <= 6; j++) if (0.0025 * (i*i + j*j) <= 0.29^2) n++; print n }')
got=$(sql "SELECT count(*) FROM ifscat.current_spaxel
           WHERE q3c_radial_query(ra_deg, dec_deg, 110.8593, -73.4492, 0.29 / 3600.0)")
check_eq "cone search of 0.29 arcsec" "$got" "$want"

# Unchanged content: nothing written, says so, exit 0.
before=$(db_digest)
out=$(ifscat ingest "$cube" --target T1 2>&1)
check_match "unchanged message" "$out" "^unchanged: .* is observation $obs of T1"
check_eq "unchanged re-ingest writes nothing" "$(db_digest)" "$before"

# The same file for another target is that target's observation.
check "same file, other target" ifscat -q ingest "$cube" --target T2
check_eq "two current observations" "$(sql "SELECT count(*) FROM ifscat.current_observation")" 2

# New content for the same target and setup supersedes; the old one is kept.
cube2=$WORK/t1_v2.fits
check "mock v2" ifscat -q mock "$cube2" --ra 110.8593 --dec -73.4492 --seed 12 --noise 0.05 --linear
out=$(ifscat ingest "$cube2" --target T1 2>/dev/null)
check_match "supersedes message" "$out" "supersedes observation $obs\$"
check_eq "statuses" "$(sql "SELECT string_agg(status::text || ':' || coalesce(supersedes::text, '-'), ',' ORDER BY observation_id)
                            FROM ifscat.observation o JOIN ifscat.target t USING (target_id) WHERE t.name = 'T1'")" \
    "superseded:-,current:$obs"
check_eq "superseded spaxels kept" "$(sql "SELECT count(*) FROM ifscat.spaxel s JOIN ifscat.target t USING (target_id) WHERE t.name = 'T1'")" 6498
check_eq "current_spaxel hides the old version" \
    "$(sql "SELECT count(*) FROM ifscat.current_spaxel s JOIN ifscat.target t USING (target_id) WHERE t.name = 'T1'")" 3249
check_close "linear axis: uniform step" \
    "$(sql "SELECT (wave_um[2] - wave_um[1]) * 940 FROM ifscat.current_observation o JOIN ifscat.target t USING (target_id) WHERE t.name = 'T1'")" 4.7 1e-9

# Re-ingesting the superseded version is new content relative to the current one.
out=$(ifscat ingest "$cube" --target T1 2>/dev/null)
check_match "old content comes back as a new version" "$out" "^ingested observation .* supersedes observation"
check_eq "one current per target and setup" \
    "$(sql "SELECT count(*) FROM ifscat.current_observation o JOIN ifscat.target t USING (target_id) WHERE t.name = 'T1'")" 1

finish
