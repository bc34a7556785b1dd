# test_cosmology.sh: `ifscat cosmology` reproduces the published scales and speaks JSON.
. tests/lib.sh
for row in "8.48 1 4.738" "8.15 3.29 2.680" "9.51 19.2 1.003" "7.89 2.12 3.407" "7.21 1 5.245"; do
    set -- $row
    got=$(ifscat cosmology "$1" --mu "$2" --format csv | awk -F, '!/^#/ && !/^z,/ { print $5 }')
    check_close "z=$1 mu=$2 kpc/arcsec" "$got" "$3" 0.0005
done
json=$(ifscat cosmology 8.48 --format json)
check_match "json has units" "$json" '"unit":	"kpc/arcsec"'
# Einstein-de Sitter age: t = (2/3) / H0 = 2/3 * 977.79222 / 70 Gyr at z = 0.
got=$(ifscat cosmology 0 --H0 70 --Om 1 --format csv | awk -F, '!/^#/ && !/^z,/ { print $6 }')
check_close "EdS age today" "$got" "$(awk 'BEGIN { printf "%.9f", 2 / 3 * 977.7922216807891 / 70 }')" 1e-6
check_fails "negative z" 1 "redshift -1 outside" ifscat cosmology -1
check_fails "not a number" 2 "is not a number" ifscat cosmology eight
check_fails "mu < 1" 1 "magnification 0.5" ifscat cosmology 8 --mu 0.5
# Writing to a device writes through it; it must never be replaced by a file (a temporary file
# renamed into place would do that, and as root it would break the machine).
check "table to /dev/null" ifscat cosmology 8 --format fits -o /dev/null
check "/dev/null is still a device" test -c /dev/null
finish
