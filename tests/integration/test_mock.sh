# test_mock.sh: `ifscat mock` as a user runs it: files written, the truth against published numbers
# (science.md sections 1 and 3), satellites at the asked separation, the noise of the ingested cube
# at k x ERR, reproducibility by seed, and its refusals.
source tests/lib.sh
new_catalog
sql "INSERT INTO ifscat.target (name, z, mu, dl_mpc, da_mpc, scale_kpc_arcsec, age_gyr)
     VALUES ('N', 8.15, 3.29, 81000, 990, 2.68, 0.63)"

out=$WORK/rx.fits
# z = 8.15, mu = 3.29: published lensing-corrected scale 2.680 kpc/" (science.md section 1).
check "mock with a satellite" ifscat -q mock "$out" --z 8.15 --mu 3.29 --oh 7.22 --gradient -0.13 \
    --satellite 0.6,-0.8,7.1,40,0.25 --hbeta-snr 50 --seed 4
check "cube written" test -s "$out"
truth=$WORK/rx.truth.json
check "truth written beside it" test -s "$truth"
check_close "scale (published 2.680)" "$(jq .kpc_per_arcsec "$truth")" 2.680 0.0005
check_close "satellite separation = 1 arcsec x scale" "$(jq '.satellites[0].sep_kpc' "$truth")" 2.680 0.0006
check_close "H-beta observed at 0.486268 um x 9.15" "$(jq '.lines[] | select(.name == "Hbeta") | .obs_um' "$truth")" 4.4493522 1e-7
check_close "[OIII] 5008/4960 = 2.99" "$(jq '[.lines[] | select(.name == "OIII5008" or .name == "OIII4960") | .total] | .[1] / .[0]' "$truth")" 2.99 1e-9
check_close "aperture S/N as asked" "$(jq '.lines[] | select(.name == "Hbeta") | .apertures[] | select(.radius_spaxels == 5) | .snr_optimal' "$truth")" 50 1e-9
check_eq "maps are ny rows of nx" "$(jq -c '[.maps.Hbeta | length, (.[0] | length)]' "$truth")" "[57,57]"
check_close "central metallicity (below the calibration's 7.4: extrapolated, not clamped)" "$(jq '.maps.oh_host[28][28]' "$truth")" 7.22 1e-12
check_eq "the truth says the satellite's metallicity is extrapolated" "$(jq '.satellites[0].oh_extrapolated' "$truth")" true
check_eq "same seed, same cube" "$(ifscat -q mock "$WORK/again.fits" --z 8.15 --mu 3.29 --oh 7.22 --gradient -0.13 \
    --satellite 0.6,-0.8,7.1,40,0.25 --hbeta-snr 50 --seed 4; sha256sum < "$WORK/again.fits")" "$(sha256sum < "$out")"

# Pure noise (no source): flux / ERR has standard deviation k (injected 3.1); N = 5e5 voxels
# gives the estimate to 3.1 / sqrt(2N) = 0.003.
check "noise-only mock" ifscat -q mock "$WORK/noise.fits" --hbeta 0 --k 3.1 --noise 0.7 --size 23x23 --seed 8
check "ingest it" ifscat -q ingest "$WORK/noise.fits" --target N
check_close "noise is k x ERR" "$(sql "SELECT stddev_pop(f / e) FROM ifscat.spaxel, unnest(flux, err) AS u(f, e) WHERE f = f")" 3.1 0.015
check_close "ERR is sigma / k" "$(sql "SELECT avg(e) FROM ifscat.spaxel, unnest(err) AS u(e) WHERE e = e")" "$(awk 'BEGIN { printf "%.17g", 0.7 / 3.1 }')" 1e-6

check_fails "mu below 1" 1 "--mu 0.5 is out of range: must be >= 1" ifscat mock "$WORK/x.fits" --mu 0.5
check_fails "bad number" 2 "--z: bad value 'abc'" ifscat mock "$WORK/x.fits" --z abc
check_fails "bad size, option named" 2 "--size: bad value '0'" ifscat mock "$WORK/x.fits" --size 0
check_fails "missing directory" 1 "nodir/x.fits: cannot write: No such file or directory" \
    ifscat mock "$WORK/nodir/x.fits"
check_fails "bad satellite" 2 "--satellite needs DX,DY,OH,HBETA" ifscat mock "$WORK/x.fits" --satellite 1,2
check_fails "no output" 2 "mock needs one OUT.fits" ifscat mock
check_fails "never over a directory or device" 1 "is not a regular file" ifscat mock "$WORK"
check "help" ifscat mock --help
finish
