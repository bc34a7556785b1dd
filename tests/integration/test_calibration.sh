# test_calibration.sh: `ifscat calibration list|show`: the shipped calibrations with the
# coefficients of science.md section 4, turnovers computed by hand, a user's file without
# recompiling, and the errors.
. tests/lib.sh
list=$(ifscat calibration list --format csv | grep -v '^#')
check_match "list: sanders2024 with its valid range" "$list" '^sanders2024,8(\.0*)?,7\.4,8\.3,R3 Ne3O2 O32 R2 R23,'
check_match "list: curti2020" "$list" '^curti2020,8\.69,'

show=$(ifscat calibration show sanders2024 --format csv | grep -v '^#')
check_match "Sanders R3 polynomial" "$show" '^sanders2024,R3,OIII5008/Hbeta,0\.834 - 0\.072x - 0\.453x\^2,'
check_match "Sanders R23 sums three lines" "$show" ',R23,\(OII3728\+OIII4960\+OIII5008\)/Hbeta,'
# Turnover of R3 by hand: x = -0.072 / (2 * 0.453) = -0.07947, 12+log(O/H) = 7.9205.
r3_turn=$(awk -F, '$2 == "R3" { print $9 }' <<<"$show")
check_close "Sanders R3 turnover" "$r3_turn" 7.9205298 1e-4
check_eq "Ne3O2 has no turnover" "$(awk -F, '$2 == "Ne3O2" { print $9 }' <<<"$show")" ""
check_match "scatter labelled an assumption" "$show" 'R3,.*assumption'

# A user's calibration works without recompiling: a linear R3 has no turnover.
cat >"$WORK/mine.json" <<'JSON'
{"name": "mine", "reference": "test", "x_offset": 8.0, "valid_range": [7.0, 8.5],
 "diagnostics": {"R3": {"numerator": ["OIII5008"], "denominator": ["Hbeta"], "coefficients": [0.5, -0.25],
                        "sigma_int": 0.05, "sigma_int_source": "test value"}}}
JSON
mine=$(ifscat calibration show "$WORK/mine.json" --format csv | grep -v '^#')
check_match "user file shown" "$mine" '^mine,R3,OIII5008/Hbeta,0\.5 - 0\.25x,8(\.0*)?,7(\.0*)?,8\.5,0\.05,,test value$'

check_fails "unknown name" 1 "unknown calibration 'nonesuch'" ifscat calibration show nonesuch
echo '{"name": "bad"}' >"$WORK/bad.json"
check_fails "bad file names the file" 1 "bad\.json" ifscat calibration show "$WORK/bad.json"
check_fails "no action" 2 "needs an action" ifscat calibration
check_fails "show needs a name" 2 "needs one NAME" ifscat calibration show
finish
