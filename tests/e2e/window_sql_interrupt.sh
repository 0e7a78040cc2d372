#!/usr/bin/env bash
# ss-window --sql under a stop signal and --sql-timeout: a runaway query (an endless
# recursive CTE) must not keep the tool from stopping.
#  - SIGTERM during a query: the tool exits 0 within a few seconds, writes no rows for
#    the interrupted window and names it on stderr;
#  - with --state, the stop keeps the interrupted window for the next run, which writes
#    the keys not yet written and nothing twice;
#  - --sql-timeout ends the query: the window fails (reported, no rows), the run goes
#    on; with --strict that is exit 1.
# Run by CTest with SS_BIN (the built tools) and SS_SOURCE (the repository root).
set -uo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin window_sql_interrupt
pid=
e2e_on_exit() { if [[ -n $pid ]]; then kill -KILL "$pid" 2> /dev/null; fi; }

endless='WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c) SELECT count(*) AS n FROM c'

# Waits up to $2 tenths of a second for process $1 (a child of this shell) and sets
# status to its exit status, or to "running" (killing it) when it did not end.
wait_for() {
  local p=$1 tenths=$2
  for ((i = 0; i < tenths; i++)); do
    if ! kill -0 "$p" 2>/dev/null; then
      wait "$p"
      status=$?
      return
    fi
    sleep 0.1
  done
  kill -KILL "$p" 2>/dev/null
  wait "$p" 2>/dev/null
  status=running
}

# 1. SIGTERM during a query, without --state.
printf '%s\n' '{"ts":"2026-11-01T00:00:10Z","k":"a"}' '{"ts":"2026-11-01T00:01:10Z","k":"a"}' > "$tmp/in1"
"$bin/ss-window" --no-progress --tumble 1m --sql "$endless" "$tmp/in1" > "$tmp/out1" 2> "$tmp/err1" &
pid=$!
sleep 1
kill -TERM "$pid"
wait_for "$pid" 50
pid=
if [[ $status != 0 ]]; then
  bad "SIGTERM during a query: expected exit 0 within 5 s, got '$status'"
elif [[ -s $tmp/out1 ]]; then
  bad "SIGTERM during a query: expected no rows, got $(head -c 200 "$tmp/out1")"
elif ! grep -q 'stopped by a signal while --sql ran on the window {"window_start":"2026-11-01T00:00:00.000Z"' "$tmp/err1"; then
  bad "SIGTERM during a query: stderr does not name the window: $(cat "$tmp/err1")"
else
  ok "SIGTERM during a query ends the run at once, exit 0, the window named"
fi

# 2. SIGTERM with --state: key a is written, key b spins while ctl.csv says so; the
#    next run (ctl says stop spinning) writes b's row of that window and nothing twice.
spin='WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE (SELECT max(k) FROM events) = '"'b'"' AND (SELECT spin FROM ctl) = 1) SELECT count(*) AS n FROM c'
mkdir "$tmp/st"
printf 'spin\n1\n' > "$tmp/ctl.csv"
printf '%s\n' '{"ts":"2026-11-01T00:00:10Z","k":"a"}' '{"ts":"2026-11-01T00:00:20Z","k":"b"}' \
  '{"ts":"2026-11-01T00:02:10Z","k":"a"}' > "$tmp/in2"
( cd "$tmp" && exec "$bin/ss-window" --no-progress --tumble 1m --lateness 0 --key k --attach ctl=ctl.csv \
  --sql "$spin" --state st in2 > out2 2> err2 ) &
pid=$!
sleep 1
kill -TERM "$pid"
wait_for "$pid" 50
pid=
printf 'spin\n0\n' > "$tmp/ctl.csv"
: > "$tmp/empty"
( cd "$tmp" && "$bin/ss-window" --no-progress --tumble 1m --lateness 0 --key k --attach ctl=ctl.csv \
  --sql "$spin" --state st --flush empty > out3 2> err3 )
status3=$?
rows=$(cat "$tmp/out2" "$tmp/out3" | grep -v '^{"_ss":')
expected='{"window_start":"2026-11-01T00:00:00.000Z","window_end":"2026-11-01T00:01:00.000Z","k":"a","n":1}
{"window_start":"2026-11-01T00:00:00.000Z","window_end":"2026-11-01T00:01:00.000Z","k":"b","n":1}
{"window_start":"2026-11-01T00:02:00.000Z","window_end":"2026-11-01T00:03:00.000Z","k":"a","n":1}'
if [[ $status != 0 || $status3 != 0 ]]; then
  bad "SIGTERM with --state: expected exit 0 and 0, got '$status' and '$status3': $(cat "$tmp/err2" "$tmp/err3")"
elif [[ $rows != "$expected" ]]; then
  bad "SIGTERM with --state: the two runs wrote
$rows
expected
$expected"
elif ! grep -q 'kept in the state for the next run' "$tmp/err2"; then
  bad "SIGTERM with --state: stderr does not say the window is kept: $(cat "$tmp/err2")"
else
  ok "SIGTERM with --state keeps the interrupted window; the next run writes each row once"
fi

# 3. --sql-timeout ends a runaway query: the window fails, the run goes on.
printf '%s\n' '{"ts":"2026-11-01T00:00:10Z","k":"a"}' > "$tmp/in4"
start=$(date +%s)
timeout 20 "$bin/ss-window" --no-progress --tumble 1m --sql-timeout 500ms --sql "$endless" "$tmp/in4" \
  > "$tmp/out4" 2> "$tmp/err4"
status=$?
elapsed=$(($(date +%s) - start))
if [[ $status != 0 || $elapsed -gt 5 ]]; then
  bad "--sql-timeout: expected exit 0 within 5 s, got $status after ${elapsed}s: $(cat "$tmp/err4")"
elif [[ -s $tmp/out4 ]]; then
  bad "--sql-timeout: expected no rows, got $(head -c 200 "$tmp/out4")"
elif ! grep -q 'stopped after running longer than --sql-timeout 500ms' "$tmp/err4" ||
  ! grep -q 'failed in SQLite on 1 window' "$tmp/err4"; then
  bad "--sql-timeout: stderr lacks the failure: $(cat "$tmp/err4")"
else
  ok "--sql-timeout ends a runaway query; the window is reported failed, exit 0"
fi

timeout 20 "$bin/ss-window" --no-progress --tumble 1m --sql-timeout 500ms --strict --sql "$endless" "$tmp/in4" \
  > /dev/null 2> "$tmp/err5"
status=$?
if [[ $status != 1 ]]; then
  bad "--sql-timeout --strict: expected exit 1, got $status: $(cat "$tmp/err5")"
else
  ok "--sql-timeout with --strict is exit 1"
fi

e2e_end
