#!/bin/sh
# split.sh - cut JSON Lines article files into shards for a Slurm job array (contrib/slurm).
#   usage: split.sh [-n SHARDS | -l ARTICLES] OUTDIR INPUT...
# Reads every INPUT (JSON Lines, one article a line; .gz files are decompressed) in the order
# given and writes OUTDIR/shard-000.jsonl, shard-001.jsonl, ... Each shard is a contiguous
# run of the input, in input order, and the shards differ in size by at most one article.
# Keeping the order matters: when an article id occurs twice, one run over all inputs keeps
# the later record, and `newsevents merge` keeps the copy of the last shard named, so merging
# the shards in number order gives what one run would. Blank lines are dropped (the coder
# skips them too). Prints the number of shards written on standard output; shards are
# written even when empty (more shards than articles), so the array is always 0..SHARDS-1.
#   -n SHARDS    number of shards (default 8)
#   -l ARTICLES  articles per shard instead: SHARDS = ceil(articles / ARTICLES)
set -eu

usage() {
    sed -n '2,3p' "$0" | sed 's/^# *//' >&2
    exit 2
}
shards=8
per=""
while getopts n:l:h opt; do
    case $opt in
    n) shards=$OPTARG ;;
    l) per=$OPTARG ;;
    *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || usage
out=$1
shift
isnum() { case $1 in '' | *[!0-9]*) return 1 ;; *) [ "$1" -gt 0 ] ;; esac; }
isnum "$shards" || { echo "split.sh: -n needs a positive number" >&2; exit 2; }
[ -z "$per" ] || isnum "$per" || { echo "split.sh: -l needs a positive number" >&2; exit 2; }
for f in "$@"; do
    [ -r "$f" ] || { echo "split.sh: $f: cannot read" >&2; exit 1; }
done

mkdir -p "$out"
all=$out/.all.jsonl
trap 'rm -f "$all"' EXIT
# One stream of non-blank lines; the echo ends a last line that has no newline.
for f in "$@"; do
    case $f in
    *.gz) gzip -dc -- "$f" ;;
    *) cat -- "$f" ;;
    esac
    echo
done | awk 'NF' > "$all"
total=$(wc -l < "$all")
total=$((total + 0))
if [ -n "$per" ]; then
    shards=$(((total + per - 1) / per))
    [ "$shards" -gt 0 ] || shards=1
fi
rm -f "$out"/shard-[0-9][0-9][0-9].jsonl
# Article i (0-based) goes to shard floor(i * SHARDS / total): contiguous, balanced.
awk -v n="$shards" -v total="$total" -v dir="$out" '
BEGIN {
    for (s = 0; s < n; s++) {
        f = sprintf("%s/shard-%03d.jsonl", dir, s)
        printf "" > f
        close(f)
    }
}
{
    s = int((NR - 1) * n / total)
    f = sprintf("%s/shard-%03d.jsonl", dir, s)
    if (f != cur) {
        if (cur != "") close(cur)
        cur = f
    }
    print >> f
}' "$all"
echo "$shards"
