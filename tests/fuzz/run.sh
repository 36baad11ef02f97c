#!/bin/bash
# run.sh - runs every libFuzzer target for N seconds each (default 20).
# usage: tests/fuzz/run.sh [-t SECONDS] [-b BUILD_DIR] [TARGET...]
# BUILD_DIR (default build-fuzz) must be configured with CC=clang -DNEV_FUZZ=ON
# -DNEV_SANITIZE=address,undefined. Seeds come from tests/fuzz/make_seeds.sh (built once into
# BUILD_DIR/fuzz-seeds); the growing corpus is BUILD_DIR/fuzz-corpus/<target>, crash inputs go
# to BUILD_DIR/fuzz-crashes/<target>/. Keep a fixed crash input in tests/fuzz/crashes/<target>/
# so the fuzz_replay_<target> ctest replays it. Exit status 1 when a target crashed.
set -uo pipefail
SECS=20
HERE=$(cd "$(dirname "$0")" && pwd); SRC=$(cd "$HERE/../.." && pwd)
B=$SRC/build-fuzz
while getopts "t:b:" o; do
  case $o in t) SECS=$OPTARG ;; b) B=$OPTARG ;; *) sed -n 2,9p "$0"; exit 2 ;; esac
done
shift $((OPTIND - 1))
B=$(cd "$B" && pwd) || exit 2
TARGETS=${*:-json html pipeline tagger lemma geo actors patterns cameo dictc}
SEEDS=$B/fuzz-seeds
if [ ! -d "$SEEDS" ]; then
  # the seed compilers come from a normal build next to the fuzz build when there is one
  TOOLS=${NEV_TOOLS_BUILD:-$B}
  bash "$HERE/make_seeds.sh" "$TOOLS" "$SRC" "$SEEDS" || exit 1
fi
seed_dir() {
  case $1 in json) echo "$SEEDS/json" ;; pipeline) echo "$SEEDS/text" ;; dictc) echo "$HERE/seeds/dictc" ;;
  *) echo "$SEEDS/$1" ;; esac
}
status=0
printf '%-10s %8s %8s %8s  %s\n' target execs cov corpus result
for t in $TARGETS; do
  exe=$B/fuzz_$t
  [ -x "$exe" ] || { echo "$t: $exe not built (NEV_FUZZ=ON?)"; status=1; continue; }
  corpus=$B/fuzz-corpus/$t; crashes=$B/fuzz-crashes/$t
  mkdir -p "$corpus" "$crashes"
  log=$B/fuzz-$t.log
  max_len=4096
  # the seeds must fit whole: a section cut short is only ever rejected (the lemma seed, from
  # 1,100 lines of each WordNet file, is about 1.1 MB since its table holds every inflection)
  case $t in tagger|geo) max_len=400000 ;; lemma) max_len=1200000 ;;
    actors|patterns|cameo|dictc) max_len=16384 ;; esac
  extra=""; [ "$t" = dictc ] && extra="-close_fd_mask=3"   # the compiler reports every bad line
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
  "$exe" -max_total_time="$SECS" -max_len=$max_len -timeout=20 -rss_limit_mb=4096 $extra \
    -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" "$(seed_dir "$t")" > "$log" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  n=$(find "$corpus" -type f | wc -l)
  if [ $rc -eq 0 ]; then res=ok; else res="CRASH (see $log, inputs in $crashes)"; status=1; fi
  printf '%-10s %8s %8s %8s  %s\n' "$t" "${execs:-?}" "${cov:-?}" "$n" "$res"
done
exit $status
