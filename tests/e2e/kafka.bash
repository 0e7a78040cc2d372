# What the Kafka scripts of tests/e2e share (sourced after harness.bash's e2e_begin):
# the test helper ss-test-kafka, and a cluster with the topics a script needs.
#
#   kafka_start NAME:PARTITIONS...   a mock cluster of three brokers with those topics,
#                                    stopped at exit; or, when KAFKA_BOOTSTRAP names a
#                                    real cluster, the topics made there under names of
#                                    their own. Sets $bootstrap and $suffix (add it to
#                                    every topic name).
#   kafka_stop                       stops the mock cluster (from e2e_on_exit).

e2e_need_tools ../tests/ss-test-kafka
helper=$bin/../tests/ss-test-kafka
kafka_cluster=

kafka_start() {
  local t
  suffix=
  if [ -n "${KAFKA_BOOTSTRAP:-}" ]; then
    bootstrap=$KAFKA_BOOTSTRAP
    suffix=-$$-$RANDOM
    for t in "$@"; do
      "$helper" topic --bootstrap "$bootstrap" --topic "${t%%:*}$suffix:${t##*:}" || e2e_abort "cannot make topic $t"
    done
    return
  fi
  local topics=()
  for t in "$@"; do topics+=(--topic "$t"); done
  "$helper" cluster --brokers 3 "${topics[@]}" --ready-file "$tmp/ready" > /dev/null &
  kafka_cluster=$!
  for _ in $(seq 100); do [ -s "$tmp/ready" ] && break; sleep 0.1; done
  [ -s "$tmp/ready" ] || e2e_abort "the mock cluster did not start"
  bootstrap=$(cat "$tmp/ready")
}

kafka_stop() {
  if [ -n "$kafka_cluster" ]; then kill "$kafka_cluster" 2> /dev/null; wait "$kafka_cluster" 2> /dev/null; fi
}
