# test_observation.sh: `ifscat observation list [TARGET] [--all]` in every format and
# `ifscat observation drop ID` with its dependants, its errors, and what it leaves alone.
source tests/lib.sh
new_catalog
sql "INSERT INTO ifscat.target (name, z, mu, dl_mpc, da_mpc, scale_kpc_arcsec, age_gyr)
     VALUES ('A', 8.0, 1, 80000, 1000, 4.9, 0.65), ('B', 7.5, 2, 75000, 1050, 3.6, 0.7)"

check "mock 1" ifscat -q mock "$WORK/a1.fits" --seed 31 --size 9x7
check "mock 2" ifscat -q mock "$WORK/a2.fits" --seed 32 --size 9x7
check "mock 3" ifscat -q mock "$WORK/b1.fits" --seed 33 --size 5x5 --nwave 300
check "ingest a1" ifscat -q ingest "$WORK/a1.fits" --target A
check "ingest a2 (supersedes a1)" ifscat -q ingest "$WORK/a2.fits" --target A
check "ingest b1" ifscat -q ingest "$WORK/b1.fits" --target B
a1=$(sql "SELECT observation_id FROM ifscat.observation WHERE file_name = 'a1.fits'")
a2=$(sql "SELECT observation_id FROM ifscat.observation WHERE file_name = 'a2.fits'")

out=$(ifscat observation list --format csv | grep -v '^#')
check_eq "csv header" "$(head -1 <<<"$out")" \
    "observation_id,target,status,kind,instrument,grating,filter,nx,ny,nwave,wave_min,wave_max,pixscale,exptime,program,file,size,sha256,ingested_at,supersedes"
check_eq "current only by default" "$(tail -n +2 <<<"$out" | cut -d, -f2,3,16 | tr '\n' ' ')" "A,current,a2.fits B,current,b1.fits "
check_eq "supersedes column" "$(tail -n +2 <<<"$out" | head -1 | cut -d, -f20)" "$a1"
check_eq "size column is the file size" "$(tail -n +2 <<<"$out" | head -1 | cut -d, -f17)" "$(stat -c %s "$WORK/a2.fits")"
check_eq "sha256 column" "$(tail -n +2 <<<"$out" | head -1 | cut -d, -f18)" "$(sha256sum "$WORK/a2.fits" | cut -c1-12)"
out=$(ifscat observation list A --all --format csv | grep -v '^#' | tail -n +2)
check_eq "--all adds the superseded version" "$(cut -d, -f1,3 <<<"$out" | tr '\n' ' ')" "$a1,superseded $a2,current "
json=$(ifscat observation list B --format json)
check_eq "json rows" "$(jq -r '.rows[0] | "\(.target) \(.nx)x\(.ny)x\(.nwave) \(.grating)"' <<<"$json")" "B 5x5x300 PRISM"
check_eq "json column units" "$(jq -r '.columns[] | select(.name == "wave_min") | .unit' <<<"$json")" "um"
text=$(ifscat observation list)
check_match "text listing" "$text" "a2\.fits"
check "listing to a file" ifscat observation list -o "$WORK/list.csv" --format csv
check_match "file written" "$(cat "$WORK/list.csv")" "b1\.fits"
check_fails "unknown target" 1 "unknown target 'C'" ifscat observation list C
check_fails "two targets" 2 "at most one TARGET" ifscat observation list A B

# spectrum: what the loader (binary transfer) returns equals what SQL shows, channel by channel;
# NaN flux of flagged channels shows as an empty (null) field and masked = 1.
got=$(ifscat observation spectrum "$a2" 3 2 --format csv | grep -v '^#' | tail -n +2)
want=$(sql "SELECT k, s.wave_um_k, flux[k], err[k], get_bit(mask, k - 1) FROM
            (SELECT sp.*, o.wave_um FROM ifscat.spaxel sp JOIN ifscat.observation o USING (observation_id, target_id)
             WHERE observation_id = $a2 AND x = 3 AND y = 2) sp,
            LATERAL (SELECT k, sp.wave_um[k] AS wave_um_k FROM generate_subscripts(sp.flux, 1) k) s ORDER BY k" | tr '|' ',')
check_eq "spectrum rows" "$(wc -l <<<"$got")" 941
bad=$(paste -d, <(echo "$got") <(echo "$want") | awk -F, '
    function differ(a, b) { if (a == "" || b == "NaN") return !((a == "" || a == "NaN") && (b == "" || b == "NaN"))
                            d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b; return d > 1e-6 * m + 1e-30 }
    $1 != $6 || differ($2, $7) || differ($3, $8) || differ($4, $9) || $5 != $10 { n++ } END { print n + 0 }')
check_eq "spectrum equals the SQL arrays" "$bad" 0
check_fails "spectrum outside the cube" 1 "spaxels x 9-9, y 0-0 are not inside its 9x7" ifscat observation spectrum "$a2" 9 0

# drop: the observation and its spaxels go; other observations stay; nothing is revived.
before_b=$(sql "SELECT count(*) FROM ifscat.spaxel WHERE target_id = (SELECT target_id FROM ifscat.target WHERE name = 'B')")
out=$(ifscat observation drop "$a2")
check_match "drop message" "$out" "^dropped observation $a2 \(A, a2\.fits, current\)"
check_eq "its spaxels are gone" "$(sql "SELECT count(*) FROM ifscat.spaxel WHERE observation_id = $a2")" 0
check_eq "the superseded version stays superseded" "$(sql "SELECT status FROM ifscat.observation WHERE observation_id = $a1")" superseded
check_eq "other targets untouched" \
    "$(sql "SELECT count(*) FROM ifscat.spaxel WHERE target_id = (SELECT target_id FROM ifscat.target WHERE name = 'B')")" "$before_b"
before=$(db_digest)
check_fails "drop of a missing observation" 1 "no observation 999999" ifscat observation drop 999999
check_fails "drop needs a number" 2 "drop needs one observation ID" ifscat observation drop abc
check_eq "failed drops change nothing" "$(db_digest)" "$before"
check "re-ingest after drop" ifscat -q ingest "$WORK/a2.fits" --target A
check_eq "a2 is current again (as a new observation)" \
    "$(sql "SELECT count(*) FROM ifscat.current_observation WHERE file_name = 'a2.fits'")" 1
check_fails "unknown action" 2 "unknown observation action" ifscat observation frobnicate
check "help" ifscat observation --help

finish
