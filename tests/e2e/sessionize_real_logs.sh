#!/usr/bin/env bash
# The real Apache access log of testdata/, sessionized by client address with the
# default lateness, against an independent computation: gawk parses the raw lines,
# sort orders them by client and time, and a scan counts sessions (gap 30m; exactly
# the gap is still the same session). Also: the default lateness loses no line of
# this log, whose lines are out of order by up to 59 s.
set -euo pipefail
bin=${SS_BIN:?} src=${SS_SOURCE:?}
log=$src/testdata/apache-access/apache_logs
[ -f "$log" ] || { echo "FAIL: $log not found (it is part of the repository)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin/ss-ingest" --format combined "$log" 2> "$work/ingest.err" \
  | "$bin/ss-sessionize" --key client --gap 30m --agg 'n=count' > "$work/sessions.ndjson" 2> "$work/sessionize.err"
if [ -s "$work/sessionize.err" ]; then
  echo "ss-sessionize reported (no late or bad line expected):"; cat "$work/sessionize.err"; exit 1
fi
ours=$(wc -l < "$work/sessions.ndjson")
events=$(jq -s 'map(.events) | add' "$work/sessions.ndjson")

gawk '{
  split(substr($4, 2), p, /[\/:]/)
  m = (index("JanFebMarAprMayJunJulAugSepOctNovDec", p[2]) + 2) / 3
  printf "%s %d\n", $1, mktime(p[3] " " m " " p[1] " " p[4] " " p[5] " " p[6], 1)
}' "$log" | LC_ALL=C sort -k1,1 -k2,2n | gawk '
  $1 != client || $2 - last > 1800 { sessions++ }
  { client = $1; last = $2 }
  END { print sessions }' > "$work/oracle.txt"
theirs=$(cat "$work/oracle.txt")

echo "sessions: ss-sessionize $ours, independent count $theirs; events in sessions: $events"
[ "$events" = 10000 ] || { echo "FAIL: expected all 10000 lines in sessions"; exit 1; }
[ "$ours" = "$theirs" ] || { echo "FAIL: session counts differ"; exit 1; }
echo "1 passed, 0 failed"
