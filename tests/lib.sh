# tests/lib.sh: sourced by every integration test.  Gives each test its own catalog database in the
# throwaway cluster of tests/run, and assertions that count failures; the test exits 1 if any
# failed (call finish at the end) and 77 to skip.
set -u
: "${IFSCAT_BIN:?run integration tests through tests/run}"
: "${IFSCAT_TEST_SOCKET:?run integration tests through tests/run}"
TEST_NAME=$(basename "$0" .sh)
FAILURES=0
CHECKS=0
WORK=$(mktemp -d "$IFSCAT_TEST_TMP/work-$TEST_NAME.XXXXXX")
chmod 755 "$WORK" # an embedded cluster of a test stays inside it, even when run as root
export IFSCAT_HOME="$IFSCAT_TEST_TMP/home-$TEST_NAME" # never the user's own embedded cluster

ifscat() { "$IFSCAT_BIN" "$@"; }

. tests/cluster.sh

# A fresh catalog database with the current schema (copied from the template); sets IFSCAT_DB.
new_catalog() { IFSCAT_DB=$(cluster_database "t_${TEST_NAME}_${1:-main}"); export IFSCAT_DB; }

# An empty database without the ifscat schema; sets IFSCAT_DB.
new_empty_database() { IFSCAT_DB=$(cluster_database "t_${TEST_NAME}_${1:-empty}" empty); export IFSCAT_DB; }

sql() { psql "$IFSCAT_DB" -X -q -At -v ON_ERROR_STOP=1 -c "$1"; }

# A digest of every row of the ifscat schema (sequence positions and pg_dump's random \restrict
# line left out), to show that a failed command changed nothing.
db_digest() {
    pg_dump "$IFSCAT_DB" --data-only --schema=ifscat --no-owner 2>/dev/null \
        | grep -v -e '^--' -e 'pg_catalog.setval' -e '^$' -e '^\\' | md5sum | cut -d' ' -f1
}

fail() { FAILURES=$((FAILURES + 1)); echo "FAIL: $*"; }
pass() { :; }

# check NAME CMD...: the command must exit 0.
check() {
    local name=$1; shift; CHECKS=$((CHECKS + 1))
    local out; out=$("$@" 2>&1) || { fail "$name: exit $? from: $*"; sed 's/^/    /' <<<"$out" | tail -n 15; }
}

# check_fails NAME EXIT PATTERN CMD...: the command must exit with EXIT and print PATTERN (an
# extended regex) on stderr.
check_fails() {
    local name=$1 want=$2 pattern=$3; shift 3; CHECKS=$((CHECKS + 1))
    local err rc
    err=$("$@" 2>&1 >/dev/null); rc=$?
    [ "$rc" = "$want" ] || { fail "$name: exit $rc, want $want; stderr: $err"; return; }
    grep -Eq -- "$pattern" <<<"$err" || fail "$name: stderr does not match /$pattern/: $err"
}

check_eq() {
    CHECKS=$((CHECKS + 1))
    [ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}

# check_close NAME GOT WANT TOL: |GOT - WANT| <= TOL
check_close() {
    CHECKS=$((CHECKS + 1))
    awk -v g="$2" -v w="$3" -v t="$4" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(g != "" && d <= t) }' \
        || fail "$1: got '$2', want $3 +- $4"
}

check_match() {
    CHECKS=$((CHECKS + 1))
    grep -Eq -- "$3" <<<"$2" || fail "$1: output does not match /$3/: $(head -c 600 <<<"$2")"
}

skip() { echo "SKIP: $*"; exit 77; }

shared_dir() { [ -d "$IFSCAT_SHARED" ] && echo "$IFSCAT_SHARED"; }

finish() {
    echo "$TEST_NAME: $CHECKS checks, $FAILURES failed"
    rm -rf "$WORK"
    [ "$FAILURES" -eq 0 ]
    exit
}
