#!/usr/bin/env bash
# The SLURM profile on a real cluster: start a one-node Slurm on this machine (Debian's slurm-wlm
# and munge), run the workflow through profiles/slurm with `--executor slurm`, run it locally on
# the same input folder, and require every table file and the manifest to be byte-identical.
# Exit 0 only then. Not part of the default test run (minutes, and it needs root): run it by
# hand or with `bash tests/run.sh -m slurm`; README "Running on a cluster (SLURM)".
#
#   bash tests/slurm/run.sh [--venv DIR | --from-venv DIR] [--copies N] [--keep]
#
#   --venv DIR   a venv that already has docpipe and the slurm extra; default: a throwaway one
#                built from requirements-slurm.lock (the plugin stays out of every other venv,
#                because once installed it makes every snakemake start call scontrol)
#   --from-venv DIR  build the throwaway venv from a copy of DIR (e.g. the test venv), so that
#                requirements-slurm.lock adds only what DIR lacks: seconds instead of a minute
#                or more of downloads
#   --copies N   the input folder is the seeds copied N times under different names (default 4)
#   --keep       keep the temporary folder: configs, daemon logs, both working directories
#
# Needs root: it installs slurm-wlm and munge with apt-get when they are missing, and starts
# munged, slurmctld and slurmd, which it stops again at exit. For the run it writes
# /etc/slurm/slurm.conf, because srun inside a job finds its config only there (the executor's
# job step drops SLURM_CONF from srun's environment); it removes that file at exit and refuses
# to run where a Slurm config it did not write exists.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
SLURM_CONF_PATH=/etc/slurm/slurm.conf
MARKER="# written by docpipe tests/slurm/run.sh"

VENV="" FROM_VENV="" COPIES=4 KEEP=0
while [ $# -gt 0 ]; do
    case "$1" in
    --venv) VENV="$(cd "$2" && pwd)" && shift 2 ;;
    --from-venv) FROM_VENV="$(cd "$2" && pwd)" && shift 2 ;;
    --copies) COPIES="$2" && shift 2 ;;
    --keep) KEEP=1 && shift ;;
    *)
        echo "usage: bash $0 [--venv DIR | --from-venv DIR] [--copies N] [--keep]" >&2
        exit 2
        ;;
    esac
done

say() { printf '== [%3ds] %s\n' "$SECONDS" "$*"; }
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

[ "$(id -u)" -eq 0 ] || fail "needs root (apt-get, munged, slurmctld, slurmd): run it as root"
unset SLURM_CONF

# ---- packages ---------------------------------------------------------------------------------
say "Slurm and munge packages"
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null ||
    ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
    start=$SECONDS
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends slurm-wlm munge >/dev/null
    say "installed slurm-wlm and munge in $((SECONDS - start)) s"
fi
say "$(slurmctld -V), $(munged -V 2>&1 | head -n1)"

# ---- a config of our own, or a stale one from a run that was killed --------------------------
stop_daemons() { # DIR: stop the daemons whose pid files are in DIR, and wait until they are gone
    local daemon pid waited
    for daemon in slurmd slurmctld munged; do
        [ -s "$1/$daemon.pid" ] || continue
        pid="$(cat "$1/$daemon.pid")"
        # A pid file outlives its process; never signal whatever has the number now.
        [ "$(ps -o comm= -p "$pid" 2>/dev/null)" = "$daemon" ] || continue
        kill "$pid" 2>/dev/null || continue
        for waited in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
    done
    return 0
}

if [ -e "$SLURM_CONF_PATH" ]; then
    head -n1 "$SLURM_CONF_PATH" | grep -q "^$MARKER" ||
        fail "$SLURM_CONF_PATH exists and was not written by this script:" \
            "this machine has a Slurm of its own; run the test elsewhere"
    read -r _ _ _ _ _ _ old_pid old_dir < <(head -n1 "$SLURM_CONF_PATH")
    kill -0 "$old_pid" 2>/dev/null && fail "another run of this script (pid $old_pid) is running"
    say "removing what a killed run (pid $old_pid) left: $old_dir"
    stop_daemons "$old_dir"
    rm -rf "$old_dir" "$SLURM_CONF_PATH"
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/docpipe-slurm.XXXXXX")"
cleanup() {
    local status=$?
    set +e
    if [ -f "$TMP/slurmctld.pid" ]; then
        scancel --full --quiet --user root 2>/dev/null
    fi
    stop_daemons "$TMP"
    head -n1 "$SLURM_CONF_PATH" 2>/dev/null | grep -q "^$MARKER pid $$ " && rm -f "$SLURM_CONF_PATH"
    say "stopped munged, slurmctld and slurmd"
    if [ "$KEEP" -eq 1 ]; then
        echo "kept $TMP"
    else
        rm -rf "$TMP"
        say "removed $TMP"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- munged, slurmctld, slurmd ----------------------------------------------------------------
say "starting munged, slurmctld and slurmd in $TMP"
# munged refuses a socket in a folder that others cannot search, and mktemp makes it 0700.
chmod 755 "$TMP"
mkdir -m 755 "$TMP/munge"
mkdir "$TMP/state" "$TMP/spool"
mungekey --create --keyfile="$TMP/munge.key"
munged --key-file="$TMP/munge.key" --socket="$TMP/munge/munge.socket" \
    --pid-file="$TMP/munged.pid" --log-file="$TMP/munged.log" --seed-file="$TMP/munged.seed"

NODE="$(hostname -s)"
CPUS="$(nproc)"
MEMORY_MB="$(awk '/^MemTotal:/ {print int($2 / 1024)}' /proc/meminfo)"
# Free ports, so that this cluster cannot collide with another Slurm on the machine.
read -r CTLD_PORT SLURMD_PORT < <(python3 -c '
import socket
sockets = [socket.socket() for _ in range(2)]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in sockets))')
mkdir -p "$(dirname "$SLURM_CONF_PATH")"
cat >"$SLURM_CONF_PATH" <<EOF
$MARKER pid $$ $TMP
# A one-node cluster for the test: no accounting (so no sacct and no account), linuxproc
# process tracking and no task plugin (no cgroups needed), cores and memory as consumables.
ClusterName=docpipe-test
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$TMP/munge/munge.socket
StateSaveLocation=$TMP/state
SlurmdSpoolDir=$TMP/spool
SlurmctldPidFile=$TMP/slurmctld.pid
SlurmdPidFile=$TMP/slurmd.pid
SlurmctldLogFile=$TMP/slurmctld.log
SlurmdLogFile=$TMP/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
# squeue is the executor's only status source here; finished jobs stay visible this long.
MinJobAge=600
ReturnToService=2
MailProg=/bin/true
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEMORY_MB State=UNKNOWN
PartitionName=main Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld
slurmd

for waited in $(seq 1 60); do
    state="$(sinfo --noheader --nodes="$NODE" --format=%T 2>/dev/null || true)"
    [ "$state" = idle ] && break
    sleep 1
done
[ "$state" = idle ] || {
    tail -n 20 "$TMP/slurmctld.log" "$TMP/slurmd.log" >&2
    fail "node $NODE is '$state', not idle, 60 s after starting slurmd"
}
say "node $NODE idle: $CPUS CPUs, $MEMORY_MB MB"

# ---- a venv with the executor plugin ----------------------------------------------------------
if [ -z "$VENV" ]; then
    start=$SECONDS
    VENV="$TMP/venv"
    if [ -n "$FROM_VENV" ]; then
        # A copy keeps the original free of the plugin; only what the lock adds is installed.
        cp -a "$FROM_VENV" "$VENV"
        how="a copy of $FROM_VENV"
    else
        python3 -m venv "$VENV"
        how="a new venv"
    fi
    pip=("$VENV/bin/python" -m pip install --disable-pip-version-check)
    { "${pip[@]}" -r "$REPO/requirements-slurm.lock" && "${pip[@]}" --no-deps -e "$REPO"; } \
        >"$TMP/pip.log" 2>&1 || {
        tail -n 20 "$TMP/pip.log" >&2
        fail "installing requirements-slurm.lock into $how failed (log above)"
    }
    say "throwaway venv with the slurm extra ($how) in $((SECONDS - start)) s"
fi
"$VENV/bin/python" -c 'import snakemake_executor_plugin_slurm' 2>/dev/null ||
    fail "$VENV has no snakemake-executor-plugin-slurm (pip install -r requirements-slurm.lock)"
say "$("$VENV/bin/python" -m pip list --disable-pip-version-check 2>/dev/null |
    awk '$1 == "snakemake" || $1 ~ /^snakemake-executor-plugin-slurm/ {printf "%s %s  ", $1, $2}')"

# ---- the same input folder, run on Slurm and locally ------------------------------------------
mkdir "$TMP/corpus" "$TMP/on_slurm" "$TMP/local"
for copy in $(seq 1 "$COPIES"); do
    mkdir "$TMP/corpus/copy$copy"
    cp "$REPO"/seeds/* "$TMP/corpus/copy$copy/"
done
documents="$(find "$TMP/corpus" -type f | wc -l)"
# Both runs read the same folder, so the manifest's resolved input_dir is the same too.
snakemake_in() { # WORKDIR LOG ARGS...: run the workflow in WORKDIR, its output to LOG
    local workdir="$1" log="$2"
    shift 2
    (cd "$TMP" && timeout 900 "$VENV/bin/python" -m snakemake -s "$REPO/Snakefile" \
        --directory "$workdir" --config input_dir="$TMP/corpus" shards=4 "$@" >"$log" 2>&1)
}

say "workflow on Slurm: $documents documents"
start=$SECONDS
# Status checks start 2 s after a submission rather than the executor's 40 s, which on this
# cluster of seconds-long jobs would be most of the run.
snakemake_in "$TMP/on_slurm" "$TMP/on_slurm.log" --workflow-profile "$REPO/profiles/slurm" \
    --slurm-no-account --slurm-status-command squeue \
    --slurm-init-seconds-before-status-checks 2 || {
    tail -n 40 "$TMP/on_slurm.log" >&2
    fail "the workflow failed on Slurm (log above; --keep keeps the job logs)"
}
slurm_seconds=$((SECONDS - start))
say "workflow on Slurm done in $slurm_seconds s"

start=$SECONDS
snakemake_in "$TMP/local" "$TMP/local.log" -c2 || {
    tail -n 40 "$TMP/local.log" >&2
    fail "the local run failed (log above)"
}
say "local run (-c2) done in $((SECONDS - start)) s"

# ---- every job went through Slurm and completed -----------------------------------------------
grep -o 'has been submitted with SLURM jobid [0-9]*' "$TMP/on_slurm.log" |
    awk '{print $NF}' | sort -n >"$TMP/submitted.txt"
submitted="$(wc -l <"$TMP/submitted.txt")"
# Jobs Snakemake finished, less those it runs itself (localrules such as `all`).
finished="$(grep -c '^Finished jobid' "$TMP/on_slurm.log")"
local_jobs="$(grep -c '^localrule ' "$TMP/on_slurm.log")"
# %m and %l: the memory and time limit each job asked for, from the rules' resources.
squeue --states=all --noheader --format='%i|%T|%k|%m|%l|%M' | sort -n >"$TMP/squeue.txt"
echo "Slurm jobs (id, state, rule and shard, memory, time limit, elapsed):"
sed 's/|/  /g; s/^/  /' "$TMP/squeue.txt"
completed="$(grep -c '|COMPLETED|' "$TMP/squeue.txt" || true)"
echo "submitted $submitted sbatch jobs (ids $(paste -sd' ' "$TMP/submitted.txt"));" \
    "$completed COMPLETED;" \
    "$finished jobs finished, $local_jobs of them local; slurmctld logged" \
    "$(grep -c '_job_complete: JobId=[0-9]* WEXITSTATUS 0' "$TMP/slurmctld.log") exit status 0"
[ "$submitted" -gt 0 ] || fail "no job was submitted to Slurm"
[ "$submitted" -eq $((finished - local_jobs)) ] ||
    fail "$submitted jobs went through Slurm, but Snakemake finished" \
        "$((finished - local_jobs)) non-local jobs"
[ "$completed" -eq "$submitted" ] && [ "$(wc -l <"$TMP/squeue.txt")" -eq "$submitted" ] ||
    fail "not every Slurm job is COMPLETED (squeue above)"

# ---- byte identity ----------------------------------------------------------------------------
fingerprints() { # RESULTS: sha256 of every table file and of the manifest, by relative path
    (cd "$1" && find tables -name '*.parquet' | LC_ALL=C sort | xargs sha256sum &&
        sha256sum manifest.json)
}
same_bytes() { # RESULTS_A RESULTS_B: status 0 when identical, else 1 and the differing files
    diff <(fingerprints "$1") <(fingerprints "$2")
}

# The comparison must be able to fail: a copy of the local results with one byte changed in one
# table file has to differ.
cp -r "$TMP/local/results" "$TMP/damaged"
victim="$(find "$TMP/damaged/tables" -name '*.parquet' | LC_ALL=C sort | head -n1)"
printf 'X' | dd of="$victim" bs=1 seek=100 conv=notrunc status=none
if same_bytes "$TMP/local/results" "$TMP/damaged" >/dev/null; then
    fail "the comparison did not notice a changed byte in $victim"
fi

tables="$(find "$TMP/local/results/tables" -name '*.parquet' | wc -l)"
[ "$tables" -gt 0 ] || fail "the local run wrote no table files"
if ! same_bytes "$TMP/local/results" "$TMP/on_slurm/results"; then
    fail "tables or manifest differ between the Slurm and the local run (diff above)"
fi
# The manifest holds the sha256 of every stage output too, so those are identical as well.
say "byte-identical: $tables table files and the manifest, Slurm vs local" \
    "($slurm_seconds s on Slurm, $SECONDS s in all)"
