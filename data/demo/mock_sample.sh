#!/usr/bin/env bash
# data/demo/mock_sample.sh [DIR]: mock NIRSpec PRISM cubes of the galaxies of the catalog as
# published (ifscat mock --like: position, z, mu, 12+log(O/H), gradient, H-beta from the published
# SFR, satellites at their published separations), written to DIR (default build/demo) with their
# truth files, ingested, and the satellites' mock positions imported.  Needs the demo targets and
# properties imported first (data/demo/run does it).
#   --hbeta-snr 60: the noise that gives H-beta a matched-filter S/N of 60 in the 5-spaxel
#   aperture; the fitted apertures (5-10 spaxels) then reach H-beta S/N 15-70 and [OIII]5008
#   70-290, and many spaxels S/N > 5.
set -euo pipefail
cd "$(dirname "$0")/../.."
IFSCAT=${IFSCAT:-$PWD/build/ifscat}
DIR=${1:-build/demo}
mkdir -p "$DIR"

seed=100
for name in $("$IFSCAT" target list --kind galaxy --format csv | awk -F, '!/^#/ && $1 != "name" { print $1 }'); do
    seed=$((seed + 1))
    "$IFSCAT" mock "$DIR/$name.fits" --like "$name" --seed "$seed" --hbeta-snr 60
    "$IFSCAT" ingest "$DIR/$name.fits" --target "$name" --program 2957
    [ -f "$DIR/$name.satellites.csv" ] && "$IFSCAT" target import "$DIR/$name.satellites.csv"
done
"$IFSCAT" observation list
