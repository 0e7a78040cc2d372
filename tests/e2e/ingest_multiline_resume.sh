#!/usr/bin/env bash
# ss-ingest with --state over logs whose records span lines (Java and Python stack
# traces, CSV quoted fields with line breaks): a run stopped after any line, then a
# run over the rest, writes the events of one uninterrupted run, each once. A first run
# that ends inside a record (the log is still being written) leaves that record to the
# next run; a run killed with SIGKILL while following, between an ERROR line and its
# trace, does the same. While following, a trace is emitted once the log is quiet.
#
# Run by CTest with SS_BIN (the built tools) and SS_SOURCE (the repository root).
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin ingest_multiline_resume
pid=
e2e_on_exit() { if [ -n "$pid" ]; then kill -9 "$pid" 2> /dev/null || true; fi; }

events() { grep -v '^{"_ss":' || true; }

cat > "$tmp/java.log" << 'LOG'
2026-12-06 10:00:00,000 INFO  [main] a.Shop - started
2026-12-06 10:00:01,000 ERROR [main] a.Shop - payment failed
java.lang.IllegalStateException: order 42
	at a.Shop.pay(Shop.java:88)
	at a.Main.main(Main.java:12)
Caused by: java.io.IOException: timed out
	at a.Gateway.call(Gateway.java:30)
	... 2 more
2026-12-06 10:00:02,000 WARN  [main] a.Cart - empty
2026-12-06 10:00:03,000 ERROR [main] a.Shop - second failure
java.lang.NullPointerException
	at a.Shop.pay(Shop.java:90)
2026-12-06 10:00:04,000 INFO  [main] a.Shop - stopped
LOG
cat > "$tmp/python.log" << 'LOG'
2026-12-06 10:00:00,000 - app - INFO - start
2026-12-06 10:00:01,000 - app - ERROR - failed
Traceback (most recent call last):
  File "w.py", line 4, in run
    step()
KeyError: 'k'

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "w.py", line 6, in run
ValueError: v
2026-12-06 10:00:02,000 - app - INFO - end
LOG
cat > "$tmp/export.csv" << 'LOG'
id,ts,note
1,2026-12-06T10:00:00Z,"a ""quoted""
multi-line"
2,2026-12-06T10:00:01Z,plain
3,2026-12-06T10:00:02Z,"x

y"
4,2026-12-06T10:00:03Z,last
LOG

# The log as written up to line `cut`, read by a cron run; then the rest, read by the
# next. The file is new when the first run reads it (a record at its end may go on);
# it is an hour old when the second does (its last record is complete).
split_runs() {
  local src=$1 format=$2 cut=$3 dir=$tmp/split
  rm -rf "$dir"
  mkdir -p "$dir"
  head -n "$cut" "$src" > "$dir/app.log"
  "$bin/ss-ingest" --format "$format" --state "$dir/st" --multiline-timeout 10m "$dir/app.log" 2> /dev/null
  tail -n +"$((cut + 1))" "$src" >> "$dir/app.log"
  touch -d '1 hour ago' "$dir/app.log"
  "$bin/ss-ingest" --format "$format" --state "$dir/st" --multiline-timeout 10m "$dir/app.log" 2> /dev/null
}

for case in java.log:log4j python.log:python export.csv:csv; do
  src=$tmp/${case%%:*}
  format=${case#*:}
  whole=$("$bin/ss-ingest" --format "$format" "$src" 2> /dev/null)
  # The uninterrupted run joins records at all: an event holds a line break.
  if echo "$whole" | grep -q '\\n'; then ok; else bad "$case: no event spans lines"; fi
  lines=$(wc -l < "$src")
  for cut in $(seq 1 $((lines - 1))); do
    got=$(split_runs "$src" "$format" "$cut" | events)
    if [ "$got" = "$whole" ]; then ok; else bad "$case cut after line $cut: $(diff <(echo "$whole") <(echo "$got") | head -5)"; fi
  done
done

# The record at the end of an old file is complete: the run emits it.
mkdir -p "$tmp/old"
cp "$tmp/java.log" "$tmp/old/app.log"
touch -d '1 hour ago' "$tmp/old/app.log"
n=$("$bin/ss-ingest" --format log4j --state "$tmp/old/st" "$tmp/old/app.log" 2> /dev/null | events | wc -l)
if [ "$n" = 5 ]; then ok; else bad "old file: $n events, expected 5"; fi

# Following: killed between the ERROR line and its trace, then run again over the
# whole file: every event once.
mkdir -p "$tmp/follow"
head -n 2 "$tmp/java.log" > "$tmp/follow/app.log"
"$bin/ss-ingest" --format log4j --follow --state "$tmp/follow/st" --checkpoint-interval 50ms \
  --poll-interval 20ms --multiline-timeout 10m "$tmp/follow/app.log" > "$tmp/follow/out1" 2> /dev/null &
pid=$!
for _ in $(seq 100); do
  grep -q '"started"' "$tmp/follow/out1" 2> /dev/null && grep -c '"checkpoint"' "$tmp/follow/out1" | grep -qv '^[01]$' && break
  sleep 0.05
done
sleep 0.3
kill -9 "$pid"
wait "$pid" 2> /dev/null || true
pid=
tail -n +3 "$tmp/java.log" >> "$tmp/follow/app.log"
touch -d '1 hour ago' "$tmp/follow/app.log"
"$bin/ss-ingest" --format log4j --state "$tmp/follow/st" "$tmp/follow/app.log" > "$tmp/follow/out2" 2> /dev/null
# Events after the last barrier of a killed run are replayed: keep what the barrier covers.
got=$( (awk '/"_ss":"checkpoint"/ { print buf; buf = ""; next } { buf = buf $0 "\n" }' "$tmp/follow/out1" \
  | grep -v '^$' || true; events < "$tmp/follow/out2") | events)
whole=$("$bin/ss-ingest" --format log4j "$tmp/java.log" 2> /dev/null)
if [ "$got" = "$whole" ]; then ok; else bad "follow killed mid-trace: $(diff <(echo "$whole") <(echo "$got") | head -5)"; fi

# Following a live log: a trace with no line after it is emitted once the log has been
# quiet for --multiline-timeout, not held until the next line.
mkdir -p "$tmp/live"
head -n 8 "$tmp/java.log" > "$tmp/live/app.log"
"$bin/ss-ingest" --format log4j --follow --poll-interval 20ms --multiline-timeout 200ms "$tmp/live/app.log" \
  > "$tmp/live/out" 2> /dev/null &
pid=$!
for _ in $(seq 100); do
  grep -q 'payment failed.*2 more' "$tmp/live/out" 2> /dev/null && break
  sleep 0.05
done
kill "$pid"
wait "$pid" 2> /dev/null || true
pid=
if grep -q 'payment failed.*Caused by.*2 more' "$tmp/live/out"; then ok; else bad "follow: the pending trace was not emitted after --multiline-timeout"; fi

e2e_end
