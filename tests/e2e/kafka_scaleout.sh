#!/usr/bin/env bash
# Scale-out through Kafka: events go into a topic of four partitions keyed by user, and
# two workers each read half of the partitions (ss-ingest --from kafka://... --shard
# I/2 --until-end) and sessionize them. Together they must give, byte for byte after
# sorting, the sessions one process gives over all the events:
#
#   plain      both workers without state;
#   kill       worker 0 runs ss-ingest --state | ss-sessionize --state | ss-sink --state,
#              killed with SIGKILL at random moments and run again until it finishes;
#              its files hold every session once;
#   resume     a worker run again with its --state after the topic grew reads only the
#              new messages;
#   bad        a message that is not JSON is dead-lettered as kafka://.../events[P]@OFFSET;
#   stamp      a record without a time is a bad line, or with --message-time takes the
#              message's timestamp;
#   down       no broker at the address: a clear message and exit 1.
#
# The cluster is librdkafka's mock cluster (ss-test-kafka cluster: the Kafka protocol
# over TCP on localhost, three brokers), or the real one KAFKA_BOOTSTRAP names, where
# the topics get names of their own. Run by CTest with SS_BIN and SS_SOURCE; exits 77
# (skipped) when a tool is not built. SS_TEST_SEED picks the kill moments (default 1).
set -uo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin kafka_scaleout
e2e_need_tools ss-ingest ss-sessionize ss-sink
e2e_need_programs zstdcat
. "$(dirname "${BASH_SOURCE[0]}")/kafka.bash"
pids=()
e2e_on_exit() {
  if [ ${#pids[@]} -gt 0 ]; then kill -9 "${pids[@]}" 2> /dev/null; fi
  kafka_stop
}
RANDOM=${SS_TEST_SEED:-1}

kafka_start events:4 more:4 stamps:1
events=kafka://$bootstrap/events$suffix
more=kafka://$bootstrap/more$suffix

# 3000 events of 60 users, in time order, with quiet hours that cut sessions.
awk 'BEGIN {
  t = 1795000000
  for (i = 0; i < 3000; i++) {
    t += (i % 500 == 499) ? 3600 : 3 + (i * 7) % 11
    printf "{\"ts\":%d,\"user\":\"u%d\",\"path\":\"/p%d\"}\n", t, (i * 7919) % 60, i % 13
  }
}' > "$tmp/events.ndjson"
"$helper" produce --bootstrap "$bootstrap" --topic "events$suffix" --key-field user < "$tmp/events.ndjson" || exit 1

# A lateness longer than the log: a worker reads its partitions interleaved, so its
# events are in time order per user only; nothing may count as late.
sessionize=(--key user --gap 30m --lateness 400d --no-progress)
"$bin/ss-ingest" --format json --no-progress "$tmp/events.ndjson" | "$bin/ss-sessionize" "${sessionize[@]}" \
  | LC_ALL=C sort > "$tmp/reference"
[ -s "$tmp/reference" ] || { echo "kafka_scaleout: the one-process run gave nothing" >&2; exit 1; }

# plain
for i in 0 1; do
  "$bin/ss-ingest" --from "$events" --format json --shard $i/2 --until-end --no-progress 2> "$tmp/w$i.err" \
    | "$bin/ss-sessionize" "${sessionize[@]}" > "$tmp/w$i" || bad "plain: worker $i failed: $(cat "$tmp/w$i.err")"
done
if LC_ALL=C sort "$tmp/w0" "$tmp/w1" | cmp -s - "$tmp/reference"; then
  ok "plain: two workers give the sessions of one process ($(wc -l < "$tmp/reference") sessions)"
else
  bad "plain: the workers' sessions differ from one process's"
fi
if [ -s "$tmp/w0" ] && [ -s "$tmp/w1" ]; then ok "plain: each worker has sessions of its own"; else bad "plain: a worker had nothing"; fi

# kill: worker 0 with state, killed and run again; the last run flushes.
w=$tmp/kill
mkdir -p "$w"
run_worker0() {
  rm -f "$w/p0" "$w/p1"
  mkfifo "$w/p0" "$w/p1"
  "$bin/ss-ingest" --from "$events" --format json --shard 0/2 --until-end --state "$w/st" \
    --checkpoint-interval 20ms --no-progress > "$w/p0" 2>> "$w/err" &
  pids=($!)
  "$bin/ss-sessionize" "${sessionize[@]}" --state "$w/st" $1 < "$w/p0" > "$w/p1" 2>> "$w/err" &
  pids+=($!)
  "$bin/ss-sink" --to "file:$w/out/part.ndjson.zst" --max-records 50 --state "$w/st" --no-progress \
    < "$w/p1" 2>> "$w/err" &
  pids+=($!)
}
kills=0
for attempt in 1 2 3 4 5 6; do
  run_worker0 ""
  sleep "0.$((RANDOM % 2))$((RANDOM % 10))"
  alive=0
  for pid in "${pids[@]}"; do kill -0 "$pid" 2> /dev/null && alive=1; done
  if [ $alive -eq 1 ]; then
    kill -9 "${pids[@]}" 2> /dev/null
    kills=$((kills + 1))
  fi
  wait "${pids[@]}" 2> /dev/null
  pids=()
done
run_worker0 --flush
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=$?; done
pids=()
[ $status -eq 0 ] || bad "kill: the last run of worker 0 exited $status: $(tail -5 "$w/err")"
find "$w/out" -name 'part-*.ndjson.zst' -exec zstdcat -q {} + > "$w/sessions" 2> /dev/null
if LC_ALL=C sort "$w/sessions" "$tmp/w1" | cmp -s - "$tmp/reference"; then
  ok "kill: worker 0 killed $kills times and run again, with worker 1: the sessions of one process"
else
  bad "kill: after $kills kills the sessions differ from one process's"
  LC_ALL=C sort "$w/sessions" "$tmp/w1" | diff - "$tmp/reference" | head -5 >&2
fi

# resume: a second --until-end run with the same state reads only what came since.
r=$tmp/resume
mkdir -p "$r"
head -n 100 "$tmp/events.ndjson" | "$helper" produce --bootstrap "$bootstrap" --topic "more$suffix" --key-field user
"$bin/ss-ingest" --from "$more" --format json --until-end --state "$r/st" --no-progress > "$r/first" 2> "$r/err"
sed -n '101,150p' "$tmp/events.ndjson" | "$helper" produce --bootstrap "$bootstrap" --topic "more$suffix" --key-field user
"$bin/ss-ingest" --from "$more" --format json --until-end --state "$r/st" --no-progress > "$r/second" 2>> "$r/err"
n1=$(grep -vc '"_ss"' "$r/first")
n2=$(grep -vc '"_ss"' "$r/second")
if [ "$n1" -eq 100 ] && [ "$n2" -eq 50 ]; then
  ok "resume: the second run reads the 50 new messages only"
else
  bad "resume: the runs read $n1 and $n2 events, expected 100 and 50: $(cat "$r/err")"
fi

# bad: a message that is not JSON names its partition and offset.
printf 'not json\n' | "$helper" produce --bootstrap "$bootstrap" --topic "more$suffix"
"$bin/ss-ingest" --from "$more" --format json --until-end --state "$r/st" --bad-lines "$r/bad" --no-progress \
  > /dev/null 2> "$r/bad.err"
if grep -qE "ss-ingest: kafka://.*/more$suffix\[[0-3]\]@[0-9]+: expected a JSON object" "$r/bad.err" &&
  grep -q '"raw":"not json"' "$r/bad"; then
  ok "bad: the bad message is named by partition and offset, and kept in --bad-lines"
else
  bad "bad: stderr was: $(cat "$r/bad.err")"
fi

# stamp: records without a time.
before=$(date +%s)
printf '{"user":"a"}\n{"user":"b","ts":"2026-11-23T10:00:00Z"}\n' \
  | "$helper" produce --bootstrap "$bootstrap" --topic "stamps$suffix"
"$bin/ss-ingest" --from "kafka://$bootstrap/stamps$suffix" --format json --until-end --no-progress \
  > "$tmp/stamp.plain" 2> "$tmp/stamp.plain.err"
"$bin/ss-ingest" --from "kafka://$bootstrap/stamps$suffix" --format json --until-end --message-time --no-progress \
  > "$tmp/stamp.out" 2> "$tmp/stamp.err"
year=$(date -u -d "@$before" +%Y)
if grep -q 'no time field "ts"' "$tmp/stamp.plain.err" && [ "$(wc -l < "$tmp/stamp.plain")" -eq 1 ] &&
  grep -q "^{\"user\":\"a\",\"ts\":\"$year-" "$tmp/stamp.out" &&
  grep -q '"ts":"2026-11-23T10:00:00.000Z"' "$tmp/stamp.out"; then
  ok "stamp: a record without a time is bad, or takes the message's timestamp with --message-time"
else
  bad "stamp: got $(cat "$tmp/stamp.plain" "$tmp/stamp.plain.err" "$tmp/stamp.out" "$tmp/stamp.err")"
fi

# down: nothing listens at the address.
"$bin/ss-ingest" --from kafka://127.0.0.1:1/events --format json --until-end --no-progress > "$tmp/down.out" \
  2> "$tmp/down.err"
status=$?
if [ $status -eq 1 ] && grep -q "kafka://127.0.0.1:1/events: no broker answered" "$tmp/down.err" &&
  [ ! -s "$tmp/down.out" ]; then
  ok "down: no broker: exit 1 with a clear message"
else
  bad "down: exit $status: $(cat "$tmp/down.err")"
fi

e2e_end
