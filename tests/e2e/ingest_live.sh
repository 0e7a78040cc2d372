#!/usr/bin/env bash
# ss-ingest live behaviour that golden cases cannot show, because it depends on time:
#   - --follow --idle-timeout: watermarks while the input is idle, only rising;
#   - --follow: output is flushed while the input is idle (a tail -F pipeline sees lines at once);
#   - SIGTERM, with and without --follow, ends the run with a checkpoint and exit status 0.
# Run by CTest with SS_BIN (the built tools) and SS_SOURCE (the repository root).
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin ingest_live
pid=
e2e_on_exit() { if [ -n "$pid" ]; then kill -9 "$pid" 2> /dev/null || true; fi; }
fail() { e2e_abort "$*"; }

# Waits up to 10 s until file $1 has a line matching $2.
wait_for() {
  local deadline=$((SECONDS + 10))
  until grep -q -- "$2" "$1"; do
    [ $SECONDS -lt $deadline ] || fail "timed out waiting for $2 in $1"
    sleep 0.02
  done
}

# Idle watermarks, and flushing while idle.
log=$tmp/app.log
printf '%s\n' '{"ts":"2026-11-23T10:00:05Z","n":1}' '{"ts":"2026-11-23T10:00:02Z","n":2}' > "$log"
"$bin/ss-ingest" --follow --format json --idle-timeout 300ms --poll-interval 20ms "$log" > "$tmp/out" 2> "$tmp/err" &
pid=$!
wait_for "$tmp/out" '"n":2'
wait_for "$tmp/out" '^{"_ss":"watermark","ts":"'
printf '%s\n' '{"ts":"2026-11-23T10:00:09Z","n":3}' >> "$log"
wait_for "$tmp/out" '"n":3'
sleep 0.5
# Idle watermarks follow the wall clock (ingest_clock.sh checks by how much): they only rise.
grep '"watermark"' "$tmp/out" | sort -c || fail "idle watermarks went backwards"
kill -TERM "$pid"
wait "$pid" || fail "--follow: exit status $? after SIGTERM"
pid=

# SIGTERM while following, with --state: a final checkpoint after the last line.
"$bin/ss-ingest" --follow --format json --state "$tmp/st1" --checkpoint-interval 1h "$log" > "$tmp/out1" 2>&1 &
pid=$!
wait_for "$tmp/out1" '"n":3'
kill -TERM "$pid"
wait "$pid" || fail "--follow --state: exit status $? after SIGTERM"
pid=
# The run's first line is its start barrier (checkpoint 1); the last, the final one.
[ "$(tail -n 1 "$tmp/out1")" = '{"_ss":"checkpoint","id":2}' ] || fail "no final checkpoint after SIGTERM: $(tail -n 1 "$tmp/out1")"
[ -e "$tmp/st1/ingest.2.snap.zst" ] || fail "no snapshot after SIGTERM"

# SIGTERM in a batch run from a pipe that stays open: stop, checkpoint, exit 0.
mkfifo "$tmp/fifo"
"$bin/ss-ingest" --format json --state "$tmp/st2" --checkpoint-interval 1h < "$tmp/fifo" > "$tmp/out2" 2>&1 &
pid=$!
exec 3> "$tmp/fifo"
printf '%s\n' '{"ts":"2026-11-23T10:00:01Z","n":1}' >&3
wait_for "$tmp/out2" '"n":1'
kill -TERM "$pid"
wait "$pid" || fail "batch: exit status $? after SIGTERM"
pid=
exec 3>&-
[ "$(tail -n 1 "$tmp/out2")" = '{"_ss":"checkpoint","id":2}' ] || fail "batch: no checkpoint after SIGTERM"
ok "follow with idle watermarks; a final checkpoint after SIGTERM, following and batch"
e2e_end
