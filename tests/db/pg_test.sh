#!/bin/sh
# pg_test.sh - the PostgreSQL store against a throwaway PostgreSQL 15 server.
#   usage: pg_test.sh DB_DRIVER TESTS_DB_DIR [NEWSEVENTS_CLI]
# Starts a server with initdb/pg_ctl (as the postgres user when run as root) listening only
# on a Unix socket in a temp dir, stores tests/db/records.jsonl into it through
# tests/db/db_driver.c, checks row counts against the records, checks that a second run
# changes nothing, and that every export (GDELT events and mentions, jsonl, csv) from
# PostgreSQL equals the export from SQLite of the same input. With NEWSEVENTS_CLI given and
# wired (`code --postgres`), the same round trip is run on articles coded by the CLI.
# Unattributed quotes arrive with text, sentence and span, are replaced on re-coding, and a
# database of schema 1 (before the unattributed_quotes table) opens and gets the table.
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
  (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM places), (SELECT COUNT(*) FROM quotes),
  (SELECT COUNT(*) FROM unattributed_quotes)"
counts() { q "$1" "$COUNTS" | tr '\t' ' '; }
# same_uq DB WHAT RECORDS...: the store's unattributed quotes are exactly those of the records
same_uq() {
    db=$1 what=$2
    shift 2
    python3 "$DIR/check.py" uquotes "$@" > "$W/uq.want"
    q "$db" "SELECT article_id, idx, text, sentence, span_start, span_end
      FROM unattributed_quotes" | LC_ALL=C sort > "$W/uq.got"
    cmp -s "$W/uq.want" "$W/uq.got" ||
        { diff "$W/uq.want" "$W/uq.got" >&2; fail "$what: unattributed quotes differ"; }
}

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
same_uq "$PG" "first run" "$R"
[ "$(wc -l < "$W/uq.got")" -eq 3 ] || fail "expected 3 unattributed quotes"
"$DRV" store --postgres "$PG" "$R"
got=$(counts "$PG")
[ "$got" = "$want" ] || fail "second run: counts $got, want $want"
same_uq "$PG" "second run" "$R"
"$DRV" store --sqlite "$W/lite.sqlite" "$R"
same_exports
"$DRV" export -o "$W/pg.tsv" "$PG"
python3 "$DIR/check.py" gdelt "$W/pg.tsv" "$R"
# full text over the tsvector column
hit=$(q "$PG" "SELECT article_id FROM sentences WHERE tsv @@ to_tsquery('simple', 'banquet')")
[ "$hit" = a2 ] || fail "tsvector search: $hit"
hit=$(q "$PG" "SELECT article_id, kind FROM sentences WHERE tsv @@ to_tsquery('simple', 'warm')")
[ "$hit" = "$(printf 'a1\tquote')" ] || fail "tsvector search for an unattributed quote: $hit"
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
same_uq "$PG" "after re-coding" "$R" "$DIR/recode.jsonl"

# a database of schema 1 (no unattributed_quotes) opens: the table is added, meta says 2,
# articles stored from now on keep their unattributed quotes (older ones once coded again)
q "$PG" "DROP TABLE unattributed_quotes" > /dev/null
q "$PG" "UPDATE meta SET value = '1' WHERE key = 'schema'" > /dev/null
"$DRV" store --postgres "$PG" "$DIR/recode.jsonl"
[ "$(q "$PG" "SELECT value FROM meta WHERE key = 'schema'")" = 2 ] ||
    fail "schema 1 database: meta not updated"
same_uq "$PG" "schema 1 database, new article" "$DIR/recode.jsonl"
"$DRV" store --postgres "$PG" "$R" "$DIR/recode.jsonl"
[ "$(counts "$PG")" = "$want2" ] || fail "schema 1 database re-coded: $(counts "$PG"), want $want2"
same_uq "$PG" "schema 1 database, re-coded" "$R" "$DIR/recode.jsonl"
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
    same_uq "$PGC" "CLI into PostgreSQL" "$W/out.jsonl"
    PG=$PGC
    same_exports
    echo "pg_test: CLI ok ($want)"
else
    echo "pg_test: CLI without --postgres, CLI part not run"
fi
echo "pg_test: ok"
