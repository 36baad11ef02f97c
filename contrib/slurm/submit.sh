#!/bin/sh
# submit.sh - code a large set of articles on a Slurm cluster: split the input into shards,
# submit a job array that codes each shard into its own database (code.sbatch), and a merge
# job that runs when all of them succeeded (merge.sbatch). See contrib/slurm/README.md.
#   usage: submit.sh [OPTIONS] WORKDIR INPUT.jsonl...
#   -n SHARDS   number of shards, one array task each (default 8)
#   -l N        N articles per shard instead of -n
#   -o OUT      merged database (default WORKDIR/merged.sqlite); must not exist yet
#   -b BIN      the newsevents binary (default: newsevents on PATH)
#   -c CPUS     CPUs per array task, used as `newsevents code -j CPUS` (default 1)
#   -t TIME     time limit of each array task (default 1:00:00)
#   -p MAX      at most MAX array tasks running at once (sbatch --array=...%MAX)
#   -L DIR      build each database in the node-local directory DIR (e.g. /tmp), then copy
#               it into WORKDIR (SQLite's file locking is safest on a local disk)
#   -s OPTS     more sbatch options for both jobs, e.g. -s "--partition=short --account=news"
#               (a --time in OPTS is the merge job's limit; the array's is -t)
#   -w          wait until the merge job has ended; exit status is the merge job's
# WORKDIR (created when missing) must be on a file system that every node sees; it gets
# shards/ (the split input), db/ (one database per shard), logs/ (one log per task). Prints
# "ARRAY_JOB_ID MERGE_JOB_ID" on standard output.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
usage() {
    sed -n '5,20p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}
shards=8
per=""
out=""
bin=""
cpus=1
tlimit=1:00:00
maxrun=""
extra=""
wait=""
local=""
while getopts n:l:o:b:c:t:p:L:s:wh opt; do
    case $opt in
    n) shards=$OPTARG ;;
    l) per=$OPTARG ;;
    o) out=$OPTARG ;;
    b) bin=$OPTARG ;;
    c) cpus=$OPTARG ;;
    t) tlimit=$OPTARG ;;
    p) maxrun=$OPTARG ;;
    L) local=$OPTARG ;;
    s) extra=$OPTARG ;;
    w) wait=1 ;;
    *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || usage
work=$1
shift
die() { echo "submit.sh: $*" >&2; exit 1; }

command -v sbatch > /dev/null 2>&1 || die "sbatch not found (is Slurm's client installed?)"
[ -n "$bin" ] || bin=$(command -v newsevents) || die "newsevents not on PATH; give -b BIN"
[ -x "$bin" ] || die "$bin is not an executable"
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
mkdir -p "$work/logs" "$work/db"
work=$(cd "$work" && pwd)
[ -n "$out" ] || out=$work/merged.sqlite
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
[ ! -e "$out" ] || die "$out exists; remove it, or merge into it later with newsevents merge"
mkdir -p "$(dirname "$out")"

if [ -n "$per" ]; then
    n=$(sh "$here/split.sh" -l "$per" "$work/shards" "$@")
else
    n=$(sh "$here/split.sh" -n "$shards" "$work/shards" "$@")
fi
rm -f "$work"/db/shard-*.sqlite "$work"/db/shard-*.part*
echo "submit.sh: $n shards in $work/shards" >&2

range=0-$((n - 1))
[ -z "$maxrun" ] || range=$range%$maxrun
export NEV_BIN="$bin" NEV_WORK="$work" NEV_SHARDS="$n" NEV_OUT="$out" NEV_LOCAL="$local"
# $extra is split into words on purpose: it holds sbatch options. It comes first, so -c, -t
# and the recipe's own options win for the array; the merge job takes its --time from it.
# shellcheck disable=SC2086
array=$(sbatch --parsable $extra --array="$range" --cpus-per-task="$cpus" --time="$tlimit" \
    --chdir="$work" --output="$work/logs/code-%A_%a.log" --export=ALL "$here/code.sbatch") || die "submitting the job array failed"
array=${array%%;*}
# shellcheck disable=SC2086
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes \
    --chdir="$work" --output="$work/logs/merge-%j.log" --export=ALL $extra \
    "$here/merge.sbatch") || die "submitting the merge job failed (array job $array is queued)"
merge=${merge%%;*}
echo "submit.sh: job array $array ($n tasks), merge job $merge -> $out" >&2
echo "$array $merge"
if [ -n "$wait" ]; then
    # Poll the controller; works without accounting (sacct) as long as the job is in memory.
    while :; do
        info=$(scontrol show job "$merge" 2>&1) || true
        st=$(printf '%s\n' "$info" | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
        case $info in *"Invalid job id"*) st=GONE ;; esac
        case $st in
        PENDING | RUNNING | CONFIGURING | COMPLETING | REQUEUED | RESIZING | SUSPENDED | "") ;;
        COMPLETED) exit 0 ;;
        GONE)
            # purged from the controller's memory (MinJobAge): the output tells
            [ -f "$out" ] && exit 0
            echo "submit.sh: merge job $merge is gone and $out was not written" >&2
            exit 1
            ;;
        *)
            echo "submit.sh: merge job $merge ended $st; see $work/logs/" >&2
            exit 1
            ;;
        esac
        sleep 5
    done
fi
