#!/usr/bin/env bash
# Data must never act as control. A log whose lines look like control records (a
# checkpoint barrier with a huge id, a watermark far in the future, malformed
# `{"_ss":` lines, events with an "_ss" member) goes through
#
#   ss-ingest --format json --state st log
#     | ss-sessionize --key user --state st --flush | ss-sink --to sqlite:... --state st
#
# and the result must equal that of the same log without those lines: every real
# event counted once in the sessions, none late, the hostile lines in ss-ingest's
# --bad-lines, and COMMITTED the checkpoint the pipeline itself issued. The hostile
# lines are also fed to ss-sessionize and ss-sink directly: the malformed ones are bad
# lines there too, never forwarded.
#
# Run by CTest with SS_BIN (the built tools). Exits 77 (skipped) when a tool it needs
# is missing. SS_TEST_KEEP=1 keeps the work directory.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin control_injection
e2e_need_tools ss-gen ss-ingest ss-sessionize ss-sink
e2e_need_programs sqlite3

# The hostile lines, one per line of this file (printf keeps the NUL byte).
printf '%s\n' \
  '{"_ss":"checkpoint","id":1000000,"ts":"2026-11-01T00:00:00Z"}' \
  '{"_ss":"watermark","ts":"2099-01-01T00:00:00Z"}' \
  '{"_ss":"checkpoint","id":1000000}' \
  '  {"_ss":"checkpoint","id":999999}' \
  '{"_ss":"checkpoint","id":' \
  '{"_ss":"checkpoint","id":5}}}' \
  '{"_ss":"watermark","ts":"2099-01-01T00:00:00Z"} trailing' \
  '{"_ss":"watermark","ts":"not a time"}' \
  '{"_ss":"heartbeat","ts":"2026-11-01T00:10:00Z"}' \
  '{"_ss":null,"ts":"2026-11-01T00:10:00Z","user":"u00651"}' \
  '{"ts":"2026-11-01T00:10:00Z","user":"u00651","_ss":"checkpoint","id":1000001}' \
  '{"\u005fss":"watermark","ts":"2099-01-01T00:00:00Z"}' > "$tmp/hostile.ndjson"
printf '{"_ss":"watermark","ts":"2099-01-01T00:00:00Z"}\0{"x":1}\n' >> "$tmp/hostile.ndjson"
hostile_count=$(wc -l < "$tmp/hostile.ndjson")

"$bin/ss-gen" --events 5000 --seed 7 > "$tmp/clean.ndjson" || e2e_abort "ss-gen failed"
events=$(wc -l < "$tmp/clean.ndjson")
# The hostile lines spread through the log: the first ones early, so that a watermark
# or barrier that was obeyed would spoil everything after it.
awk -v hostile="$tmp/hostile.ndjson" 'BEGIN { while ((getline l < hostile) > 0) h[n++] = l }
  { print } NR % 300 == 10 && i < n { print h[i++] }
  END { while (i < n) print h[i++] }' "$tmp/clean.ndjson" > "$tmp/log.ndjson"

# run NAME LOG: the pipeline over LOG with its own state directory and database.
run() {
  local name=$1 log=$2 dir=$tmp/$1
  mkdir -p "$dir"
  "$bin/ss-ingest" --format json --state "$dir/st" --bad-lines "$dir/bad-ingest.ndjson" --no-progress "$log" \
    2> "$dir/err-ingest" |
    "$bin/ss-sessionize" --key user --gap 30m --state "$dir/st" --flush --late "$dir/late.ndjson" \
      --bad-lines "$dir/bad-sessionize.ndjson" --agg 'n=count' --no-progress 2> "$dir/err-sessionize" |
    "$bin/ss-sink" --to "sqlite:$dir/out.db" --table sessions --no-id --state "$dir/st" \
      --bad-lines "$dir/bad-sink.ndjson" --no-progress 2> "$dir/err-sink"
  local status=("${PIPESTATUS[@]}")
  [ "${status[*]}" = "0 0 0" ] || { echo "$name: exit statuses ${status[*]}" >&2; cat "$dir"/err-* >&2; return 1; }
}

check "the reference pipeline runs" run clean "$tmp/clean.ndjson"
check "the pipeline over the hostile log runs" run hostile "$tmp/log.ndjson"

table() { sqlite3 "$1" 'SELECT user, session_id, start, "end", events, n FROM sessions ORDER BY session_id'; }
check "the sessions equal those of the log without hostile lines" \
  diff <(table "$tmp/clean/out.db") <(table "$tmp/hostile/out.db")
counted=$(sqlite3 "$tmp/hostile/out.db" 'SELECT sum(events) FROM sessions')
check "every real event is counted once ($counted of $events)" test "$counted" = "$events"
check "COMMITTED is the checkpoint the pipeline issued" \
  diff "$tmp/clean/st/COMMITTED" "$tmp/hostile/st/COMMITTED"
committed_id=$(sed 's/[^0-9]//g' "$tmp/hostile/st/COMMITTED")
check "COMMITTED ($committed_id) is not an id from the log" test "$committed_id" -lt 1000
check "no event was turned late" test ! -s "$tmp/hostile/late.ndjson"
bad_ingest=$(wc -l < "$tmp/hostile/bad-ingest.ndjson")
check "ss-ingest keeps every hostile line in --bad-lines ($bad_ingest of $hostile_count)" \
  test "$bad_ingest" = "$hostile_count"
check "ss-ingest's bad lines name the reserved member" \
  grep -q 'top-level member \\"_ss\\" is reserved for control records' "$tmp/hostile/bad-ingest.ndjson"
check "nothing reached ss-sessionize or ss-sink as a bad line" \
  test ! -s "$tmp/hostile/bad-sessionize.ndjson" -a ! -s "$tmp/hostile/bad-sink.ndjson"

# Straight into the stages after ss-ingest: a malformed control line is a bad line
# there too, never obeyed nor forwarded; a valid one of an unknown kind goes on.
printf '%s\n' \
  '{"_ss":"checkpoint","id":' \
  '{"_ss":"checkpoint","id":5}}}' \
  '{"_ss":"watermark","ts":"2099-01-01T00:00:00Z"} trailing' \
  '{"_ss":"watermark","ts":"not a time"}' \
  '{"_ss":null,"ts":"2026-11-01T00:10:00Z","user":"u00651"}' \
  '{"_ss":"heartbeat","ts":"2026-11-01T00:10:00Z"}' > "$tmp/malformed.ndjson"
printf '{"_ss":"checkpoint","id":6}\0{"x":1}\n' >> "$tmp/malformed.ndjson"
malformed=6
"$bin/ss-sessionize" --key user --gap 30m --bad-lines "$tmp/bad-direct-sessionize.ndjson" --no-progress \
  < "$tmp/malformed.ndjson" > "$tmp/direct-sessionize.out" 2> /dev/null
check "ss-sessionize makes each malformed control line a bad line" \
  test "$(wc -l < "$tmp/bad-direct-sessionize.ndjson")" = "$malformed"
check "ss-sessionize forwards only the valid control record" \
  diff <(echo '{"_ss":"heartbeat","ts":"2026-11-01T00:10:00Z"}') "$tmp/direct-sessionize.out"
"$bin/ss-sink" --to "sqlite:$tmp/direct.db" --table t --state "$tmp/direct-st" \
  --bad-lines "$tmp/bad-direct-sink.ndjson" --no-progress < "$tmp/malformed.ndjson" 2> /dev/null
check "ss-sink makes each malformed control line a bad line" \
  test "$(wc -l < "$tmp/bad-direct-sink.ndjson")" = "$malformed"
check "ss-sink commits no checkpoint named by a malformed line" \
  test "$(cat "$tmp/direct-st/COMMITTED" 2>/dev/null)" = '{"checkpoint":0}'

e2e_end
