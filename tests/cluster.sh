# tests/cluster.sh: sourced by tests/run and bench/run: a throwaway PostgreSQL cluster in a
# temporary directory (Unix socket only, fsync off; as root the server runs as postgres), with a
# template database holding the current schema.  Sets CLUSTER_DIR, IFSCAT_TEST_SOCKET and
# IFSCAT_TEST_TMP; cluster_stop removes everything (call it from an EXIT trap).
PG_BINDIR=${IFSCAT_PG_BINDIR:-$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)}
CLUSTER_USER=
[ "$(id -u)" = 0 ] && CLUSTER_USER=postgres

as_server() { if [ -n "$CLUSTER_USER" ]; then runuser -u "$CLUSTER_USER" -- "$@"; else "$@"; fi; }

cluster_start() {
    CLUSTER_DIR=$(mktemp -d /tmp/ifscat-test.XXXXXX)
    chmod 755 "$CLUSTER_DIR"
    [ -n "$CLUSTER_USER" ] && chown "$CLUSTER_USER": "$CLUSTER_DIR"
    as_server "$PG_BINDIR/initdb" -D "$CLUSTER_DIR/pgdata" -U ifscat -A trust -E UTF8 --locale=C --no-sync \
        >"$CLUSTER_DIR/initdb.log" 2>&1 || { cat "$CLUSTER_DIR/initdb.log"; echo "initdb failed"; return 1; }
    as_server "$PG_BINDIR/pg_ctl" -D "$CLUSTER_DIR/pgdata" -l "$CLUSTER_DIR/server.log" -w \
        -o "-k $CLUSTER_DIR -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50 -c max_wal_size=2GB" \
        start >/dev/null || { cat "$CLUSTER_DIR/server.log"; echo "the throwaway server did not start"; return 1; }
    export IFSCAT_TEST_SOCKET=$CLUSTER_DIR IFSCAT_TEST_TMP=$CLUSTER_DIR
    psql -q -h "$CLUSTER_DIR" -U ifscat -d postgres -c 'CREATE DATABASE ifscat_template' >/dev/null
    IFSCAT_DB="host=$CLUSTER_DIR dbname=ifscat_template user=ifscat" "$IFSCAT_BIN" db migrate >/dev/null \
        || { echo "migrating the template database failed"; return 1; }
}

cluster_stop() {
    [ -n "${CLUSTER_DIR:-}" ] || return 0
    as_server "$PG_BINDIR/pg_ctl" -D "$CLUSTER_DIR/pgdata" -m immediate -w stop >/dev/null 2>&1
    for home in "$CLUSTER_DIR"/home-*; do # embedded clusters started by tests
        [ -d "$home" ] && IFSCAT_HOME=$home "$IFSCAT_BIN" db stop >/dev/null 2>&1
    done
    rm -rf "$CLUSTER_DIR"
}

# A database in the throwaway cluster copied from the template (schema current) or, with a second
# argument "empty", a blank one; prints its connection string.
cluster_database() {
    local db=$1 template=ifscat_template
    [ "${2:-}" = empty ] && template=template1
    psql -q -h "$IFSCAT_TEST_SOCKET" -U ifscat -d postgres \
        -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE $template" >/dev/null 2>&1
    echo "host=$IFSCAT_TEST_SOCKET dbname=$db user=ifscat"
}
