#!/usr/bin/env bash
# ss-top on a real terminal: tmux runs it in a detached session of a fixed size, fed
# window rows through a FIFO that this script writes; capture-pane reads the screen,
# send-keys types. Checks the ranked rows, sorting by another column, pause, the bad
# line in the stats line, a resize, the screen kept at end of input, and q. Every wait
# polls the screen with a bound, no fixed sleeps. Exits 77 when tmux is missing.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin top_tmux
e2e_need_programs tmux
e2e_need_tools ss-top
sock=$tmp/tmux.sock
tmx() { tmux -u -S "$sock" "$@"; }
e2e_on_exit() {
  exec 3>&-
  tmx kill-server 2> /dev/null
}

fail() {
  bad "$1"
  printf -- '--- screen\n%s\n---\n' "$(screen_text)" >&2
}
screen_text() { tmx capture-pane -p -t top 2> /dev/null; }
# wait_for NAME EXTENDED-REGEX: passes once the screen matches, within 5 s.
wait_for() {
  local i
  for i in $(seq 50); do
    if screen_text | grep -Eq -- "$2"; then ok; return 0; fi
    sleep 0.1
  done
  fail "$1"
  return 1
}
# The first line of the table: the line after the column titles.
first_row() { screen_text | awk '/^route/ { getline; print; exit }'; }
row() {  # row MINUTE ROUTE N P95
  printf '{"window_start":"2026-11-01T10:%02d:00Z","window_end":"2026-11-01T10:%02d:00Z","route":"%s","n":%s,"p95":%s}\n' \
    "$1" $(($1 + 1)) "$2" "$3" "$4" >&3
}

mkfifo "$tmp/rows"
tmx -f /dev/null new-session -d -s top -x 100 -y 20 \
  "env LC_ALL=C.UTF-8 $bin/ss-top --interval 100ms --by n --bad-lines $tmp/bad.ndjson < $tmp/rows; \
   echo \"exit \$?\" > $tmp/status; sleep 60"
# Every byte the pane gets, to tell what was written to it from what the screen shows now.
tmx pipe-pane -t top -o "cat >> $tmp/pane.log"
exec 3> "$tmp/rows"  # opens once ss-top's shell opened the FIFO for reading

row 0 /alpha 5 30
row 0 /beta 3 90
row 1 /alpha 1 10  # closes the first window
wait_for "the closed window is shown" 'window 2026-11-01T10:00:00.000Z to 2026-11-01T10:01:00.000Z \(closed\)  keys 2'
[[ $(first_row) == /alpha* ]] && ok || fail "ranked by n: /alpha first"
screen_text | grep -q '^route  *n\*  *n/s  *p95  *n trend' && ok || fail "column titles, n marked"
screen_text | grep -q '█' && ok || fail "UTF-8 sparkline blocks"

tmx send-keys -t top 2
wait_for "2 ranks by the second number column" '^route .*p95\*'
[[ $(first_row) == /beta* ]] && ok || fail "ranked by p95: /beta first"
tmx send-keys -t top 0
wait_for "0 ranks by key" '^route\*'
tmx send-keys -t top s
wait_for "s goes round to the first column" '^route  *n\*'

echo 'not json' >&3
wait_for "a bad line is named in the stats line" 'bad 1  watermark -  last bad: <stdin>:4: not valid JSON'
sleep 0.2  # for cat to write what tmux passed it
grep -q 'last bad: <stdin>:4' "$tmp/pane.log" && ok || fail "the pane's log holds the screen"
grep -q 'ss-top: <stdin>' "$tmp/pane.log" && fail "no message written over the screen" || ok

tmx send-keys -t top p
wait_for "p pauses" 'PAUSED'
row 1 /gamma 9 1
row 2 /alpha 1 1  # closes the second window, not drawn while paused
sleep 0.5
screen_text | grep -q '/gamma' && fail "nothing is redrawn while paused" || ok
tmx send-keys -t top p
wait_for "p again redraws the newest window" '^/gamma  *9 '

tmx resize-window -t top -x 60 -y 10
wait_for "the screen follows a resize" '^q quit'
lines=$(screen_text | wc -l)
[ "$lines" -eq 10 ] && ok || fail "10 lines after the resize, got $lines"
[ "$(screen_text | sed -n 10p | cut -c1-6)" = "q quit" ] && ok || fail "key help on the last line after the resize"
wide=$(screen_text | awk '{ if (length($0) > 60) print }' | wc -l)
[ "$wide" -eq 0 ] && ok || fail "no line wider than 60 columns"

exec 3>&-
wait_for "end of input keeps the final screen" 'end of input'
[ ! -e "$tmp/status" ] && ok || fail "ss-top waits for q at end of input"
tmx send-keys -t top q
for i in $(seq 50); do [ -e "$tmp/status" ] && break; sleep 0.1; done
[ "$(cat "$tmp/status" 2> /dev/null)" = "exit 0" ] && ok || fail "q quits with status 0"
grep -q '"reason":"not valid JSON"' "$tmp/bad.ndjson" && ok || fail "--bad-lines keeps the bad line"

e2e_end
