#!/usr/bin/env bash
# bench/ab, the runner behind every speed claim of bench/README.md: two builds of a tool
# by turns on one job. Its verdict on the outputs is what lets a change for speed claim
# "byte-identical", so the verdict is tested here, with a real tool and with a stand-in
# build whose output differs by one byte; its timing is not (figures are never tested).
#
# Run by CTest with SS_BIN (the built tools); exits 77 when ss-sessionize is not built.
set -uo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin bench_ab
e2e_need_tools ss-sessionize
cd "$tmp" || exit 1
ab="$src/bench/ab"
job=(ss-sessionize --key client --gap 30m --agg 'n=count, b=sum(bytes)' --no-progress)
# Six events written here: the runner only compares what the tool writes.
for i in 1 2 3 4 5 6; do
  printf '{"ts":"2026-11-23T10:0%d:00Z","client":"c%d","bytes":%d}\n' "$i" $((i % 2)) $((i * 100))
done > events.ndjson

out=$(bash "$ab" -n 3 "$bin" "$bin" events.ndjson "${job[@]}" 2>&1)
check_eq "one build against itself: identical, status 0" 0 $?
check "it reports the outputs identical" grep -q '^outputs identical in every round$' <<< "$out"
check_eq "one line a round" 3 "$(grep -cE '^[0-9]+ +\|' <<< "$out")"
# Six events may run under the timer's 0.01 s: then the ratio is n/a.
check "a ratio of the medians" grep -qE '^new/old \(medians\): ([0-9]+\.[0-9]{3}|n/a)' <<< "$out"
check_eq "-n 08 is eight rounds" 8 \
  "$(bash "$ab" -n 08 "$bin" "$bin" events.ndjson "${job[@]}" 2> /dev/null | grep -cE '^[0-9]+ +\|')"

# A build whose tool writes the same sessions but one byte more.
mkdir -p other
cat > other/ss-sessionize << EOF
#!/usr/bin/env bash
"$bin/ss-sessionize" "\$@"
echo
EOF
chmod +x other/ss-sessionize
bash "$ab" -n 2 "$bin" other events.ndjson "${job[@]}" > differ.out 2> differ.err
check_eq "outputs that differ: status 1" 1 $?
check "it names the pair that differed" grep -q 'the outputs differ; the first pair that did: .*/old.out' differ.err
kept=$(sed -n 's/.*did: \(.*\)\/old.out,.*/\1/p' differ.err)
check "the pair is kept for a look" cmp -s <("$bin/ss-sessionize" "${job[@]:1}" < events.ndjson; echo) "$kept/new.out"
rm -rf "$kept"

# A failing run is not timed as if it had worked.
bash "$ab" -n 1 "$bin" "$bin" events.ndjson ss-sessionize --key client --no-such-flag > /dev/null 2> failed.err
check_eq "a failing tool: status 1" 1 $?
check "its error is shown" grep -q 'no-such-flag' failed.err

bash "$ab" -n 0 "$bin" "$bin" events.ndjson ss-sessionize > /dev/null 2>&1
check_eq "-n 0: status 2" 2 $?
bash "$ab" "$bin" "$bin" no-such-input ss-sessionize > /dev/null 2>&1
check_eq "an input it cannot read: status 2" 2 $?
bash "$ab" "$bin" "$bin" events.ndjson ss-no-such-tool > /dev/null 2>&1
check_eq "a tool the build lacks: status 2" 2 $?
e2e_end
