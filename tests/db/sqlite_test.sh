#!/bin/sh
# sqlite_test.sh - the SQLite store, export, query and merge, on hand-written engine records
# (tests/db/records.jsonl, in src/out_json.c's format) fed through tests/db/db_driver.c.
#   usage: sqlite_test.sh DB_DRIVER TESTS_DB_DIR
# Checks: row counts equal those of the records (events grouped as check.py computes them);
# a second run leaves every count unchanged; re-coding an article replaces its rows; two
# articles reporting the same event give one event with two mentions, a place over 50 km away
# gives another; the GDELT export has 61 columns and agrees with the records; merging shards
# (in any order) equals one run; the ready queries and FTS5 work. Unattributed quotes (the
# record's "unattributed_quotes") arrive with text, sentence and span, are replaced on
# re-coding and carried by merge; a database or shard of schema 1 (before that table) still
# opens and merges.
set -eu
DRV=$1
DIR=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
q() { "$DRV" query "$1" "$2" | tail -n +2; }
COUNTS="SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM mentions),
  (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM places), (SELECT COUNT(*) FROM quotes),
  (SELECT COUNT(*) FROM unattributed_quotes)"
counts() { q "$1" "$COUNTS" | tr '\t' ' '; }
# the unattributed quotes of a store, in check.py's uquotes form
uq() { q "$1" "SELECT article_id, idx, text, sentence, span_start, span_end
  FROM unattributed_quotes" | LC_ALL=C sort; }
# same_uq DB WHAT RECORDS...: the store's unattributed quotes are exactly those of the records
same_uq() {
    db=$1 what=$2
    shift 2
    python3 "$DIR/check.py" uquotes "$@" > "$T/uq.want"
    uq "$db" > "$T/uq.got"
    cmp -s "$T/uq.want" "$T/uq.got" ||
        { diff "$T/uq.want" "$T/uq.got" >&2; fail "$what: unattributed quotes differ"; }
}
# make_v1 DB: turn a store into one of schema 1 (schema 2 only added unattributed_quotes)
make_v1() {
    q "$1" "DROP TABLE unattributed_quotes" > /dev/null
    q "$1" "UPDATE meta SET value = '1' WHERE key = 'schema'" > /dev/null
}

R=$DIR/records.jsonl
want=$(python3 "$DIR/check.py" expect "$R")
"$DRV" store --sqlite "$T/a.sqlite" "$R"
got=$(counts "$T/a.sqlite")
[ "$got" = "$want" ] || fail "counts $got, records give $want"
echo "counts: $got"

# unattributed quotes: text (with a tab, quotes and a backslash), sentence and span as in the
# records; none of them in quotes; one whose sentence has no event is a searchable sentence
same_uq "$T/a.sqlite" "first run" "$R"
[ "$(wc -l < "$T/uq.got")" -eq 3 ] || fail "expected 3 unattributed quotes"
[ "$(q "$T/a.sqlite" "SELECT COUNT(*) FROM quotes WHERE speaker IS NULL")" = 0 ] ||
    fail "an unattributed quote went to quotes"
hit=$(q "$T/a.sqlite" "SELECT s.article_id, s.kind, s.idx, s.span_start, s.span_end
  FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid
  WHERE sentences_fts MATCH 'warm'" | tr '\t' ' ')
[ "$hit" = "a1 quote 3 200 219" ] || fail "FTS5 search for an unattributed quote: $hit"
[ "$(q "$T/a.sqlite" "SELECT value FROM meta WHERE key = 'schema'")" = 2 ] || fail "meta schema"

# every mention is grouped and the group counts add up
[ "$(q "$T/a.sqlite" "SELECT COUNT(*) FROM mentions WHERE event_id IS NULL")" = 0 ] ||
    fail "ungrouped mentions"
[ "$(q "$T/a.sqlite" "SELECT SUM(num_mentions) FROM events")" = \
  "$(q "$T/a.sqlite" "SELECT COUNT(*) FROM mentions")" ] || fail "num_mentions do not add up"

# same event in two articles (a1 in Pyongyang, a2 in Sunan 19 km away): one event, 2 mentions,
# 2 sources, 2 articles; a3's in Vladivostok (over 50 km) is another event
got=$(q "$T/a.sqlite" "SELECT num_mentions, num_sources, num_articles, first_article
  FROM events WHERE source_code = 'RUSGOV' AND cameo = '051' ORDER BY num_mentions DESC" |
  tr '\t\n' ' ;')
[ "$got" = "2 2 2 a1;1 1 1 a3;" ] || fail "grouping of RUSGOV 051 PRK: $got"
# both without a place: one event; same source name twice counts one source
got=$(q "$T/a.sqlite" "SELECT num_mentions, num_sources, num_articles FROM events
  WHERE source_code = 'UKR'" | tr '\t' ' ')
[ "$got" = "2 1 2" ] || fail "grouping of UKR 112 RUS: $got"

# GDELT export: 61 columns, codes and dates of the records
"$DRV" export --format gdelt -o "$T/a.tsv" "$T/a.sqlite"
python3 "$DIR/check.py" gdelt "$T/a.tsv" "$R"
"$DRV" export --table mentions "$T/a.sqlite" > "$T/m.tsv"
python3 "$DIR/check.py" mentions "$T/m.tsv" "$R"
# an event without a date and without a source actor still has 61 columns, blank SQLDATE
awk -F'\t' '$27 == "195" { if ($2 != "" || $6 != "" || $16 != "RUSMIL" || $57 != "50.6107" || $52 != "4") exit 1; n++ }
  END { exit n == 1 ? 0 : 1 }' "$T/a.tsv" || fail "GDELT line of the undated 195 event"

# second run over the same input: nothing changes, not even the event ids
"$DRV" store --sqlite "$T/a.sqlite" "$R"
got=$(counts "$T/a.sqlite")
[ "$got" = "$want" ] || fail "second run: counts $got, want $want"
"$DRV" export -o "$T/a2.tsv" "$T/a.sqlite"
cmp -s "$T/a.tsv" "$T/a2.tsv" || fail "second run changed the GDELT export"

# re-coding a1 with one event fewer and no quote: its old rows go, the group counts follow
want2=$(python3 "$DIR/check.py" expect "$R" "$DIR/recode.jsonl")
"$DRV" store --sqlite "$T/a.sqlite" "$DIR/recode.jsonl"
got=$(counts "$T/a.sqlite")
[ "$got" = "$want2" ] || fail "after re-coding: counts $got, want $want2"
[ "$(q "$T/a.sqlite" "SELECT COUNT(*) FROM events WHERE cameo = '043'")" = 0 ] ||
    fail "the dropped event is still there"
[ "$(q "$T/a.sqlite" "SELECT SUM(num_mentions) FROM events")" = \
  "$(q "$T/a.sqlite" "SELECT COUNT(*) FROM mentions")" ] || fail "num_mentions after re-coding"
# a1's unattributed quote is replaced by the new record's, its sentence row too
same_uq "$T/a.sqlite" "after re-coding" "$R" "$DIR/recode.jsonl"
[ -z "$(q "$T/a.sqlite" "SELECT s.id FROM sentences_fts JOIN sentences s
  ON s.id = sentences_fts.rowid WHERE sentences_fts MATCH 'warm'")" ] ||
    fail "the replaced unattributed quote is still a sentence"

# shards merged (in another order than the input) equal one run
sed -n '1p;3p' "$R" > "$T/p1.jsonl"
sed -n '2p;4p;5p' "$R" > "$T/p2.jsonl"
"$DRV" store --sqlite "$T/s1.sqlite" "$T/p1.jsonl"
"$DRV" store --sqlite "$T/s2.sqlite" "$T/p2.jsonl"
"$DRV" merge "$T/m.sqlite" "$T/s2.sqlite" "$T/s1.sqlite"
got=$(counts "$T/m.sqlite")
[ "$got" = "$want" ] || fail "merge: counts $got, want $want"
"$DRV" export -o "$T/merged.tsv" "$T/m.sqlite"
cmp -s "$T/a.tsv" "$T/merged.tsv" || fail "merged GDELT export differs from one run"
for f in jsonl csv; do
    "$DRV" store --sqlite "$T/one.sqlite" "$R"
    "$DRV" export -f $f -o "$T/one.$f" "$T/one.sqlite"
    "$DRV" export -f $f -o "$T/merged.$f" "$T/m.sqlite"
    cmp -s "$T/one.$f" "$T/merged.$f" || fail "merged $f export differs from one run"
done
same_uq "$T/m.sqlite" "merge" "$R"
# merging a shard again changes nothing
"$DRV" merge "$T/m.sqlite" "$T/s1.sqlite"
[ "$(counts "$T/m.sqlite")" = "$want" ] || fail "merging a shard twice changed counts"
same_uq "$T/m.sqlite" "merge again" "$R"

# schema 1 (the previous version, no unattributed_quotes table): a shard of it merges, its
# articles without unattributed quotes, and the output keeps the other shard's
cp "$T/s1.sqlite" "$T/v1.sqlite"
make_v1 "$T/v1.sqlite"
"$DRV" merge "$T/mv1.sqlite" "$T/s2.sqlite" "$T/v1.sqlite"
same_uq "$T/mv1.sqlite" "merge with a schema 1 shard" "$T/p2.jsonl"
"$DRV" export -o "$T/mv1.tsv" "$T/mv1.sqlite"
cmp -s "$T/a.tsv" "$T/mv1.tsv" || fail "merge with a schema 1 shard: GDELT export differs"
# an output database of schema 1 gets the table when merged into
cp "$T/s2.sqlite" "$T/out1.sqlite"
make_v1 "$T/out1.sqlite"
"$DRV" merge "$T/out1.sqlite" "$T/s1.sqlite"
same_uq "$T/out1.sqlite" "merge into a schema 1 database" "$T/p1.jsonl"
# a schema 1 database opens for coding: the table is added, meta says 2; articles stored
# from now on keep their unattributed quotes, older ones have none until coded again
cp "$T/s2.sqlite" "$T/old.sqlite"
make_v1 "$T/old.sqlite"
"$DRV" store --sqlite "$T/old.sqlite" "$DIR/recode.jsonl"
[ "$(q "$T/old.sqlite" "SELECT value FROM meta WHERE key = 'schema'")" = 2 ] ||
    fail "schema 1 database: meta not updated"
same_uq "$T/old.sqlite" "schema 1 database, new article" "$DIR/recode.jsonl"
"$DRV" store --sqlite "$T/old.sqlite" "$T/p2.jsonl"
same_uq "$T/old.sqlite" "schema 1 database, re-coded" "$T/p2.jsonl" "$DIR/recode.jsonl"

# jsonl: one line per event, mentions nested; csv: header + one line per mention
[ "$(wc -l < "$T/one.jsonl")" -eq "$(echo "$want" | cut -d' ' -f3)" ] || fail "jsonl lines"
[ "$(($(wc -l < "$T/one.csv") - 1))" -eq "$(echo "$want" | cut -d' ' -f2)" ] ||
    # a quoted evidence field may hold a line break; count records with python instead
    [ "$(python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1]))))-1)' "$T/one.csv")" \
      -eq "$(echo "$want" | cut -d' ' -f2)" ] || fail "csv rows"

# ready queries and full text
top=$("$DRV" query "$T/one.sqlite" --top-actors 2 | sed -n 2p | cut -f1,2)
[ "$top" = "$(printf 'PRK\t4')" ] || fail "--top-actors: $top"
n=$("$DRV" query "$T/one.sqlite" --timeline ukr | tail -n +2 | wc -l)
[ "$n" -eq 1 ] || fail "--timeline UKR gave $n events"
n=$("$DRV" query "$T/one.sqlite" --top-events 1 | tail -n +2 | cut -f7)
[ "$n" = 2 ] || fail "--top-events: $n"
hit=$(q "$T/one.sqlite" "SELECT s.article_id FROM sentences_fts JOIN sentences s
  ON s.id = sentences_fts.rowid WHERE sentences_fts MATCH 'banquet'")
[ "$hit" = a2 ] || fail "FTS5 search: $hit"

# a bad record is reported and skipped; the store stays usable
printf '%s\n' '{"id": "bad", "events": [{"source": "USA"}]}' 'not json' > "$T/bad.jsonl"
if "$DRV" store --sqlite "$T/one.sqlite" "$T/bad.jsonl" 2> "$T/err"; then
    fail "bad records were accepted"
fi
grep -q 'bad.jsonl:2' "$T/err" || fail "no message for the bad line"
[ "$(counts "$T/one.sqlite")" = "$want" ] || fail "bad records changed the store"
echo "sqlite_test: ok"
