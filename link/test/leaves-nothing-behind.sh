#!/usr/bin/env bash
# link:leaves_nothing_behind: after wsdsim-link's command exits, crashes, or hangs with a detached
# grandchild and wsdsim-link is killed from outside, no process of the run, no network namespace
# of it and no wsd* device in the root namespace remains.
# Usage: leaves-nothing-behind.sh WSDSIM_LINK CASE_JSON
set -uo pipefail
runner=$1
case_file=$2
source "$(dirname "$0")/skip-unless-root.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }

# The inodes of every process's network namespace.
# (stat fails on a process that ends meanwhile: not a failure of the pipeline under pipefail.)
net_namespaces() { { stat -L -c %i /proc/[0-9]*/ns/net 2>/dev/null || true; } | sort -u; }
# The processes in PID namespace $1 (their ids).
processes_in() { { stat -L -c '%i %n' /proc/[0-9]*/ns/pid 2>/dev/null || true; } |
  awk -v ns="$1" '$1 == ns { sub("/ns/pid", "", $2); print $2 }'; }
# The wsd* devices of the root namespace (this test's).
root_devices() { grep -o 'wsd[0-9]*:' /proc/net/dev; }

# The command writes its namespaces' inodes into $state first: "NET PID".
record='echo "$(stat -L -c %i /proc/self/ns/net) $(stat -L -c %i /proc/self/ns/pid)" > '

# check NAME STATE BEFORE: nothing of the run (whose namespaces STATE names) remains, within 5 s.
check() {
  local name=$1 state=$2 before=$3
  if [ ! -s "$state" ]; then fail "$name: the command did not run"; return; fi
  read -r net pid < "$state"
  if [ "$net" = "$(stat -L -c %i /proc/self/ns/net)" ]; then
    fail "$name: the command ran in the root network namespace"; return
  fi
  for _ in $(seq 50); do
    if [ -z "$(processes_in "$pid")" ] && ! net_namespaces | grep -x "$net" >/dev/null; then break; fi
    sleep 0.1
  done
  [ -z "$(processes_in "$pid")" ] || fail "$name: processes of the run remain: $(processes_in "$pid" | tr '\n' ' ')"
  ! net_namespaces | grep -x "$net" >/dev/null || fail "$name: its network namespace $net remains"
  grep -q "net:\[$net\]" /proc/self/mountinfo && fail "$name: its network namespace is mounted"
  local new
  new=$(comm -13 "$before" <(net_namespaces))
  echo "$name: network namespaces of processes, new since it started: ${new:-none}"
  [ -z "$(root_devices)" ] || fail "$name: wsd devices in the root namespace: $(root_devices)"
}

# 1. A command that exits: wsdsim-link exits with its status.
net_namespaces > "$work/before"
"$runner" --case "$case_file" -- bash -c "$record $work/exits; exit 3"
status=$?
[ "$status" -eq 3 ] || fail "exits: wsdsim-link exited $status, not the command's 3"
check exits "$work/exits" "$work/before"

# 2. A command that crashes: 128 + SIGSEGV.
net_namespaces > "$work/before"
"$runner" --case "$case_file" -- bash -c "$record $work/crashes; kill -SEGV \$\$"
status=$?
[ "$status" -eq 139 ] || fail "crashes: wsdsim-link exited $status, not 128 + SIGSEGV (139)"
check crashes "$work/crashes" "$work/before"

# 3. A command that hangs, with a grandchild detached from it (setsid and a double fork), and
#    wsdsim-link killed from outside at a timeout, as a harness kills a hung case.
net_namespaces > "$work/before"
"$runner" --case "$case_file" -- bash -c \
  "$record $work/hangs; setsid bash -c '(sleep 1000 &); sleep 1000' & sleep 1000" &
runner_pid=$!
for _ in $(seq 100); do
  if [ -s "$work/hangs" ]; then
    read -r net pid < "$work/hangs"
    # PID 1, the command, the detached one and the double-forked sleep
    [ "$(processes_in "$pid" | wc -l)" -ge 4 ] && break
  fi
  sleep 0.1
done
echo "hangs: processes of the run before the kill: $(processes_in "$pid" | wc -l)"
kill -KILL "$runner_pid"
wait "$runner_pid" 2>/dev/null
check hangs "$work/hangs" "$work/before"

[ "$failed" -eq 0 ] && echo "nothing left behind"
exit "$failed"
