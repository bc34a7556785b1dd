#!/usr/bin/env bash
# data/demo/mock_sample.sh [DIR]: mock NIRSpec PRISM cubes of the 7 published galaxies (targets.csv,
# properties.csv: z, mu, 12+log(O/H), gradient; satellites at their published separations) written
# to DIR (default build/demo) with their truth files, then ingested.  Needs the targets imported.
#
# Where the numbers come from:
#   --hbeta  observed H-beta flux (1e-20 erg/s/cm2) implied by the published SFR: L(H-alpha) from
#            log SFR = log L(H-alpha) - 41.27 - 0.027 (science.md section 5), L(H-beta) = L(H-alpha) /
#            2.86, times mu, over 4 pi D_L^2 (ifscat cosmology).  No dust in the mock: for
#            SXDF_NB1006-2 (published A_V = 1.6) this is the dust-corrected flux.
#   --hbeta-snr 60  noise set so that H-beta has a matched-filter S/N of 60 in the 5-spaxel aperture
#            (the fitted apertures, 5-10 spaxels, then reach H-beta S/N 14-66 and [OIII]5008 65-290,
#            and many spaxels S/N > 5).
#   --satellite DX,DY,OH,HBETA  offsets in arcsec = published host_sep_kpc / (ifscat's kpc/arcsec),
#            in a direction chosen here (not published); OH and HBETA (from the satellite's SFR) as
#            above.  Satellites are no targets of their own here: they sit in their host's cube
#            (their truth positions are in the host's .truth.json).  RX2129_11027-S1 is 6.2 kpc =
#            6.18" away at mu = 19.2, outside a 3" IFU field: its cube is 150 x 57 spaxels.
set -euo pipefail
cd "$(dirname "$0")/../.."
IFSCAT=${IFSCAT:-$PWD/build/ifscat}
DIR=${1:-build/demo}
mkdir -p "$DIR"

mock_and_ingest() { # NAME SEED MOCK-OPTIONS...
    local name=$1 seed=$2; shift 2
    "$IFSCAT" mock "$DIR/$name.fits" --seed "$seed" --hbeta-snr 60 "$@"
    "$IFSCAT" ingest "$DIR/$name.fits" --target "$name" --program 2957
}

# SMACS0723_4590: 2.456 kpc/"; S1 5.82 kpc = 2.370" (along the diagonal), S2 2.14 kpc = 0.871".
mock_and_ingest SMACS0723_4590 101 --ra 110.8593 --dec -73.4492 --z 8.45 --mu 3.74 \
    --oh 7.43 --gradient 0.06 --hbeta 224.8 --center 14,14 \
    --satellite 1.676,1.676,7.16,8.5 --satellite 0,0.871,7.16,6.2
mock_and_ingest JADES_8013 102 --ra 53.1645 --dec -27.8022 --z 8.48 --mu 1.0 \
    --oh 7.75 --gradient -0.19 --hbeta 31.3
mock_and_ingest JADES_10058975 103 --ra 53.1124 --dec -27.7746 --z 9.43 --mu 1.0 \
    --oh 7.79 --gradient -0.01 --hbeta 77.7
mock_and_ingest RX2129_11022 104 --ra 322.4003 --dec 0.0832 --z 8.15 --mu 3.29 \
    --oh 7.22 --gradient -0.13 --hbeta 100.5
# RX2129_11027: 1.003 kpc/"; S1 6.2 kpc = 6.181" along +x.
mock_and_ingest RX2129_11027 105 --ra 322.4216 --dec 0.0917 --z 9.51 --mu 19.2 \
    --oh 7.73 --gradient 0.04 --hbeta 143.0 --size 150x57 --center 14,28 \
    --satellite 6.181,0,7.29,15.7
mock_and_ingest Abell_Z7885 106 --ra 3.5960 --dec -30.3858 --z 7.89 --mu 2.12 \
    --oh 7.78 --gradient -0.05 --hbeta 179.2
mock_and_ingest SXDF_NB1006-2 107 --ra 34.7356 --dec -5.3330 --z 7.21 --mu 1.0 \
    --oh 7.78 --gradient 0.14 --hbeta 3605.9

"$IFSCAT" observation list
