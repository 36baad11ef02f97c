#!/bin/sh
# cli_test.sh - `newsevents code --db`, export, query and merge with the real engine.
#   usage: cli_test.sh NEWSEVENTS TESTS_DB_DIR [DEV_ARTICLES.jsonl]
# Codes tests/db/articles.jsonl (two articles report the same visit to Pyongyang) to JSONL
# and into SQLite, and checks: events (mentions), quotes and places in the database equal
# those of the JSONL; the event records equal the grouping check.py computes from the JSONL,
# with at least one event told by two articles; a second run and -j1 vs -j2 change nothing;
# the GDELT export has 61 columns and agrees with the JSONL; shards merged equal one run;
# the unattributed quotes (db-5 has two) equal the JSONL's, also after the merge.
# With the dev set given (and present), the counts are checked on it too.
# Exit 77 (skipped) when the CLI has no --db option yet.
set -eu
CLI=$1
DIR=$2
DEV=${3:-}
if ! "$CLI" code --help 2>/dev/null | grep -q -- '--db'; then
    echo "SKIP: $CLI code has no --db option"
    exit 77
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
q() { "$CLI" query "$1" "$2" | tail -n +2; }
COUNTS="SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM mentions),
  (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM places), (SELECT COUNT(*) FROM quotes),
  (SELECT COUNT(*) FROM unattributed_quotes)"
counts() { q "$1" "$COUNTS" | tr '\t' ' '; }
# same_uq DB WHAT RECORDS...: the store's unattributed quotes are exactly those of the records
same_uq() {
    db=$1 what=$2
    shift 2
    python3 "$DIR/check.py" uquotes "$@" > "$T/uq.want"
    q "$db" "SELECT article_id, idx, text, sentence, span_start, span_end
      FROM unattributed_quotes" | LC_ALL=C sort > "$T/uq.got"
    cmp -s "$T/uq.want" "$T/uq.got" ||
        { diff "$T/uq.want" "$T/uq.got" >&2; fail "$what: unattributed quotes differ"; }
}

A=$DIR/articles.jsonl
"$CLI" code -q -j2 -o "$T/out.jsonl" "$A"
"$CLI" code -q -j2 --db "$T/a.sqlite" "$A" > "$T/stdout"
[ ! -s "$T/stdout" ] || fail "code --db without -o wrote to standard output"
want=$(python3 "$DIR/check.py" expect "$T/out.jsonl")
got=$(counts "$T/a.sqlite")
[ "$got" = "$want" ] || fail "counts $got, JSONL gives $want"
echo "counts: $got"
same_uq "$T/a.sqlite" "code --db" "$T/out.jsonl"
[ "$(wc -l < "$T/uq.got")" -ge 1 ] ||
    fail "the engine wrote no unattributed quote for articles.jsonl (db-5 should have two)"

# the event records are the documented grouping of the JSONL's events
python3 "$DIR/check.py" addsource "$A" "$T/out.jsonl" > "$T/src.jsonl"
python3 "$DIR/check.py" groups "$T/src.jsonl" > "$T/groups.want"
q "$T/a.sqlite" "SELECT source_code, target_code, cameo, date, num_mentions, num_sources,
  num_articles FROM events" | LC_ALL=C sort > "$T/groups.got"
LC_ALL=C sort "$T/groups.want" | cmp -s - "$T/groups.got" ||
    { diff "$T/groups.want" "$T/groups.got" >&2; fail "event groups differ from the JSONL"; }
[ "$(q "$T/a.sqlite" "SELECT COUNT(*) FROM events WHERE num_articles = 2 AND
  num_mentions = 2 AND num_sources = 2")" -ge 1 ] ||
    fail "no event told by both articles (db-1, db-2) became one record with two mentions"

# GDELT export agrees with the JSONL
"$CLI" export -o "$T/a.tsv" "$T/a.sqlite"
python3 "$DIR/check.py" gdelt "$T/a.tsv" "$T/out.jsonl"
"$CLI" export --table mentions -o "$T/m.tsv" "$T/a.sqlite"
python3 "$DIR/check.py" mentions "$T/m.tsv" "$T/out.jsonl"

# a second run, and one thread instead of two, change nothing
"$CLI" code -q -j1 --db "$T/a.sqlite" "$A"
[ "$(counts "$T/a.sqlite")" = "$want" ] || fail "second run changed counts"
"$CLI" export -o "$T/a2.tsv" "$T/a.sqlite"
cmp -s "$T/a.tsv" "$T/a2.tsv" || fail "second run changed the export"

# shards coded apart and merged equal one run
head -n 2 "$A" > "$T/p1.jsonl"
tail -n +3 "$A" > "$T/p2.jsonl"
"$CLI" code -q --db "$T/s1.sqlite" "$T/p1.jsonl"
"$CLI" code -q --db "$T/s2.sqlite" "$T/p2.jsonl"
"$CLI" merge "$T/m.sqlite" "$T/s2.sqlite" "$T/s1.sqlite"
"$CLI" export -o "$T/merged.tsv" "$T/m.sqlite"
cmp -s "$T/a.tsv" "$T/merged.tsv" || fail "merged shards differ from one run"
same_uq "$T/m.sqlite" "merged shards" "$T/out.jsonl"
"$CLI" query "$T/m.sqlite" --top-actors 3 | head -n 1 | grep -q '^actor' || fail "--top-actors"

# the dev set, when present: counts only
if [ -n "$DEV" ] && [ -f "$DEV" ]; then
    "$CLI" code -q -o "$T/dev.jsonl" "$DEV"
    "$CLI" code -q --db "$T/dev.sqlite" "$DEV"
    want=$(python3 "$DIR/check.py" expect "$T/dev.jsonl")
    got=$(counts "$T/dev.sqlite")
    [ "$got" = "$want" ] || fail "dev set: counts $got, JSONL gives $want"
    same_uq "$T/dev.sqlite" "dev set" "$T/dev.jsonl"
    "$CLI" export -o "$T/dev.tsv" "$T/dev.sqlite"
    python3 "$DIR/check.py" gdelt "$T/dev.tsv" "$T/dev.jsonl"
    echo "dev set: $got"
fi
echo "cli_test: ok"
