#!/bin/bash
# asan_corpora.sh - codes every article of ../shared/corpora/*.jsonl with an ASan+UBSan build
# of the CLI and reports any sanitizer output, with the file and line of the article behind it.
# usage: bench/asan_corpora.sh [ASAN_BUILD_DIR] [CORPUS.jsonl...]
# ASAN_BUILD_DIR (default build-asan) is configured and built when it has no binary:
# -DNEV_SANITIZE=address,undefined, reusing build/newsevents.nevm when it exists.
# A failing file is bisected to the first article that trips a sanitizer; the run goes on with
# the next article. Exit status 1 when anything was reported.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); REPO=$(cd "$HERE/.." && pwd)
B=${1:-$REPO/build-asan}; shift || true
FILES=("$@")
if [ ${#FILES[@]} -eq 0 ]; then
  shopt -s nullglob
  FILES=("$REPO"/../shared/corpora/*.jsonl)
fi
[ ${#FILES[@]} -gt 0 ] || { echo "asan_corpora: no corpora found; skipping"; exit 0; }
BIN=$B/newsevents
if [ ! -x "$BIN" ]; then
  extra=()
  [ -f "$REPO/build/newsevents.nevm" ] && extra=(-DNEV_MODEL_IN="$REPO/build/newsevents.nevm")
  cmake -S "$REPO" -B "$B" -DNEV_SANITIZE=address,undefined "${extra[@]}" > /dev/null &&
    cmake --build "$B" -j"$(nproc)" --target newsevents_cli > /dev/null ||
    { echo "asan_corpora: cannot build $B"; exit 1; }
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
SAN='AddressSanitizer|LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer'

# check FILE FIRST LAST: 0 when lines FIRST..LAST code without sanitizer output
check() {
  sed -n "$2,$3p" "$1" > "$T/part.jsonl"
  "$BIN" code -q -j2 "$T/part.jsonl" -o /dev/null 2> "$T/err"
  local rc=$?
  if grep -qE "$SAN" "$T/err" || [ $rc -gt 1 ]; then return 1; fi
  return 0
}

found=0
for f in "${FILES[@]}"; do
  n=$(wc -l < "$f")
  start=1
  t0=$(date +%s)
  while [ "$start" -le "$n" ]; do
    if check "$f" "$start" "$n"; then break; fi
    lo=$start; hi=$n   # the first bad line is in lo..hi
    while [ "$lo" -lt "$hi" ]; do
      mid=$(((lo + hi) / 2))
      if check "$f" "$lo" "$mid"; then lo=$((mid + 1)); else hi=$mid; fi
    done
    check "$f" "$lo" "$lo"
    echo "=== $f:$lo: sanitizer output"
    grep -E "$SAN|^    #[0-9]" "$T/err" | head -25
    found=$((found + 1))
    start=$((lo + 1))
  done
  echo "asan_corpora: $(basename "$f"): $n articles, $(($(date +%s) - t0)) s"
done
if [ $found -eq 0 ]; then
  echo "asan_corpora: no sanitizer output"
else
  echo "asan_corpora: $found articles with sanitizer output"
fi
[ $found -eq 0 ]
