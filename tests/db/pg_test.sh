#!/bin/sh
# pg_test.sh - the PostgreSQL store against a throwaway PostgreSQL 15 server.
#   usage: pg_test.sh DB_DRIVER TESTS_DB_DIR [NEWSEVENTS_CLI]
# Starts a server with initdb/pg_ctl (as the postgres user when run as root) listening only
# on a Unix socket in a temp dir, stores tests/db/records.jsonl into it through
# tests/db/db_driver.c, checks row counts against the records, checks that a second run
# changes nothing, and that every export (GDELT events and mentions, jsonl, csv) from
# PostgreSQL equals the export from SQLite of the same input. With NEWSEVENTS_CLI given and
# wired (`code --postgres`), the same round trip is run on articles coded by the CLI.
# Then stops the server and removes the dir. Without the server binaries the test fails when
# CI=true and is skipped (exit 77) otherwise.
set -eu
DRV=$1
DIR=$2
CLI=${3:-}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PGBIN/initdb" ] || [ ! -x "$PGBIN/pg_ctl" ]; then
    if [ "${CI:-}" = true ]; then
        echo "FAIL: PostgreSQL server binaries not found in $PGBIN" >&2
        exit 1
    fi
    echo "SKIP: PostgreSQL server binaries not found in $PGBIN"
    exit 77
fi
fail() { echo "FAIL: $*" >&2; exit 1; }

T=$(mktemp -d)
chmod 755 "$T"
RUN=""
if [ "$(id -u)" = 0 ]; then
    chown postgres "$T"
    RUN="runuser -u postgres --"
fi
stop() {
    $RUN "$PGBIN/pg_ctl" -D "$T/data" -m immediate -w stop > /dev/null 2>&1 || true
    rm -rf "$T"
}
trap stop EXIT
$RUN "$PGBIN/initdb" -D "$T/data" -A trust -U nev -E UTF8 --no-sync > "$T/initdb.log" 2>&1 ||
    { cat "$T/initdb.log" >&2; fail "initdb"; }
$RUN mkdir "$T/sock"
$RUN "$PGBIN/pg_ctl" -D "$T/data" -l "$T/server.log" -w \
    -o "-k $T/sock -c listen_addresses= -c fsync=off -c full_page_writes=off" start > /dev/null ||
    { cat "$T/server.log" >&2; fail "pg_ctl start"; }
PG="host=$T/sock user=nev dbname=postgres"
W=$(mktemp -d)
trap 'rm -rf "$W"; stop' EXIT

q() { "$DRV" query "$1" "$2" | tail -n +2; }
COUNTS="SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM mentions),
  (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM places), (SELECT COUNT(*) FROM quotes)"
counts() { q "$1" "$COUNTS" | tr '\t' ' '; }

# round trip: every export format from PostgreSQL equals the one from SQLite
same_exports() {
    for spec in "gdelt events" "gdelt mentions" "jsonl events" "csv events"; do
        set -- $spec
        "$DRV" export -f "$1" -t "$2" -o "$W/pg.out" "$PG"
        "$DRV" export -f "$1" -t "$2" -o "$W/lite.out" "$W/lite.sqlite"
        cmp -s "$W/pg.out" "$W/lite.out" || { diff "$W/pg.out" "$W/lite.out" | head >&2;
            fail "$1 $2 export from PostgreSQL differs from SQLite"; }
        [ -s "$W/pg.out" ] || fail "empty $1 $2 export"
    done
}

R=$DIR/records.jsonl
want=$(python3 "$DIR/check.py" expect "$R")
"$DRV" store --postgres "$PG" "$R"
got=$(counts "$PG")
[ "$got" = "$want" ] || fail "counts $got, records give $want"
"$DRV" store --postgres "$PG" "$R"
got=$(counts "$PG")
[ "$got" = "$want" ] || fail "second run: counts $got, want $want"
"$DRV" store --sqlite "$W/lite.sqlite" "$R"
same_exports
"$DRV" export -o "$W/pg.tsv" "$PG"
python3 "$DIR/check.py" gdelt "$W/pg.tsv" "$R"
# full text over the tsvector column
hit=$(q "$PG" "SELECT article_id FROM sentences WHERE tsv @@ to_tsquery('simple', 'banquet')")
[ "$hit" = a2 ] || fail "tsvector search: $hit"
# the ready queries run on PostgreSQL too and agree with SQLite
for opt in --top-actors --top-events "--timeline UKR"; do
    "$DRV" query "$PG" $opt > "$W/pg.q"
    "$DRV" query "$W/lite.sqlite" $opt > "$W/lite.q"
    cmp -s "$W/pg.q" "$W/lite.q" || { diff "$W/pg.q" "$W/lite.q" >&2; fail "query $opt differs between PostgreSQL and SQLite"; }
done
# re-coding an article replaces its rows, as in SQLite
"$DRV" store --postgres "$PG" "$DIR/recode.jsonl"
"$DRV" store --sqlite "$W/lite.sqlite" "$DIR/recode.jsonl"
want2=$(python3 "$DIR/check.py" expect "$R" "$DIR/recode.jsonl")
[ "$(counts "$PG")" = "$want2" ] || fail "after re-coding: $(counts "$PG"), want $want2"
same_exports
echo "pg_test: driver ok ($want)"

# the CLI itself, when `code --postgres` is wired in
if [ -n "$CLI" ] && "$CLI" code --help 2>/dev/null | grep -q -- '--postgres'; then
    A=$DIR/articles.jsonl
    "$DRV" query "$PG" "CREATE DATABASE cli" > /dev/null
    PGC="host=$T/sock user=nev dbname=cli"
    "$CLI" code -q -j2 -o "$W/out.jsonl" "$A"
    "$CLI" code -q -j2 --postgres "$PGC" "$A"
    rm -f "$W/lite.sqlite"*
    "$CLI" code -q -j2 --db "$W/lite.sqlite" "$A"
    want=$(python3 "$DIR/check.py" expect "$W/out.jsonl")
    got=$(counts "$PGC")
    [ "$got" = "$want" ] || fail "CLI into PostgreSQL: counts $got, JSONL gives $want"
    PG=$PGC
    same_exports
    echo "pg_test: CLI ok ($want)"
else
    echo "pg_test: CLI without --postgres, CLI part not run"
fi
echo "pg_test: ok"
