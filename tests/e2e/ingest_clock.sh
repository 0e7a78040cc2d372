#!/usr/bin/env bash
# ss-ingest behaviour that depends on the wall clock, which golden cases cannot pin:
#   - --follow --idle-timeout: the watermark follows the clock while the log is quiet, so
#     the window of the last event closes without more input;
#   - --progress redraws within one large file, not only between files;
#   - times without a year: the year chosen is said, an inferred year never puts an
#     event more than a day in the future, and events --year puts there are counted in
#     a warning.
# Run by CTest with SS_BIN (the built tools) and SS_SOURCE (the repository root).
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin ingest_clock
pid=
e2e_on_exit() { if [ -n "$pid" ]; then kill -9 "$pid" 2> /dev/null || true; fi; }

# One event stamped now into a followed log: its 1 s window comes out of ss-window within
# a few seconds, with no further line.
log=$tmp/app.log
: > "$log"
mkfifo "$tmp/pipe"
"$bin/ss-window" --tumble 1s --agg n=count < "$tmp/pipe" > "$tmp/windows" 2> "$tmp/err1" &
window_pid=$!
"$bin/ss-ingest" --follow --format json --idle-timeout 1s --poll-interval 50ms "$log" > "$tmp/pipe" 2>> "$tmp/err1" &
pid=$!
sleep 0.3
printf '{"ts":"%s","n":1}\n' "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" >> "$log"
start=$SECONDS
until grep -q '"n":1' "$tmp/windows"; do
  [ $((SECONDS - start)) -lt 6 ] || break
  sleep 0.05
done
if grep -q '"n":1' "$tmp/windows"; then ok; else bad "the window of the last event did not close while the log was quiet"; fi
kill -TERM "$pid"; wait "$pid" || true; pid=
wait "$window_pid" || true

# The idle watermark: never ahead of the clock, never behind the newest event, rising
# while idle.
printf '%s\n' '{"ts":"2026-01-01T00:00:05Z","n":1}' > "$tmp/old.log"
"$bin/ss-ingest" --follow --format json --idle-timeout 200ms --poll-interval 50ms "$tmp/old.log" > "$tmp/wm" 2> /dev/null &
pid=$!
sleep 1.5
kill -TERM "$pid"; wait "$pid" || true; pid=
now=$(date -u +%s)
marks=$(grep '"watermark"' "$tmp/wm" | sed 's/.*"ts":"\([^"]*\)".*/\1/')
count=$(printf '%s\n' "$marks" | grep -c . || true)
last=$(printf '%s\n' "$marks" | tail -n 1)
if [ "$count" -ge 2 ] && [ "$(printf '%s\n' "$marks" | sort -c 2>&1)" = "" ] \
  && [ $((now - $(date -u -d "$last" +%s))) -le 3 ] && [ "$(date -u -d "$last" +%s)" -le "$now" ]; then ok; else
  bad "idle watermarks do not follow the clock: $count marks, last $last, now $(date -u +%FT%TZ)"
fi

# --progress within one file: the downstream reader stalls for a second, so the file is
# still being read when a redraw is due; a redraw before the end shows the ETA.
awk 'BEGIN { for (i = 0; i < 400000; i++) printf "{\"ts\":\"2026-11-23T10:00:00Z\",\"n\":%d}\n", i }' > "$tmp/big.log"
"$bin/ss-ingest" --format json --progress "$tmp/big.log" 2> "$tmp/progress" | { sleep 1; cat > /dev/null; }
if grep -q 'ETA' "$tmp/progress"; then ok; else bad "--progress did not redraw within the file: $(tr '\r' '\n' < "$tmp/progress")"; fi

# Year-less times: the year is said; a time 10 days ahead of the clock is put in the
# year before, never in the future; one that --year puts there is counted in a warning.
ahead=$(date -u -d '+10 days' '+%b %e %H:%M:%S')
ahead_year=$(date -u -d '+10 days' '+%Y')
printf '<13>%s host app: hello\n' "$ahead" | "$bin/ss-ingest" --format syslog > "$tmp/year.out" 2> "$tmp/year" || true
if grep -Eq 'times without a year are taken to be in [0-9]{4} \(from the clock; --year sets it\)' "$tmp/year"; then ok; else
  bad "the inferred year was not said: $(cat "$tmp/year")"
fi
if grep -q "\"ts\":\"$((ahead_year - 1))-" "$tmp/year.out" && ! grep -q 'after the clock' "$tmp/year"; then ok; else
  bad "a time 10 days ahead was not put in the year before: $(cat "$tmp/year.out" "$tmp/year")"
fi
printf '<13>%s host app: hello\n' "$ahead" | "$bin/ss-ingest" --format syslog --year "$ahead_year" > /dev/null 2> "$tmp/year" || true
if grep -q '1 events were put more than a day after the clock' "$tmp/year"; then ok; else
  bad "no warning for a time --year put in the future: $(cat "$tmp/year")"
fi
printf '<13>%s host app: hello\n' "$ahead" | "$bin/ss-ingest" --format syslog --year 2020 > /dev/null 2> "$tmp/year" || true
if [ ! -s "$tmp/year" ]; then ok; else bad "--year given, yet: $(cat "$tmp/year")"; fi

e2e_end
