# test_database.sh: the embedded cluster (created, started on first use, stopped), connection
# precedence and errors, schema migrations and version checks, psql pass-through, and the
# command-line conventions (--help everywhere, exit codes).
. tests/lib.sh

# Embedded default: no IFSCAT_DB, no PG* variables, a private IFSCAT_HOME.
(
    unset IFSCAT_DB PGHOST PGDATABASE PGPORT PGUSER PGSERVICE PGHOSTADDR
    export IFSCAT_HOME="$WORK/home"
    check_fails "status before first use" 1 "" ifscat db status
    out=$(ifscat summary 2>&1); rc=$?
    check_eq "first use starts and migrates the embedded cluster" "$rc" 0
    check_eq "socket only: no TCP listener" "$(ifscat db psql -At -c 'show listen_addresses')" ""
    check_eq "psql pass-through" "$(ifscat db psql -At -c 'select count(*) from ifscat.target')" 0
    check_match "conninfo names the socket directory" "$(ifscat db conninfo)" "host=.*/run dbname=ifscat"
    check_match "status" "$(ifscat db status)" "server: +running"
    check_match "migrate is idempotent" "$(ifscat db migrate)" "schema is current"
    check "stop" ifscat db stop
    check_fails "status after stop" 1 "" ifscat db status
    check_eq "started again on demand" "$(ifscat db psql -At -c 'select 1')" 1
    check "stop again" ifscat db stop
    [ "$FAILURES" -eq 0 ]
) || FAILURES=$((FAILURES + 1))

# An unreachable database: one sentence, exit 1.
check_fails "unreachable database" 1 "^ifscat: cannot reach the catalog database \(given with --db\): [^\n]*$" \
    ifscat --db "host=$WORK/nowhere dbname=x" summary
err=$(ifscat --db "host=$WORK/nowhere dbname=x" summary 2>&1)
check_eq "one line, not a libpq dump" "$(wc -l <<<"$err")" 1
check_fails "IFSCAT_DB used" 1 "from IFSCAT_DB" env IFSCAT_DB="host=$WORK/nowhere dbname=x" "$IFSCAT_BIN" summary

# Schema version checks.
new_empty_database
check_fails "no schema yet" 1 "no ifscat schema yet: run 'ifscat db migrate'" ifscat summary
check_match "migrate" "$(ifscat db migrate)" "applied [0-9]+ migrations?"
check "commands work after migrating" ifscat summary
sql "delete from ifscat.schema_migration where version = (select max(version) from ifscat.schema_migration)"
# (with a single migration, "behind" is "no schema yet")
check_fails "schema behind" 1 "(schema is at version [0-9]+ but this ifscat needs [0-9]+|no ifscat schema yet): run 'ifscat db migrate'" ifscat summary
sql "insert into ifscat.schema_migration values (9999, 'future')"
check_fails "schema newer than the binary" 1 "newer than this ifscat knows" ifscat summary

# Command-line conventions: every command has --help (exit 0), unknown things are usage errors.
for cmd in $(ifscat --help | awk '/^Commands:/ { on = 1; next } on && NF { print $1 }' | grep -v '^Exit'); do
    out=$(ifscat "$cmd" --help 2>&1); rc=$?
    check_eq "$cmd --help exits 0" "$rc" 0
    check_match "$cmd --help shows usage and an example" "$out" "usage: ifscat $cmd"
    check_match "$cmd --help has an example" "$out" "Example"
done
check_fails "unknown command" 2 "not an ifscat command" ifscat frobnicate
check_fails "unknown option" 2 "unknown option" ifscat target list --bogus
check_fails "unknown action" 2 "unknown target action 'delete'" ifscat target delete
check_fails "bad format" 2 "unknown format 'xml'" ifscat summary --format xml
check_match "version" "$(ifscat --version)" "^ifscat [0-9]+\.[0-9]+"
finish
