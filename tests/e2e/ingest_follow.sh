#!/usr/bin/env bash
# ss-ingest --follow --state end to end: a writer appends numbered lines to a log,
# sometimes in two halves (a partial last line), rotates it by rename and by
# copytruncate, while ss-ingest follows it and is killed with SIGKILL and restarted at
# random points. At the end every line has come out at least once, and exactly once in
# the output cut at the restored checkpoints.
#
# Why the cut: after SIGKILL, a run's lines after its last checkpoint are emitted again
# by the next run, which resumes from that checkpoint's offsets (downstream stages and
# the sink drop them by restoring the same checkpoint). So keep each run's output only
# up to the barrier of the checkpoint that the next run restored (the newest snapshot
# when it started), concatenate, and require every line exactly once. ss-ingest flushes
# its output before it writes a snapshot, so when a run died between the snapshot and
# its barrier, the whole output of that run belongs to the cut; a run that took no
# checkpoint at all contributes nothing (the next run starts where it started).
#
# Copytruncate loses whatever the writer appended after the reader's last look (true of
# tail -F as well), so the test truncates only while ss-ingest runs and has caught up;
# a rename rotation may happen at any time, also while ss-ingest is down: the restarted
# run finds the renamed file beside the log by its inode. But a file that was created
# and rotated away again before any checkpoint saw it is unknown to every snapshot
# (tail -F misses it too), so between two renames ss-ingest must have taken a
# checkpoint after the first: the test allows a second rename only after that.
#
# Run by CTest with SS_BIN (the built tools) and SS_SOURCE (the repository root).
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin ingest_follow
pid=
e2e_on_exit() { if [ -n "$pid" ]; then kill -9 "$pid" 2> /dev/null || true; fi; }
RANDOM=${SS_TEST_SEED:-4242}

log=$tmp/app.log
state=$tmp/st
run=0
written=0          # lines written so far, numbered 1..written
rotations=0
restored=()        # restored[k]: checkpoint id run k started from
renamed_since_checkpoint=0  # a rename happened that no checkpoint has seen yet

fail() { e2e_abort "$*"; }

newest_snapshot() {
  local newest=0 f id
  for f in "$state"/ingest.*.snap.zst; do
    [ -e "$f" ] || continue
    id=${f##*/ingest.}; id=${id%.snap.zst}
    [ "$id" -gt "$newest" ] && newest=$id
  done
  echo "$newest"
}

start() {
  run=$((run + 1))
  restored[$run]=$(newest_snapshot)
  "$bin/ss-ingest" --follow --format json --state "$state" --checkpoint-interval 100ms --poll-interval 20ms \
    --no-progress "$log" > "$tmp/out.$run" 2>> "$tmp/err" &
  pid=$!
}

kill_hard() {
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=
}

line() { printf '{"ts":"2026-11-23T10:00:00Z","n":%d}' "$1"; }

append() {
  local k=$1 i
  for ((i = 0; i < k; i++)); do
    written=$((written + 1))
    if ((RANDOM % 20 == 0)); then
      # A line written in two halves, as a slow writer would.
      local text
      text=$(line "$written")
      printf '%s' "${text:0:10}" >> "$log"
      sleep 0.0$((RANDOM % 5))
      printf '%s\n' "${text:10}" >> "$log"
    else
      printf '%s\n' "$(line "$written")" >> "$log"
    fi
  done
}

# Waits (up to 20 s) until the running ss-ingest has emitted line $written and then a
# checkpoint barrier.
wait_caught_up() {
  local deadline=$((SECONDS + 20))
  while :; do
    if [ "$written" -eq 0 ] || grep -q "\"n\":$written}" "$tmp/out.$run"; then
      if tail -n 1 "$tmp/out.$run" | grep -q '^{"_ss":"checkpoint"'; then
        local last_line
        last_line=$(grep -n "\"n\":$written}" "$tmp/out.$run" | tail -n 1 | cut -d: -f1)
        local last_barrier
        last_barrier=$(grep -n '^{"_ss":"checkpoint"' "$tmp/out.$run" | tail -n 1 | cut -d: -f1)
        if [ "$written" -eq 0 ] || [ "$last_barrier" -gt "$last_line" ]; then
          renamed_since_checkpoint=0
          return 0
        fi
      fi
    fi
    [ $SECONDS -lt $deadline ] || fail "ss-ingest did not catch up with line $written (run $run)"
    kill -0 "$pid" 2>/dev/null || fail "ss-ingest died (run $run): $(tail -n 3 "$tmp/err")"
    sleep 0.02
  done
}

: > "$log"
start
for step in $(seq 1 40); do
  append $((1 + RANDOM % 40))
  case $((RANDOM % 10)) in
    0 | 1)
      if [ -n "$pid" ] || [ "$renamed_since_checkpoint" -eq 0 ]; then
        if [ -n "$pid" ]; then wait_caught_up; fi
        rotations=$((rotations + 1))
        mv "$log" "$log.r$rotations"
        renamed_since_checkpoint=1
        : > "$log"
      fi
      ;;
    2)
      if [ -n "$pid" ]; then
        wait_caught_up
        cp "$log" "$log.c$step"
        : > "$log"
      fi
      ;;
    3 | 4)
      [ -n "$pid" ] && kill_hard
      ;;
    5 | 6)
      [ -z "$pid" ] && start
      ;;
    *) sleep 0.0$((RANDOM % 3)) ;;
  esac
done
[ -z "$pid" ] && start
wait_caught_up
kill -TERM "$pid"
wait "$pid" || fail "ss-ingest exited with $? after SIGTERM"
pid=

# At least once: every line in some output.
cat "$tmp"/out.* | grep -v '^{"_ss":' | sed 's/.*"n":\([0-9]*\)}$/\1/' | sort -n -u > "$tmp/seen"
seq 1 "$written" > "$tmp/all"
if ! cmp -s "$tmp/seen" "$tmp/all"; then
  diff "$tmp/all" "$tmp/seen" | head -n 10 >&2
  fail "some lines never came out (of $written)"
fi

# Exactly once in the cut output.
: > "$tmp/cut"
for ((k = 1; k <= run; k++)); do
  if [ $k -lt "$run" ]; then
    cut_at=${restored[$((k + 1))]}
  else
    cut_at=$(grep '^{"_ss":"checkpoint"' "$tmp/out.$k" | tail -n 1 | sed 's/.*"id":\([0-9]*\)}/\1/')
  fi
  barrier="{\"_ss\":\"checkpoint\",\"id\":$cut_at}"
  if grep -qxF "$barrier" "$tmp/out.$k"; then
    awk -v barrier="$barrier" '$0 == barrier { exit } { print }' "$tmp/out.$k" >> "$tmp/cut"
  elif [ "$cut_at" -gt "${restored[$k]}" ]; then
    # The run wrote that snapshot but died before its barrier: all its output counts.
    cat "$tmp/out.$k" >> "$tmp/cut"
  fi
  # Otherwise the run took no checkpoint of its own: the next run repeats all of it.
done
grep -v '^{"_ss":' "$tmp/cut" | sed 's/.*"n":\([0-9]*\)}$/\1/' | sort -n > "$tmp/cut.sorted"
if ! cmp -s "$tmp/cut.sorted" "$tmp/all"; then
  diff "$tmp/all" "$tmp/cut.sorted" | head -n 10 >&2
  fail "the output cut at the restored checkpoints does not hold every line exactly once ($written lines, $run runs)"
fi
ok "$written lines, $run runs, $rotations rename rotations: every line exactly once"
e2e_end
