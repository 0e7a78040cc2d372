#!/usr/bin/env bash
# The real Apache access log of testdata/, sessionized by client address with the
# default lateness, against an independent computation: gawk parses the raw lines,
# sort orders them by client and time, and a scan counts sessions (gap 30m; exactly
# the gap is still the same session). Also: the default lateness loses no line of
# this log, whose lines are out of order by up to 59 s.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin sessionize_real_logs
log=$src/testdata/apache-access/apache_logs
[ -f "$log" ] || e2e_abort "$log not found (it is part of the repository)"

"$bin/ss-ingest" --format combined "$log" 2> "$tmp/ingest.err" \
  | "$bin/ss-sessionize" --key client --gap 30m --agg 'n=count' > "$tmp/sessions.ndjson" 2> "$tmp/sessionize.err"
if [ -s "$tmp/sessionize.err" ]; then
  cat "$tmp/sessionize.err"; e2e_abort "ss-sessionize reported a late or bad line (none expected)"
fi
ours=$(wc -l < "$tmp/sessions.ndjson")
events=$(jq -s 'map(.events) | add' "$tmp/sessions.ndjson")

gawk '{
  split(substr($4, 2), p, /[\/:]/)
  m = (index("JanFebMarAprMayJunJulAugSepOctNovDec", p[2]) + 2) / 3
  printf "%s %d\n", $1, mktime(p[3] " " m " " p[1] " " p[4] " " p[5] " " p[6], 1)
}' "$log" | LC_ALL=C sort -k1,1 -k2,2n | gawk '
  $1 != client || $2 - last > 1800 { sessions++ }
  { client = $1; last = $2 }
  END { print sessions }' > "$tmp/oracle.txt"
theirs=$(cat "$tmp/oracle.txt")

echo "sessions: ss-sessionize $ours, independent count $theirs; events in sessions: $events"
check_eq "every line of the log is in a session" 10000 "$events"
check_eq "the sessions of an independent count" "$theirs" "$ours"
e2e_end
