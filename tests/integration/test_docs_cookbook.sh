# test_docs_cookbook.sh: every SQL block of docs/cookbook.md runs on a catalog with the published
# sample, a mock cube of SMACS0723_4590 with its satellites placed, a literature source and the
# relation fits, returns rows, and the answers that published values fix are checked.
. tests/lib.sh
new_catalog
check "demo targets" ifscat -q target import data/demo/targets.csv
check "demo properties" ifscat -q property import data/demo/properties.csv
check "mock cube" ifscat -q mock "$WORK/smacs.fits" --like SMACS0723_4590 --seed 7 --hbeta-snr 60
check "ingest" ifscat -q ingest "$WORK/smacs.fits" --target SMACS0723_4590
check "satellite positions" ifscat -q target import "$WORK/smacs.satellites.csv"
check "line fits" ifscat -q fit SMACS0723_4590
check "derived quantities" ifscat -q derive SMACS0723_4590
# A point 0.5" north of JADES_8013 (53.1645, -27.8022) and one far away.
cat > "$WORK/lit.csv" <<'CSV'
name,ra_deg,dec_deg,z,logm,logm_err,oh,oh_err,reference
A,53.1645,-27.80206111,8.47,7.9,0.1,7.7,0.1,Doe+2024
B,150.1,2.2,6.1,9.0,0.1,8.1,0.1,Roe+2023
CSV
check "literature" ifscat -q literature import "$WORK/lit.csv" --source lit
check "relation fits" ifscat -q relations

blocks=$(awk '/^```sql$/ { on = 1; n++; next } /^```$/ { on = 0; next } on { print n "\t" $0 }' docs/cookbook.md)
nblocks=$(cut -f1 <<<"$blocks" | sort -nu | tail -1)
check "at least ten questions" test "$nblocks" -ge 10
declare -A answer
for i in $(seq 1 "$nblocks"); do
    query=$(awk -F'\t' -v i="$i" '$1 == i { sub(/^[0-9]+\t/, ""); print }' <<<"$blocks")
    answer[$i]=$(psql "$IFSCAT_DB" -X -q -At -F'|' -v ON_ERROR_STOP=1 -c "$query" 2>&1) \
        || fail "query $i failed: ${answer[$i]}"
    CHECKS=$((CHECKS + 1))
    check "query $i returns rows" test -n "${answer[$i]}"
done

# 1. Published offsets (Table 2): S2 -0.86, S1 -0.67, RX2129_11027-S1 -0.62; the hosts' best
# gradients: SMACS0723_4590's derived here, RX2129_11027's published 0.04.
smacs_gradient=$(sql "SELECT gradient_slope FROM derived_galaxy")
check_eq "1: satellites below -0.5 dex with their hosts' gradients" \
    "$(cut -d'|' -f1,2,4,5 <<<"${answer[1]}" | tr '\n' ' ')" \
    "SMACS0723_4590-S2|-0.86|SMACS0723_4590|$smacs_gradient SMACS0723_4590-S1|-0.67|SMACS0723_4590|$smacs_gradient RX2129_11027-S1|-0.62|RX2129_11027|0.04 "
# 2 and 13. Only SMACS0723_4590 (z = 8.45) has a cube; its brightest [OIII] spaxel, fitted or in
# the raw peak channel, is within 2 spaxels of the centre the mock put the galaxy at (its truth file).
cx=$(jq .centre.spaxel_x "$WORK/smacs.truth.json") cy=$(jq .centre.spaxel_y "$WORK/smacs.truth.json")
for i in 2 13; do
    check_eq "$i: only the galaxy with a cube" "$(cut -d'|' -f1 <<<"${answer[$i]}" | sort -u)" "SMACS0723_4590"
    IFS='|' read -r _ _ x y _ <<<"$(head -1 <<<"${answer[$i]}")"
    check "$i: the brightest [OIII] spaxel ($x, $y) is the galaxy's centre ($cx, $cy)" \
        test $(( (x - cx) ** 2 + (y - cy) ** 2 )) -le 4
done
# 3. The literature point placed 0.5" from JADES_8013.
IFS='|' read -r name source lit _ sep _ <<<"${answer[3]}"
check_eq "3: the match" "$name $source $lit" "JADES_8013 lit A"
check_close "3: its separation" "$sep" 0.5 0.005
# 4. The published mean gradient -0.02 (+/- 0.04), scatter 0.11 dex/kpc, of the 7 galaxies.
IFS='|' read -r n mean err scatter <<<"${answer[4]}"
check_eq "4: seven gradients" "$n" 7
check_close "4: mean gradient" "$mean" -0.02 0.005
check_close "4: standard error" "$err" 0.04 0.005
check_close "4: scatter" "$scatter" 0.11 0.005
check_eq "5: the published metallicity, then the derived one" "$(cut -d'|' -f2,5 <<<"${answer[5]}" | tr '\n' ' ')" \
    "7.43|published $(sql "SELECT oh FROM derived_galaxy")|ifscat "
check_eq "6: six galaxies without a cube" "$(wc -l <<<"${answer[6]}")" 6
check_eq "7: one summed value per channel" "$(wc -l <<<"${answer[7]}")" "$(sql "SELECT nwave FROM observation")"
check_eq "7: nine spaxels in most channels" "$(cut -d'|' -f5 <<<"${answer[7]}" | sort | uniq -c | sort -nr | head -1 | awk '{ print $2 }')" 9
check_close "8: spaxel size in kpc" "$(cut -d'|' -f6 <<<"${answer[8]}")" \
    "$(sql "SELECT o.pixscale_arcsec * t.scale_kpc_arcsec FROM observation o JOIN target t USING (target_id)")" 1e-9
# 9. The highest sSFR from the published masses and SFRs, computed here.
top=$(awk -F, '$2 == "logm" { m[$1] = $3 } $2 == "logsfr" { s[$1] = $3 }
               END { for (g in m) if ((g in s) && g !~ /-S[0-9]$/) print s[g] - m[g], g }' data/demo/properties.csv \
      | sort -gr | head -1 | cut -d' ' -f2)
check_eq "9: the highest specific SFR first" "$(head -1 <<<"${answer[9]}" | cut -d'|' -f1)" "$top"
check_eq "10: the points of the latest MZR fit" "$(wc -l <<<"${answer[10]}")" \
    "$(sql "SELECT n_points FROM relation_fit WHERE fit_id = (SELECT max(fit_id) FROM relation_fit WHERE relation = 'mzr')")"
check_eq "11: one z bin each" "$(cut -d'|' -f1,3,4 <<<"${answer[11]}" | tr '\n' ' ')" "lit|6|1 lit|8|1 "
# 14. The mock's line ratios follow its metallicity 12+log(O/H) = oh0 + gradient r through the
# R3 calibration of Sanders et al. (2024): log R3 = 0.834 - 0.072 x - 0.453 x^2, x = 12+log(O/H) - 8.
# Every annulus within 3 sigma plus 5 per cent (the PSF mixes neighbouring radii).
check_eq "14: annuli in order" "$(cut -d'|' -f2 <<<"${answer[14]}" | tr '\n' ' ')" \
    "$(seq 1 "$(wc -l <<<"${answer[14]}")" | tr '\n' ' ')"
oh0=$(jq .params.oh0 "$WORK/smacs.truth.json") grad=$(jq .params.gradient_dex_per_kpc "$WORK/smacs.truth.json")
off=$(awk -F'|' -v oh0="$oh0" -v g="$grad" '{
        x = oh0 + g * $3 - 8; want = 10 ^ (0.834 - 0.072 * x - 0.453 * x * x); d = $4 - want; if (d < 0) d = -d
        if (d > 3 * $5 + 0.05 * want) printf "annulus %d: R3 %.2f, want %.2f +- %.2f; ", $2, $4, want, 3 * $5 + 0.05 * want
    }' <<<"${answer[14]}")
check_eq "14: R3 of every annulus as the calibration predicts" "$off" ""
check_eq "15: the derived metallicity beside the published 7.43" "$(cut -d'|' -f1,5,6 <<<"${answer[15]}")" "SMACS0723_4590|ifscat|7.43"
check_close "15: the difference" "$(cut -d'|' -f7 <<<"${answer[15]}")" \
    "$(sql "SELECT oh - 7.43 FROM derived_galaxy")" 1e-9
check_eq "16: every smoothed spaxel with a metallicity" "$(wc -l <<<"${answer[16]}")" \
    "$(sql "SELECT count(*) FROM derived_region d JOIN region r USING (target_id, fit_id, region_id)
            WHERE r.kind = 'smoothed' AND d.oh IS NOT NULL")"
check_eq "12: the galaxy and its placed satellites, nearest first" "$(cut -d'|' -f1 <<<"${answer[12]}" | tr '\n' ' ')" \
    "SMACS0723_4590 SMACS0723_4590-S2 SMACS0723_4590-S1 "
finish
