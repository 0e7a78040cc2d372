#!/usr/bin/env bash
# Control records are for programs: when stdout is a terminal (a person watching
# ss-sessionize or ss-window), watermarks and checkpoint barriers are left out, and
# only results show; into a pipe or a file they are written as before. The terminal
# is a pseudo-terminal made by script(1) from util-linux; exits 77 when it is missing.
set -uo pipefail
bin=${SS_BIN:?SS_BIN must name the directory of the built tools}
command -v script > /dev/null || { echo "terminal_output: script(1) not installed; skipped" >&2; exit 77; }
export PATH=$bin:$PATH
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0 failed=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf 'FAIL %s\n--- expected\n%s\n--- got\n%s\n' "$1" "$2" "$3"
  fi
}
# Runs a shell command with stdout on a pseudo-terminal; prints what the terminal showed.
on_terminal() {  # on_terminal COMMAND
  script -qec "$1" /dev/null < /dev/null | tr -d '\r'
}

cat > "$work/in.ndjson" <<'IN'
{"ts":"2024-01-01T00:00:00Z","user":"a","n":1}
{"_ss":"watermark","ts":"2024-01-01T00:00:30Z"}
{"ts":"2024-01-01T00:01:00Z","user":"a","n":1}
{"_ss":"checkpoint","id":1}
{"ts":"2024-01-01T02:00:00Z","user":"b","n":2}
IN

for tool in "ss-sessionize --key user --gap 30m" "ss-window --key user --tumble 1h" \
            "ss-detect --key user --field n --model ewma --half-life 10m"; do
  name=${tool%% *}
  piped=$($tool < "$work/in.ndjson" 2> /dev/null)
  [ -n "$piped" ] || { failed=$((failed + 1)); echo "FAIL $name: no output"; continue; }
  check "$name: a pipe gets control records" 1 "$(grep -c '"_ss"' <<< "$piped" | awk '{print ($1 > 0)}')"
  shown=$(on_terminal "$tool < $work/in.ndjson 2> /dev/null")
  check "$name: no control record on a terminal" 0 "$(grep -c '"_ss"' <<< "$shown")"
  check "$name: the terminal shows the results" "$(grep -v '"_ss"' <<< "$piped")" "$shown"
done

# ss-ingest --state writes a checkpoint barrier at the end; a terminal does not see it.
printf '{"ts":"2024-01-01T00:00:00Z","msg":"x"}\n' > "$work/app.ndjson"
piped=$(ss-ingest --format json --state "$work/st1" "$work/app.ndjson" 2> /dev/null)
check "ss-ingest: a pipe gets the barrier" 1 "$(grep -c '"_ss":"checkpoint"' <<< "$piped" | awk '{print ($1 > 0)}')"
shown=$(on_terminal "ss-ingest --format json --state $work/st2 $work/app.ndjson 2> /dev/null")
check "ss-ingest: no barrier on a terminal" 0 "$(grep -c '"_ss"' <<< "$shown")"
check "ss-ingest: the terminal shows the event" "$(grep -v '"_ss"' <<< "$piped")" "$shown"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
