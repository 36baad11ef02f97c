#!/bin/sh
# slurm_test.sh - the Slurm recipe of contrib/slurm on a throwaway one-node Slurm cluster.
#   usage: slurm_test.sh NEWSEVENTS TESTS_SLURM_DIR CONTRIB_SLURM_DIR [DEV_ARTICLES.jsonl]
# Writes a slurm.conf for one node on localhost in a temp dir (auth/none, cred/none, no
# munge, no accounting, unprivileged ports), starts slurmctld and slurmd in the background,
# waits for the node to be idle, then runs contrib/slurm/submit.sh on a small input split
# into 3 shards: tests/slurm/articles.jsonl around the dev set when it is there. That file has
# two articles from different sources about the same meeting and a second record of one
# article id, placed so that each pair lands in different shards; the databases are built in
# a node-local dir (-L). Waits (150 s at most in all) for the job array and the merge job,
# then checks that the merged database equals one `newsevents code --db` run over the whole
# input: every export (jsonl, csv, GDELT events and mentions) byte for byte, row counts, an
# event grouped across shards, the later record of the repeated id kept; that a merge run by
# hand gives the same; and runs the recipe once more with shards of 5 articles (-l 5, two
# tasks at a time, databases built in place, submit.sh -w waiting) to the same result. Stops both daemons and
# removes the temp dir on any exit. Without Slurm's daemons the test fails when CI=true and
# is skipped (exit 77) otherwise.
set -eu
CLI=$1
DIR=$2
RECIPE=$3
DEV=${4:-}
PATH=$PATH:/usr/sbin:/sbin
export PATH

for b in slurmctld slurmd sbatch sinfo squeue scontrol scancel; do
    if ! command -v "$b" > /dev/null 2>&1; then
        if [ "${CI:-}" = true ]; then
            echo "FAIL: $b not found (Debian: apt-get install slurmctld slurmd slurm-client)" >&2
            exit 1
        fi
        echo "SKIP: $b not found (Debian: apt-get install slurmctld slurmd slurm-client)"
        exit 77
    fi
done
fail() { echo "FAIL: $*" >&2; exit 1; }
case $CLI in /*) ;; *) CLI=$(pwd)/$CLI ;; esac

T=$(mktemp -d "${TMPDIR:-/tmp}/nev-slurm.XXXXXX")
chmod 755 "$T"
SLURM_CONF=$T/slurm.conf # this cluster's, for every Slurm command below and the daemons
export SLURM_CONF
CTLD=""
SLURMD=""
show_logs() {
    for f in "$T"/slurmctld.log "$T"/slurmd.log "$T"/work/logs/*.log; do
        [ -f "$f" ] || continue
        echo "---- $f (last lines)" >&2
        tail -n 15 "$f" >&2
    done
}
# stop PID: TERM, then KILL after 10 s; only the daemons this script started
stop() {
    [ -n "$1" ] || return 0
    kill "$1" 2> /dev/null || return 0
    i=0
    while kill -0 "$1" 2> /dev/null && [ $i -lt 20 ]; do
        sleep 0.5
        i=$((i + 1))
    done
    kill -KILL "$1" 2> /dev/null || true
    wait "$1" 2> /dev/null || true
}
cleanup() {
    rc=$?
    trap - EXIT INT TERM
    [ "$rc" = 0 ] || show_logs
    if [ -n "$CTLD" ] && [ -n "$(squeue -h 2> /dev/null)" ]; then
        # every job of this private cluster is one of ours
        # shellcheck disable=SC2046
        scancel $(squeue -h -o %i 2> /dev/null | sed 's/_.*//' | sort -u) > /dev/null 2>&1 || true
        i=0
        while [ -n "$(squeue -h 2> /dev/null)" ] && [ $i -lt 20 ]; do
            sleep 0.5
            i=$((i + 1))
        done
    fi
    stop "$SLURMD"
    stop "$CTLD"
    # Steps the daemons left behind (slurmstepd and its job, when the daemons were killed
    # first): exactly the processes whose environment points at this cluster's slurm.conf.
    for p in /proc/[0-9]*; do
        pid=${p#/proc/}
        [ "$pid" != $$ ] || continue
        if grep -qzxF "SLURM_CONF=$SLURM_CONF" "$p/environ" 2> /dev/null; then
            kill -KILL "$pid" 2> /dev/null || true
        fi
    done
    rm -rf "$T"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# ---- a one-node cluster on localhost ---------------------------------------------------
# two free unprivileged ports (asked from the kernel, released just before use)
# shellcheck disable=SC2046
set -- $(python3 -c 'import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
CPORT=$1
DPORT=$2
NCPU=$(nproc)
mkdir -p "$T/state" "$T/spool"
cat > "$SLURM_CONF" << EOF
# one node on localhost for tests/slurm/slurm_test.sh
ClusterName=nevtest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$CPORT
SlurmdPort=$DPORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/none
CredType=cred/none
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/slurmctld.log
SlurmdLogFile=$T/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/pgid
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SlurmdParameters=config_overrides
ReturnToService=2
MinJobAge=600
KillWait=5
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$NCPU State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -D -i -f "$SLURM_CONF" > "$T/slurmctld.out" 2>&1 &
CTLD=$!
slurmd -D -f "$SLURM_CONF" -N localhost > "$T/slurmd.out" 2>&1 &
SLURMD=$!
i=0
until [ "$(sinfo -h -n localhost -o %t 2> /dev/null)" = idle ]; do
    kill -0 "$CTLD" 2> /dev/null || { cat "$T/slurmctld.out" >&2; fail "slurmctld exited"; }
    kill -0 "$SLURMD" 2> /dev/null || { cat "$T/slurmd.out" >&2; fail "slurmd exited"; }
    i=$((i + 1))
    [ $i -le 120 ] || fail "node not idle after 60 s: $(sinfo 2>&1)"
    sleep 0.5
done
echo "slurm: node localhost idle after $((i / 2)) s (ports $CPORT, $DPORT)"

# ---- input: our articles around the dev set --------------------------------------------
IN=$T/input.jsonl
head -n 4 "$DIR/articles.jsonl" > "$IN"
if [ -n "$DEV" ] && [ -f "$DEV" ]; then
    cat "$DEV" >> "$IN"
    echo "input: dev set $DEV with tests/slurm/articles.jsonl"
else
    echo "input: tests/slurm/articles.jsonl only (no dev set)"
fi
tail -n +5 "$DIR/articles.jsonl" >> "$IN"

# ---- one machine -----------------------------------------------------------------------
"$CLI" code -q --db "$T/single.sqlite" "$IN"

# ---- the recipe ------------------------------------------------------------------------
mkdir "$T/local"
ids=$(sh "$RECIPE/submit.sh" -n 3 -L "$T/local" -b "$CLI" -o "$T/merged.sqlite" "$T/work" "$IN")
# shellcheck disable=SC2086
set -- $ids
ARRAY=$1
MERGE=$2
{ [ -n "$ARRAY" ] && [ -n "$MERGE" ]; } || fail "submit.sh printed '$ids'"
state() { scontrol show job "$1" 2> /dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p'; }
# wait_jobs ARRAY MERGE TASKS: both done within the time left of 150 s, every task completed
SECS=0
wait_jobs() {
    while :; do
        st=$(state "$2")
        case $st in
        COMPLETED) break ;;
        PENDING | RUNNING | CONFIGURING | COMPLETING | "") ;;
        *) fail "merge job $2 ended $st (array tasks: $(state "$1" | tr '\n' ' '))" ;;
        esac
        SECS=$((SECS + 1))
        [ $SECS -le 300 ] || fail "jobs not done after 150 s: $(squeue 2>&1)"
        sleep 0.5
    done
    for st in $(state "$1"); do
        [ "$st" = COMPLETED ] || fail "a task of job array $1 ended $st"
    done
    [ "$(state "$1" | wc -l)" -eq "$3" ] || fail "job array $1 has not $3 tasks"
    echo "slurm: job array $1 ($3 tasks) and merge job $2 completed (polled $((SECS / 2)) s in all)"
}
wait_jobs "$ARRAY" "$MERGE" 3
[ -z "$(ls -A "$T/local")" ] || fail "node-local files left in $T/local: $(ls "$T/local")"

# ---- the merged database equals the single run -----------------------------------------
S0=$T/work/db/shard-000.sqlite
S1=$T/work/db/shard-001.sqlite
S2=$T/work/db/shard-002.sqlite
for f in "$S0" "$S1" "$S2" "$T/merged.sqlite"; do
    [ -f "$f" ] || fail "$f was not written"
done
[ ! -e "$T/merged.sqlite.part" ] || fail "merged.sqlite.part left behind"
q() { "$CLI" query "$1" "$2" | tail -n +2; }
COUNTS="SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM mentions),
  (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM places), (SELECT COUNT(*) FROM quotes),
  (SELECT COUNT(*) FROM actors)"
counts() { q "$1" "$COUNTS" | tr '\t' ' '; }
same() { # same DB_A DB_B: every export of A equals B's, and the counts
    for spec in "jsonl events" "csv events" "gdelt events" "gdelt mentions"; do
        # shellcheck disable=SC2086
        set -- $spec
        "$CLI" export -f "$1" -t "$2" -o "$T/a.out" "$A"
        "$CLI" export -f "$1" -t "$2" -o "$T/b.out" "$B"
        [ -s "$T/a.out" ] || fail "empty $1 $2 export of $A"
        cmp -s "$T/a.out" "$T/b.out" || { diff "$T/a.out" "$T/b.out" | head -n 20 >&2;
            fail "$1 $2 export of $(basename "$B") differs from $(basename "$A")"; }
    done
    [ "$(counts "$A")" = "$(counts "$B")" ] ||
        fail "counts of $B: $(counts "$B"), one run: $(counts "$A")"
}
A=$T/single.sqlite
B=$T/merged.sqlite
same
echo "merged = one run: articles mentions events places quotes actors = $(counts "$A")"
# a merge run by hand, outside Slurm, gives the same
"$CLI" merge "$T/hand.sqlite" "$S0" "$S1" "$S2"
B=$T/hand.sqlite
same

# the input really made the recipe group across shards and pick the later record
nart=$(q "$S0" "SELECT COUNT(*) FROM articles")
[ "$nart" -gt 0 ] || fail "shard 0 is empty"
python3 - "$T/merged.sqlite" "$S0" "$S1" "$S2" << 'EOF' || fail "cross-shard checks"
import sqlite3, sys
merged, shards = sys.argv[1], sys.argv[2:]
home = {}
for i, path in enumerate(shards):
    for (aid,) in sqlite3.connect(path).execute("SELECT id FROM articles"):
        home.setdefault(aid, []).append(i)
db = sqlite3.connect(merged)
split = 0
for eid, n in db.execute("SELECT id, num_articles FROM events WHERE num_articles > 1"):
    arts = [a for (a,) in db.execute("SELECT DISTINCT article_id FROM mentions WHERE event_id = ?",
                                     (eid,))]
    if len({home[a][-1] for a in arts}) > 1:
        split += 1
print("events grouped across shards:", split)
if split == 0:
    sys.exit("no event in the merged database groups mentions from two shards")
if len(home.get("slurm-5", [])) != 2:
    sys.exit("article slurm-5 is not in two shards: %r" % home.get("slurm-5"))
later = db.execute("SELECT COUNT(*) FROM mentions WHERE article_id = 'slurm-5' AND cameo = '1123'")
if later.fetchone()[0] != 1:
    sys.exit("the merged database does not keep the later record of slurm-5")
EOF

# ---- the recipe again: shards of at most 5 articles, databases built in place ---------
# -w: submit.sh itself waits for the merge job
ids=$(timeout $((150 - SECS / 2)) sh "$RECIPE/submit.sh" -w -l 5 -p 2 -s "--time=5" -b "$CLI" "$T/work2" "$IN") ||
    fail "submit.sh -w: exit $?"
# shellcheck disable=SC2086
set -- $ids
nlines=$(grep -c . "$IN")
wait_jobs "$1" "$2" $(((nlines + 4) / 5))
A=$T/single.sqlite
B=$T/work2/merged.sqlite
same
echo "slurm_test: ok"
