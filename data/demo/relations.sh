#!/usr/bin/env bash
# data/demo/relations.sh: the analysis part of the demo (run by data/demo/run on the demo catalog):
# FMR offsets of the sample (each galaxy's best values: derived by ifscat process where it derived
# them, else published), the relation library, and the main sequence, MZR and FMR
# fitted to the sample alone and together with the CoReCon high-z compilation when ../shared holds
# it (the compilation is not shipped: GPL code, published values; see data/literature/README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
IFSCAT=${IFSCAT:-$PWD/build/ifscat}
CORECON=${IFSCAT_SHARED:-$PWD/../shared}/data/real/lit-corecon-highz
step() { printf '\n== %s\n' "$*"; }

step "offsets from the local FMR of Curti et al. (2020) (ifscat fmr)"
"$IFSCAT" fmr

step "offsets of the galaxies from the z > 3 MZR of Curti et al. (2024) (ifscat compare)"
"$IFSCAT" compare --relation curti2024_mzr --sample main --summary

step "the same from the published inputs (--imported: published values, not those ifscat derived)"
"$IFSCAT" fmr --imported

step "the study's published sample as a literature source (read through the default mapping)"
# Its published values as imported into the catalog from data/demo/targets.csv and properties.csv
# (Tables 1 and 2), one row per target, in the columns of data/literature/default.json.
pivot() { printf "max(p.value) FILTER (WHERE p.quantity = '%s') AS %s, max(p.err_lo) FILTER (WHERE p.quantity = '%s') AS %s_lo, max(p.err_hi) FILTER (WHERE p.quantity = '%s') AS %s_hi" "$1" "$1" "$1" "$1" "$1" "$1"; }
"$IFSCAT" db psql -q --csv -c "SELECT t.name, t.reference, t.ra_deg, t.dec_deg, t.z, $(pivot logm), $(pivot logsfr),
    $(pivot oh), $(pivot gradient) FROM ifscat.target t JOIN ifscat.imported_property p USING (target_id)
    WHERE p.source = 'published' GROUP BY t.target_id ORDER BY t.target_id" > build/demo-study.csv
"$IFSCAT" literature import build/demo-study.csv --source study --reference "GO 2957 IFU study, Tables 1-2"

step "gradient statistics (ifscat gradient-stats): derived, then published (-0.02 +/- 0.04, scatter 0.11)"
"$IFSCAT" gradient-stats
"$IFSCAT" gradient-stats --imported

step "main sequence, MZR and FMR of the sample (ifscat relations)"
"$IFSCAT" relations

if [ -f "$CORECON/corecon_mass_gas_metallicity_relation.csv" ]; then
    step "the CoReCon high-z compilation (from $CORECON)"
    "$IFSCAT" literature import "$CORECON/corecon_mass_gas_metallicity_relation.csv" --source corecon-mzr \
        --map data/literature/corecon_mzr.json --skip-bad
    "$IFSCAT" literature import "$CORECON/corecon_galaxy_main_sequence.csv" --source corecon-ms \
        --map data/literature/corecon_ms.json --skip-bad
    step "the same relations with the compilation's galaxies at z = 6-10"
    "$IFSCAT" relations --with-literature corecon-mzr:6-10 --with-literature corecon-ms:6-10
else
    step "relations with the literature: skipped, the CoReCon compilation is not at $CORECON"
fi
