#!/usr/bin/env bash
# One state directory, one pipeline; damaged state is refused, never guessed at.
#
#   ss-ingest --format json --state st log | ss-sessionize --key user --gap 10m --state st
#     | ss-sink --to file:out/part.ndjson --state st
#
# 1. Two runs of that pipeline overlap (a slow cron run and the next): every stage of
#    the second is refused with exit 4 and a message naming the lock, and the output
#    equals that of one clean run. Two runs started at the same instant may split the
#    locks between them; whatever happens, a later run completes the output exactly.
# 2. Damage to the state directory is refused with exit 3 and a message saying what
#    is missing: COMMITTED deleted, a stage's snapshot deleted, an older snapshot put
#    in place of the current one. The output stays as it was.
# 3. Starting over the documented ways works: --reset-state starts a stage whose
#    snapshot is missing empty; removing the state directory replays the whole log and
#    rewrites the output to what one clean run gives.
#
# Run by CTest with SS_BIN (the built tools); SS_TEST_KEEP=1 keeps the work directory.
set -uo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin state_lock_and_damage
e2e_need_tools ss-ingest ss-sessionize ss-sink
export PATH=$bin:$PATH
cd "$tmp" || exit 1
contains() { grep -qF -- "$2" "$1" || { echo "--- $1 lacks: $2" >&2; cat "$1" >&2; return 1; }; }

# 80,000 events, one a second, 5 MB: far more than a pipe holds (the tools grow their
# pipes to 1 MiB) and a tool's 1 MiB output buffer, so a stage that is made to wait
# keeps its upstream waiting too. Each half hour 50 of 200 users are active, so
# sessions (gap 10m) close all along the log.
awk 'BEGIN { for (i = 0; i < 80000; i++) {
  printf "{\"ts\":\"2026-11-23T%02d:%02d:%02dZ\",\"user\":\"u%d\",\"i\":%d}\n",
  int(i / 3600), int(i / 60) % 60, i % 60, int(i / 1800) % 4 * 50 + (i * 7919) % 50, i } }' > log
head -n 40000 log > log.part1

# pipeline DIR LOG [MIDDLE]: one run into DIR/out with state DIR/st, MIDDLE (default
# cat) between ss-ingest and ss-sessionize; the three tools' statuses in rc[].
pipeline() {
  local dir=$1 input=$2 middle=${3:-cat}
  mkdir -p "$dir"
  ss-ingest --format json --state "$dir/st" "$input" 2> "$dir/ingest.err" | $middle \
    | ss-sessionize --key user --gap 10m --state "$dir/st" 2> "$dir/sessionize.err" \
    | ss-sink --to "file:$dir/out/part.ndjson" --state "$dir/st" 2> "$dir/sink.err"
  local s=("${PIPESTATUS[@]}")
  rc=("${s[0]}" "${s[2]}" "${s[3]}")  # ingest, sessionize, sink
}
output() { cat "$1"/out/*.ndjson 2> /dev/null | sort; }
all_are() {  # all_are STATUS: every stage of the last pipeline() exited STATUS
  local s
  for s in "${rc[@]}"; do [ "$s" = "$1" ] || { echo "--- statuses ${rc[*]}, expected all $1" >&2; return 1; }; done
}
slow() { sleep 2; cat; }

# The reference: one clean run of part 1, then one of the whole log.
pipeline clean log.part1
check "a clean run exits 0" all_are 0
pipeline clean log
check "a clean second run exits 0" all_are 0
output clean > clean.part1-then-all
[ -s clean.part1-then-all ] || { echo "state_lock_and_damage: the clean run wrote nothing" >&2; exit 1; }

# 1a. A slow run and the next one overlap.
pipeline a log.part1
(pipeline a log slow; echo "${rc[*]}" > a.rc) &
first=$!
sleep 0.7
pipeline a log
check "every stage of the overlapping run exits 4" all_are 4
for stage in ingest sessionize sink; do
  check "ss-$stage says whose lock it met" contains a/$stage.err \
    "ss-$stage: state directory a/st is in use by another run (a/st/$stage.lock held by pid"
done
wait $first
check "the slow run is not disturbed" test "$(cat a.rc)" = "0 0 0"
output a > a.out
check "output after an overlap equals one clean run" cmp -s a.out clean.part1-then-all

# 1b. Two runs started at the same instant: whoever wins each lock, the state stays
# consistent and a later run completes the output exactly.
pipeline b log.part1
(pipeline b log; echo "${rc[*]}" > b1.rc) &
(pipeline b log; echo "${rc[*]}" > b2.rc) &
wait
check "one of two simultaneous runs meets a lock" grep -q 4 b1.rc b2.rc
pipeline b log
check "a run after two simultaneous ones exits 0" all_are 0
output b > b.out
check "output after simultaneous runs equals one clean run" cmp -s b.out clean.part1-then-all

# 2a. COMMITTED deleted: every stage refuses, the output stays.
pipeline c log.part1
output c > c.before
cp c/st/COMMITTED c.committed
rm c/st/COMMITTED
pipeline c log
check "a deleted COMMITTED stops every stage with exit 3" all_are 3
check "ss-sink says COMMITTED is missing" contains c/sink.err "c/st/COMMITTED is missing"
check "ss-ingest says COMMITTED is missing" contains c/ingest.err "c/st/COMMITTED is missing"
check "the output is kept when COMMITTED is missing" cmp -s <(output c) c.before

# 2b. A stage's snapshot deleted while COMMITTED names its checkpoint.
cp c.committed c/st/COMMITTED
mkdir c.saved && mv c/st/sessionize.*.snap.zst c.saved/
pipeline c log
check "a deleted snapshot is refused with exit 3" test "${rc[1]}" = 3
check "ss-sessionize says which snapshot is missing" contains c/sessionize.err \
  "c/st/COMMITTED names checkpoint $(grep -o '[0-9][0-9]*' c.committed), but stage sessionize"
check "the message says how to start over" contains c/sessionize.err "Use --reset-state to start this stage empty, or remove c/st"
check "the output is kept when a snapshot is missing" cmp -s <(output c) c.before
mv c.saved/* c/st/

# 2c. An older snapshot in place of the current one.
cp c/st/ingest.*.snap.zst c.saved/
pipeline c log
check "the run after repairs exits 0" all_are 0
check "the repaired state resumes exactly" cmp -s <(output c) clean.part1-then-all
committed_id() { grep -o '[0-9][0-9]*' "$1"; }
cp "c.saved/ingest.$(committed_id c.committed).snap.zst" "c/st/ingest.$(committed_id c/st/COMMITTED).snap.zst"
pipeline c log
check "an older snapshot under the current name is refused with exit 3" test "${rc[0]}" = 3
check "ss-ingest names the two checkpoints" contains c/ingest.err "snapshot header says checkpoint"

# 3a. --reset-state starts a stage whose snapshot is missing empty.
pipeline d log.part1
rm d/st/sessionize.*.snap.zst
ss-ingest --format json --state d/st log 2> /dev/null \
  | ss-sessionize --key user --gap 10m --state d/st --reset-state 2> d/sessionize.err \
  | ss-sink --to file:d/out/part.ndjson --state d/st 2> /dev/null
rc=("${PIPESTATUS[@]}")
check "--reset-state runs on past a missing snapshot" all_are 0
check "--reset-state warns what it ignored" contains d/sessionize.err "starting empty (--reset-state)"

# 3b. Removing the state directory starts the pipeline over: the whole log is
# replayed and the output rewritten to what one clean run of it gives.
rm -r c/st
pipeline c log
check "a run on a removed state directory exits 0" all_are 0
pipeline fresh log
check "starting over rewrites the output to one clean run's" cmp -s <(output c) <(output fresh)

e2e_end
