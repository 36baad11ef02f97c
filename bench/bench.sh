#!/bin/bash
# bench.sh - throughput of `newsevents code` on a fixed corpus, against gzip -6 as a yardstick.
# usage: bench/bench.sh [NEWSEVENTS_BINARY [CORPUS.jsonl]]
# Defaults: build/newsevents and ../shared/corpora/reuters21578.jsonl (relative to the
# repository); skips with a message when the corpus is missing. Prints one table: wall time,
# peak memory (/usr/bin/time -v), sentences/s and MB/s for -j1 and -j2, the start-up time
# (coding an empty input, which loads the embedded model), and newsevents -j1 / gzip time.
# Sentence counts come from the CLI's summary line on standard error.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); REPO=$(cd "$HERE/.." && pwd)
BIN=${1:-${NEWSEVENTS:-$REPO/build/newsevents}}
CORPUS=${2:-$REPO/../shared/corpora/reuters21578.jsonl}
if [ ! -f "$CORPUS" ]; then
  echo "bench: corpus $CORPUS not found; skipping"
  exit 0
fi
[ -x "$BIN" ] || { echo "bench: $BIN is not an executable (build first)"; exit 1; }
TIMEV=/usr/bin/time
[ -x "$TIMEV" ] || TIMEV=""
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
BYTES=$(stat -c %s "$CORPUS")
MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.2f", b / 1048576 }')
ARTS=$(grep -c . "$CORPUS")

now() { date +%s.%N; }
# run NAME CMD...: wall seconds in $T/NAME.sec, peak RSS in KiB in $T/NAME.kb, stderr in
# $T/NAME.err (the command's own stderr, without /usr/bin/time's report)
run() {
  local name=$1; shift
  local t0 t1
  t0=$(now)
  if [ -n "$TIMEV" ]; then
    "$TIMEV" -v -o "$T/$name.tv" "$@" 2> "$T/$name.err"
  else
    "$@" 2> "$T/$name.err"
  fi
  local rc=$?
  t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }' > "$T/$name.sec"
  if [ -n "$TIMEV" ]; then
    awk -F': ' '/Maximum resident set size/ { print $2 }' "$T/$name.tv" > "$T/$name.kb"
  else
    echo "?" > "$T/$name.kb"
  fi
  return $rc
}

echo "bench: $CORPUS ($MB MB, $ARTS articles), $BIN, $(nproc) cores"
# warm the page cache so the first timed run does not pay for the disk
cat "$CORPUS" "$BIN" > /dev/null

run gzip sh -c "gzip -6 -c '$CORPUS' > /dev/null" || { echo "bench: gzip failed"; exit 1; }
run startup sh -c "'$BIN' code -q - < /dev/null > /dev/null" || { echo "bench: start-up run failed"; exit 1; }
for j in 1 2; do
  run j$j "$BIN" code -j$j "$CORPUS" -o /dev/null
  rc=$?
  if [ $rc -gt 1 ]; then
    echo "bench: newsevents -j$j failed (exit $rc):"; tail -5 "$T/j$j.err"; exit 1
  fi
  grep -E "articles coded" "$T/j$j.err" | tail -1 > "$T/j$j.sum"
  sed -E 's/.* ([0-9]+) sentences.*/\1/' "$T/j$j.sum" > "$T/j$j.sents"
done
# the quiet form of the command, as the brief asks for (-q, output to /dev/null)
run j1q "$BIN" code -j1 -q "$CORPUS" -o /dev/null

sec() { cat "$T/$1.sec"; }
kb2mb() { awk -v k="$(cat "$T/$1.kb")" 'BEGIN { if (k == "?") print "?"; else printf "%.0f", k / 1024 }'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }
mbs() { awk -v m="$MB" -v s="$1" 'BEGIN { printf "%.2f", (s > 0 ? m / s : 0) }'; }

S1=$(cat "$T/j1.sents"); S2=$(cat "$T/j2.sents")
printf '\n%-26s %9s %9s %12s %8s\n' "run" "wall s" "peak MB" "sentences/s" "MB/s"
printf '%-26s %9s %9s %12s %8s\n' "gzip -6" "$(sec gzip)" "$(kb2mb gzip)" "-" "$(mbs "$(sec gzip)")"
printf '%-26s %9s %9s %12s %8s\n' "newsevents start-up" "$(sec startup)" "$(kb2mb startup)" "-" "-"
printf '%-26s %9s %9s %12s %8s\n' "newsevents -j1" "$(sec j1)" "$(kb2mb j1)" "$(rate "$S1" "$(sec j1)")" "$(mbs "$(sec j1)")"
printf '%-26s %9s %9s %12s %8s\n' "newsevents -j1 -q" "$(sec j1q)" "$(kb2mb j1q)" "$(rate "$S1" "$(sec j1q)")" "$(mbs "$(sec j1q)")"
printf '%-26s %9s %9s %12s %8s\n' "newsevents -j2" "$(sec j2)" "$(kb2mb j2)" "$(rate "$S2" "$(sec j2)")" "$(mbs "$(sec j2)")"
echo
echo "sentences: $S1 (-j1), $S2 (-j2); summary: $(cat "$T/j1.sum")"
awk -v a="$(sec j1)" -v g="$(sec gzip)" -v b="$(sec j2)" 'BEGIN {
  printf "ratio newsevents -j1 / gzip -6: %.1fx   speed-up -j2 over -j1: %.2fx\n", a / g, a / b }'
