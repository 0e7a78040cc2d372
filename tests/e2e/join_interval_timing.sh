#!/usr/bin/env bash
# ss-join --right with both streams live on FIFOs: an unmatched left event is written
# as an outer row only once the right watermark makes a match impossible (right time
# past its time plus the upper bound), not before; a pair at exactly the bound matches.
#
# Run by CTest with SS_BIN (the built tools); exits 77 (skipped) with the reason on
# stderr when ss-join is not built. SS_TEST_KEEP=1 keeps the work directory.
set -uo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin join_interval_timing
e2e_need_tools ss-join
pid=
e2e_on_exit() {
  [ -n "$pid" ] && kill "$pid" 2> /dev/null
  exec 3>&- 4>&-
}

fail() {
  echo "--- stdout" >&2; cat "$tmp/out" >&2
  echo "--- stderr" >&2; cat "$tmp/err" >&2
  e2e_abort "$*"
}
wait_for() {
  local pattern=$1 what=$2
  for _ in $(seq 1 200); do
    grep -qF -- "$pattern" "$tmp/out" 2>/dev/null && return 0
    sleep 0.05
  done
  fail "$what"
}

cd "$tmp"
mkfifo left right
"$bin/ss-join" --right right --on k --within 5s --type left < left > out 2> err &
pid=$!
exec 3> left
printf '{"ts":100,"k":"a","n":1}\n' >&3
exec 4> right  # opened once the join reads its first left event
printf '{"ts":103,"k":"b","r":1}\n' >&4
sleep 0.3
printf '{"ts":100.5,"k":"c","n":2}\n' >&3
sleep 0.3
[ -s out ] && fail "left event 1 written while a right event within 5s could still come"

printf '{"ts":106,"k":"c","r":2}\n' >&4
sleep 0.3
printf '{"ts":101,"k":"c","n":3}\n' >&3
# The right watermark (106) passed 100 + 5: event 1 can match no more.
wait_for '{"ts":100,"k":"a","n":1}' "left event 1 not written once the right watermark passed its bound"
# 106 - 101 = 5s, the upper bound itself: a match.
wait_for '{"ts":101,"k":"c","n":3,"right_ts":106,"right_r":2}' "no match at exactly the upper bound"

exec 3>&- 4>&-
wait "$pid"
status=$?
pid=
[ "$status" = 0 ] || fail "ss-join exited $status"
expected='{"ts":100,"k":"a","n":1}
{"ts":101,"k":"c","n":3,"right_ts":106,"right_r":2}
{"ts":100.5,"k":"c","n":2}'
[ "$(sort out)" = "$(printf '%s\n' "$expected" | sort)" ] || fail "output differs from the expected one"
ok "join interval outer rows wait for the watermarks"
e2e_end
