# test_literature_corecon.sh: real third-party compilations from ../shared (never copied into the
# project): the CoReCon high-z MZR and main-sequence tables through the shipped mappings, and the
# study's seed sample through its mapping.  Skips when ../shared is absent.
. tests/lib.sh
CORECON="$IFSCAT_SHARED/data/real/lit-corecon-highz"
SEED="$IFSCAT_SHARED/data/seed_sample.csv"
[ -f "$CORECON/corecon_mass_gas_metallicity_relation.csv" ] && [ -f "$SEED" ] \
    || skip "the CoReCon compilation and the seed sample are in ../shared, which is absent"
new_catalog
check "demo targets" ifscat target import data/demo/targets.csv

MZR="$CORECON/corecon_mass_gas_metallicity_relation.csv"
before=$(db_digest)
# One row (Nakajima et al. 2023, GLASS_160122) has nothing but a redshift.
check_fails "a row without quantities stops the import" 1 "corecon_mass_gas_metallicity_relation.csv: line 45: the row has no stellar mass" \
    ifscat literature import "$MZR" --source corecon-mzr --map data/literature/corecon_mzr.json
check_eq "nothing written" "$(db_digest)" "$before"
out=$(ifscat literature import "$MZR" --source corecon-mzr --map data/literature/corecon_mzr.json --skip-bad 2>&1)
check_match "252 of 253 rows imported" "$out" "imported source 'corecon-mzr': 252 points .*253 rows, 1 bad rows skipped"
# Boyett et al. 2023 (first data row): z = 9.3127, log M* = 9.4 (-0.11 +0.10), SFR = 25 (-4 +3)
# Msun/yr -> log 1.39794 (-0.07572 +0.04922), 12+log(O/H) = 7.6 +- 0.5.
q="select %s from literature_point where row_ref = 'line 3'"
check_eq "Boyett+23 reference" "$(sql "$(printf "$q" reference)")" "Boyett et al. 2023 (subm.)"
check_eq "Boyett+23 mass and errors" "$(sql "$(printf "$q" "logm || ' ' || logm_lo || ' ' || logm_hi")")" "9.4 0.11 0.1"
check_close "Boyett+23 log SFR" "$(sql "$(printf "$q" logsfr)")" 1.3979400 1e-6
check_close "Boyett+23 lower SFR error (dex)" "$(sql "$(printf "$q" logsfr_lo)")" 0.0757207 1e-6
check_close "Boyett+23 upper SFR error (dex)" "$(sql "$(printf "$q" logsfr_hi)")" 0.0492180 1e-6
check_eq "Boyett+23 metallicity" "$(sql "$(printf "$q" "oh || ' ' || oh_lo || ' ' || oh_hi")")" "7.6 0.5 0.5"
# Langeroodi et al. 2022: 12+log(O/H) < 7.51 at z = 8.15 (an upper limit); log M* 8.49 (-0.32 +0.24) at z = 8.16.
check_eq "Langeroodi+22 upper limit" "$(sql "select oh_limit from literature_point where row_ref = 'line 22'")" "upper"
check_eq "Langeroodi+22 asymmetric mass errors" "$(sql "select logm_lo || ' ' || logm_hi from literature_point where row_ref = 'line 21'")" "0.32 0.24"
check_eq "logSFR taken where given (119 rows), SFR otherwise (23 rows)" \
    "$(sql "select count(*) filter (where logsfr is not null) from literature_point")" 142

MS="$CORECON/corecon_galaxy_main_sequence.csv"
out=$(ifscat literature import "$MS" --source corecon-ms --map data/literature/corecon_ms.json --skip-bad 2>&1)
check_match "MS: the Finkelstein+22 row whose lower error exceeds its SFR is skipped, and said so" "$out" \
    "skipped .*corecon_galaxy_main_sequence.csv: line 15, column 'value': the lower error 0.8346 is not below the value 0.6128"
check_match "MS: 62 points" "$out" "62 points"

# The study's published sample through its mapping: positions match the demo targets.
check "seed sample" ifscat literature import "$SEED" --source study --map data/literature/study_sample.json
check_eq "seven galaxies match by name and position, three satellites by name" \
    "$(sql "select string_agg(matched_by || ':' || n, ' ' order by matched_by) from (select matched_by, count(*) n from target_literature where source = 'study' group by 1) x")" \
    "name:3 name+position:7"
check_eq "other sources unaffected by the study import" "$(sql "select string_agg(name || ':' || n_points, ' ' order by name) from literature_source")" \
    "corecon-ms:62 corecon-mzr:252 study:10"
finish
