#!/usr/bin/env bash
# Control records are for programs: when stdout is a terminal (a person watching
# ss-sessionize or ss-window), watermarks and checkpoint barriers are left out, and
# only results show; into a pipe or a file they are written as before. The terminal
# is a pseudo-terminal made by script(1) from util-linux; exits 77 when it is missing.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin terminal_output
e2e_need_programs script
export PATH=$bin:$PATH
# Runs a shell command with stdout on a pseudo-terminal; prints what the terminal showed.
on_terminal() {  # on_terminal COMMAND
  script -qec "$1" /dev/null < /dev/null | tr -d '\r'
}

cat > "$tmp/in.ndjson" <<'IN'
{"ts":"2024-01-01T00:00:00Z","user":"a","n":1}
{"_ss":"watermark","ts":"2024-01-01T00:00:30Z"}
{"ts":"2024-01-01T00:01:00Z","user":"a","n":1}
{"_ss":"checkpoint","id":1}
{"ts":"2024-01-01T02:00:00Z","user":"b","n":2}
IN

for tool in "ss-sessionize --key user --gap 30m" "ss-window --key user --tumble 1h" \
            "ss-detect --key user --field n --model ewma --half-life 10m"; do
  name=${tool%% *}
  piped=$($tool < "$tmp/in.ndjson" 2> /dev/null)
  [ -n "$piped" ] || { bad "$name: no output"; continue; }
  check_eq "$name: a pipe gets control records" 1 "$(grep -c '"_ss"' <<< "$piped" | awk '{print ($1 > 0)}')"
  shown=$(on_terminal "$tool < $tmp/in.ndjson 2> /dev/null")
  check_eq "$name: no control record on a terminal" 0 "$(grep -c '"_ss"' <<< "$shown")"
  check_eq "$name: the terminal shows the results" "$(grep -v '"_ss"' <<< "$piped")" "$shown"
done

# ss-ingest --state writes a checkpoint barrier at the end; a terminal does not see it.
printf '{"ts":"2024-01-01T00:00:00Z","msg":"x"}\n' > "$tmp/app.ndjson"
piped=$(ss-ingest --format json --state "$tmp/st1" "$tmp/app.ndjson" 2> /dev/null)
check_eq "ss-ingest: a pipe gets the barrier" 1 "$(grep -c '"_ss":"checkpoint"' <<< "$piped" | awk '{print ($1 > 0)}')"
shown=$(on_terminal "ss-ingest --format json --state $tmp/st2 $tmp/app.ndjson 2> /dev/null")
check_eq "ss-ingest: no barrier on a terminal" 0 "$(grep -c '"_ss"' <<< "$shown")"
check_eq "ss-ingest: the terminal shows the event" "$(grep -v '"_ss"' <<< "$piped")" "$shown"

e2e_end
