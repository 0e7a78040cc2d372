#!/usr/bin/env bash
# The README's cron recipe, run as the README writes it: its code block (the one that
# reads access.log* into ss-sessionize) is taken from README.md, pointed at a log folder
# here instead of /var/log/nginx/, and run once an "hour" while the 10,000 lines of a
# real Apache log (testdata/apache-access) are appended slice by slice and the log is
# rotated between runs as logrotate does: create, delaycompress then compress,
# copytruncate, dateext, some slices written just before a rotation and read only after
# it. Every run must exit 0, and the final table must hold exactly the rows the same
# pipeline writes from the whole log in one run.
#
# Run by CTest with SS_BIN (the built tools) and SS_SOURCE (the repository root).
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin readme_cron_recipe
e2e_need_programs sqlite3 gzip
export PATH="$bin:$PATH"

# The recipe: the first sh block of README.md that reads access.log* into ss-sessionize.
awk '/^```sh$/ { in_block = 1; text = ""; next }
     /^```$/ { if (in_block && text ~ /access\.log\*/ && text ~ /ss-sessionize/) { printf "%s", text; exit }
               in_block = 0; next }
     in_block { text = text $0 "\n" }' "$src/README.md" | sed 's|/var/log/nginx/|log/|g' > "$tmp/sessions.sh"
if grep -q 'ss-sink' "$tmp/sessions.sh" && grep -q 'set -o pipefail' "$tmp/sessions.sh"; then ok; else
  bad "no cron recipe with set -o pipefail and ss-sink found in README.md: $(cat "$tmp/sessions.sh")"
fi

log=$src/testdata/apache-access/apache_logs
table() { sqlite3 "$1" 'SELECT client, session_id, start, "end", duration, events, pages, bytes, paths FROM sessions ORDER BY session_id'; }

# The whole log in one run.
mkdir -p "$tmp/whole/log"
cp "$log" "$tmp/whole/log/access.log"
(cd "$tmp/whole" && bash "$tmp/sessions.sh") 2> "$tmp/whole.err" || bad "the whole run failed: $(tail -n 3 "$tmp/whole.err")"
table "$tmp/whole/sessions.db" > "$tmp/whole.rows"
if [ "$(wc -l < "$tmp/whole.rows")" -gt 1000 ]; then ok; else bad "the whole run wrote $(wc -l < "$tmp/whole.rows") rows"; fi

# Hourly runs with rotation between them.
d=$tmp/cron
mkdir -p "$d/log"
next=1
# Appends the log's next $1 lines to log/access.log.
slice() {
  sed -n "${next},$((next + $1 - 1))p" "$log" >> "$d/log/access.log"
  next=$((next + $1))
  sleep 0.02  # rotations in quick succession still differ in mtime, as real ones do
}
runs=0
cron_run() {
  runs=$((runs + 1))
  if (cd "$d" && bash "$tmp/sessions.sh") 2> "$d/err.$runs"; then ok; else
    bad "run $runs ($1) exited non-zero: $(tail -n 3 "$d/err.$runs")"
  fi
}
cd "$d/log"
slice 1500; cron_run "first lines"
# create: rename, then a new file; lines written before the rename are read after it.
slice 700; mv access.log access.log.1; slice 800; cron_run "create"
# delaycompress: the previous rotation is compressed now, this one stays plain.
slice 500; mv access.log.1 access.log.2; gzip access.log.2; mv access.log access.log.1; slice 1000; cron_run "delaycompress"
cron_run "nothing new"
# compress at once, then copytruncate: the live file is copied and truncated in place.
slice 900; mv access.log.2.gz access.log.3.gz; gzip -c access.log.1 > access.log.2.gz; rm access.log.1
cp access.log access.log.1; : > access.log; slice 1100; cron_run "compress and copytruncate"
# dateext: the rotated name carries a date.
slice 600; mv access.log access.log-20150519; slice 1400; cron_run "dateext"
slice $((10000 - next + 1)); cron_run "last lines"
cd "$tmp"

if [ "$next" -eq 10001 ]; then ok; else bad "the slices wrote $((next - 1)) lines, not 10000"; fi
table "$d/sessions.db" > "$tmp/cron.rows"
if cmp -s "$tmp/whole.rows" "$tmp/cron.rows"; then ok; else
  bad "$(wc -l < "$tmp/cron.rows") rows after $runs cron runs, $(wc -l < "$tmp/whole.rows") from the whole log," \
    "$(diff "$tmp/whole.rows" "$tmp/cron.rows" | grep -c '^>') rows differ (SS_TEST_KEEP=1 keeps st/ and each run's stderr);" \
    "first differences: $(diff "$tmp/whole.rows" "$tmp/cron.rows" | head -n 8 | cut -c1-160 | tr '\n' ' ')"
fi

e2e_end
