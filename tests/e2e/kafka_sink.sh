#!/usr/bin/env bash
# ss-sink --to kafka://...: one message per record, keyed, on a three-broker cluster:
#
#   keyed      every record arrives once, unchanged; each key lands in the partition
#              ss-ingest --key K --shard P/4 gives it, so --shard and the topic agree;
#   kill       ss-ingest --state | ss-sink --state killed with SIGKILL at random moments
#              and run again until it finishes: a read_committed consumer, dropping
#              messages whose ss-id header it has seen, reads every record exactly once.
#              The mock cluster does not drop the messages of aborted transactions
#              (librdkafka 2.0.2: a read_committed consumer gets them too), so there the
#              check is that no record is lost;
#   usage      --key without kafka, and a bad kafka:// address, exit 2;
#   down       no broker at the address: exit 1 with a clear message.
#
# The cluster is librdkafka's mock cluster (ss-test-kafka cluster), or the real one
# KAFKA_BOOTSTRAP names. Run by CTest with SS_BIN and SS_SOURCE; exits 77 (skipped)
# when a tool is not built. SS_TEST_SEED picks the kill moments (default 1).
set -uo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin kafka_sink
e2e_need_tools ss-ingest ss-sink
. "$(dirname "${BASH_SOURCE[0]}")/kafka.bash"
pids=()
e2e_on_exit() {
  if [ ${#pids[@]} -gt 0 ]; then kill -9 "${pids[@]}" 2> /dev/null; fi
  kafka_stop
}
RANDOM=${SS_TEST_SEED:-1}

kafka_start keyed:4 killed:4

awk 'BEGIN {
  for (i = 0; i < 4000; i++)
    printf "{\"ts\":\"2026-11-23T10:%02d:%02d.%03dZ\",\"user\":\"user-%d\",\"n\":%d}\n", (i / 60) % 60, i % 60, i % 1000, (i * 31) % 97, i
}' > "$tmp/events.ndjson"
"$bin/ss-ingest" --format json --no-progress "$tmp/events.ndjson" > "$tmp/events.out"
sort "$tmp/events.out" > "$tmp/expected"

# keyed
if "$bin/ss-sink" --to "kafka://$bootstrap/keyed$suffix" --key user --no-progress < "$tmp/events.out" 2> "$tmp/keyed.err"; then
  "$helper" consume --bootstrap "$bootstrap" --topic "keyed$suffix" --until-end > "$tmp/keyed"
  if cut -f4 "$tmp/keyed" | sort | cmp -s - "$tmp/expected"; then
    ok "keyed: every record once, unchanged ($(wc -l < "$tmp/keyed") messages)"
  else
    bad "keyed: the messages differ from the records"
  fi
  agree=1
  for p in 0 1 2 3; do
    awk -F'\t' -v p=$p '$1 == p { print $3 }' "$tmp/keyed" | sort -u > "$tmp/part$p"
    "$bin/ss-ingest" --format json --key user --shard $p/4 --no-progress "$tmp/events.ndjson" \
      | sed 's/.*"user":"\([^"]*\)".*/\1/' | sort -u > "$tmp/shard$p"
    cmp -s "$tmp/part$p" "$tmp/shard$p" || agree=0
  done
  if [ $agree -eq 1 ]; then ok "keyed: each key is in the partition --shard gives it"; else bad "keyed: partitions and --shard disagree"; fi
else
  bad "keyed: ss-sink failed: $(cat "$tmp/keyed.err")"
fi

# kill
w=$tmp/kill
mkdir -p "$w"
# Each process by its own pid: of a background pipeline `a | b &`, $! names b only, and a
# kill would leave a to die later of a broken pipe, not at the moment chosen.
start() {
  rm -f "$w/p0" "$w/p1"
  mkfifo "$w/p0" "$w/p1"
  "$bin/ss-ingest" --format json --state "$w/st" --checkpoint-interval 20ms --no-progress "$tmp/events.ndjson" \
    > "$w/p1" 2>> "$w/err" &
  pids=($!)
  awk '{ print } NR % 100 == 0 { fflush(); system("sleep 0.01") }' < "$w/p1" > "$w/p0" &
  pids+=($!)
  "$bin/ss-sink" --to "kafka://$bootstrap/killed$suffix" --key user --state "$w/st" --no-progress \
    < "$w/p0" 2>> "$w/err" &
  pids+=($!)
}
kills=0
for attempt in 1 2 3 4 5; do
  start
  sleep "0.$((RANDOM % 5))$((RANDOM % 10))"
  alive=0
  for pid in "${pids[@]}"; do kill -0 "$pid" 2> /dev/null && alive=1; done
  if [ $alive -eq 1 ]; then
    kill -9 "${pids[@]}" 2> /dev/null
    kills=$((kills + 1))
  fi
  wait "${pids[@]}" 2> /dev/null
  pids=()
done
start
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=$?; done
pids=()
[ $status -eq 0 ] || bad "kill: the last run exited $status: $(tail -5 "$w/err")"
"$helper" consume --bootstrap "$bootstrap" --topic "killed$suffix" --until-end --headers > "$w/messages"
total=$(wc -l < "$w/messages")
if [ -n "${KAFKA_BOOTSTRAP:-}" ]; then
  # Deduplicated by the ss-id header (the fifth column).
  awk -F'\t' '!seen[$5]++ { print $4 }' "$w/messages" | sort > "$w/records"
  if cmp -s "$w/records" "$tmp/expected"; then
    ok "kill: killed $kills times and run again: every record exactly once by ss-id ($total messages read)"
  else
    bad "kill: after $kills kills the records differ ($total messages, $(wc -l < "$w/records") distinct ids)"
    diff "$w/records" "$tmp/expected" | head -5 >&2
  fi
else
  # librdkafka's mock cluster hands the messages of aborted transactions (those of the
  # killed runs) to read_committed consumers too, so here only the loss of a record shows.
  cut -f4 "$w/messages" | sort -u > "$w/records"
  if cmp -s "$w/records" "$tmp/expected"; then
    ok "kill: killed $kills times and run again: every record arrived ($total messages with aborted ones)"
  else
    bad "kill: after $kills kills records are missing or changed ($total messages)"
    diff "$w/records" "$tmp/expected" | head -5 >&2
  fi
fi

# usage
"$bin/ss-sink" --to - --key user < /dev/null 2> "$tmp/usage.err"
s1=$?
"$bin/ss-sink" --to kafka://localhost/out < /dev/null 2>> "$tmp/usage.err"
s2=$?
if [ $s1 -eq 2 ] && [ $s2 -eq 2 ] && grep -q "needs --to kafka" "$tmp/usage.err"; then
  ok "usage: --key without kafka and an address without a port exit 2"
else
  bad "usage: exits $s1 and $s2: $(cat "$tmp/usage.err")"
fi

# down
SECONDS=0
echo '{"ts":"2026-11-23T10:00:00Z","user":"a"}' | timeout 120 "$bin/ss-sink" --to kafka://127.0.0.1:1/out --key user \
  --state "$tmp/down-st" --no-progress 2> "$tmp/down.err"
status=$?
if [ $status -eq 1 ] && grep -q "kafka://127.0.0.1:1/out: no broker answered within 10 s" "$tmp/down.err" &&
  [ $SECONDS -lt 60 ]; then
  ok "down: no broker: exit 1 naming the address, after the first contact's 10 s"
else
  bad "down: exit $status: $(cat "$tmp/down.err")"
fi

e2e_end
