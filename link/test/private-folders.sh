#!/usr/bin/env bash
# link:private_folders_stay_inside: `wsdsim-link --private-dir DIR` gives the command an empty DIR
# of the namespace's own (what is in DIR outside is not seen; what the command writes there is not
# left outside) and a /proc of its PID namespace (its PID 1 is wsdsim-link); after the run no mount
# of it remains. A relative folder is bad input (status 2).
# Usage: private-folders.sh WSDSIM_LINK CASE_JSON
set -uo pipefail
runner=$1
case_file=$2
source "$(dirname "$0")/skip-unless-root.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }

folder="$work/server"
mkdir "$folder"
touch "$folder/outside"
# Inside: the folder is empty, the command writes into it, and /proc/1 is the namespace's PID 1.
"$runner" --case "$case_file" --private-dir "$folder" -- bash -c \
  "ls -A '$folder' > '$work/seen'; touch '$folder/inside'; cat /proc/1/comm > '$work/init'"
status=$?
[ "$status" -eq 0 ] || fail "wsdsim-link exited $status"
[ -e "$work/seen" ] && [ ! -s "$work/seen" ] || fail "inside, the folder held: $(cat "$work/seen" 2>/dev/null)"
[ "$(cat "$work/init" 2>/dev/null)" = "wsdsim-link" ] ||
  fail "inside, /proc/1 is $(cat "$work/init" 2>/dev/null), not the namespace's PID 1"
[ -e "$folder/outside" ] || fail "the file outside is gone"
[ ! -e "$folder/inside" ] || fail "what the command wrote in the private folder is left outside"
grep -q " $folder " /proc/self/mountinfo && fail "a mount on the folder is left in the root namespace"

"$runner" --case "$case_file" --private-dir relative/folder -- true 2> "$work/error"
status=$?
[ "$status" -eq 2 ] || fail "a relative --private-dir: status $status, not 2"
grep -q "an absolute path is expected" "$work/error" || fail "a relative --private-dir: $(cat "$work/error")"

[ "$failed" -eq 0 ] && echo "the private folder was the namespace's own"
exit "$failed"
