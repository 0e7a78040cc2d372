#!/usr/bin/env bash
# ss-sink's Prometheus outputs against the real thing:
#
#   scrape   ss-window rows into ss-sink --to prom-http: after the input ended; a
#            Prometheus server scraping every second must hold the latest value of
#            each series (label escaping included), and SIGTERM ends the sink with 0;
#   lint     the endpoint's text and a prom:FILE pass promtool check metrics;
#   ttl      with --ttl 1s the endpoint drops series once they are a second old.
#
# Run by CTest with SS_BIN (the built tools); exits 77 (skipped) when Prometheus,
# promtool, curl or jq is missing.
set -uo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin sink_prometheus
e2e_need_tools ss-window ss-sink
e2e_need_programs prometheus promtool curl jq
pids=()
e2e_on_exit() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2> /dev/null; done
}
cd "$tmp" || exit 1
# A port nothing listens on now (a race with other programs is unlikely and only
# makes the test fail, never pass wrongly).
free_port() {
  local port
  for _ in $(seq 100); do
    port=$((20000 + RANDOM % 40000))
    (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null || { echo "$port"; return; }
  done
  echo "sink_prometheus: no free port found" >&2
  exit 1
}
# wait_for SECONDS COMMAND...: runs COMMAND every 0.2 s until it succeeds.
wait_for() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

cat > events.ndjson << 'EOF_EVENTS'
{"ts":"2026-11-01T10:00:05Z","route":"/login","ms":12.5}
{"ts":"2026-11-01T10:00:17Z","route":"/api/items","ms":30}
{"ts":"2026-11-01T10:00:42Z","route":"/login","ms":8}
{"ts":"2026-11-01T10:01:03Z","route":"/login","ms":11}
{"ts":"2026-11-01T10:01:30Z","route":"/api/items","ms":250}
{"ts":"2026-11-01T10:01:59Z","route":"/api/items","ms":41}
{"ts":"2026-11-01T10:02:10Z","route":"/say \"hi\"\\now","ms":1}
EOF_EVENTS
window() { "$bin/ss-window" --key route --tumble 1m --agg 'n=count, slowest=max(ms)' --no-progress events.ndjson; }

# scrape -----------------------------------------------------------------------
sink_port=$(free_port)
window | "$bin/ss-sink" --to "prom-http:127.0.0.1:$sink_port" --no-progress 2> sink.err &
sink_pid=$!
pids+=("$sink_pid")
metrics_served() { curl -sf "http://127.0.0.1:$sink_port/metrics" > served.prom && grep -q '^ss_n{' served.prom; }
wait_for 10 metrics_served
check_eq "endpoint serves after end of input" 3 "$(grep -c '^ss_n{' served.prom)"
check_eq "wrong path is 404" 404 "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$sink_port/other")"

prom_port=$(free_port)
cat > prom.yml << EOF_CONFIG
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: ss
    static_configs:
      - targets: ['127.0.0.1:$sink_port']
EOF_CONFIG
prometheus --config.file=prom.yml --storage.tsdb.path=data --web.listen-address="127.0.0.1:$prom_port" \
  > prometheus.log 2>&1 &
pids+=("$!")
query() {  # query PROMQL: the value of the first result, or nothing
  curl -sf "http://127.0.0.1:$prom_port/api/v1/query" --data-urlencode "query=$1" |
    jq -r '.data.result[0].value[1] // empty' 2> /dev/null
}
scraped() { [ -n "$(query 'ss_n{route="/login"}')" ] && [ "$(query 'count(ss_n)')" = 3 ]; }
if wait_for 30 scraped; then
  check_eq "login requests of the last window" 1 "$(query 'ss_n{route="/login"}')"
  check_eq "items maximum of the last window" 250 "$(query 'ss_slowest{route="/api/items"}')"
  check_eq "escaped label value read back" 1 "$(query 'ss_n{route="/say \"hi\"\\now"}')"
  check_eq "gauge type" gauge "$(curl -sf "http://127.0.0.1:$prom_port/api/v1/metadata?metric=ss_n" |
    jq -r '.data.ss_n[0].type')"
else
  check_eq "Prometheus scraped the sink within 30 s" yes no
  tail -5 prometheus.log >&2
fi
kill -TERM "$sink_pid"
wait "$sink_pid"
check_eq "SIGTERM ends the serving sink with 0" 0 "$?"
check_eq "sink stderr is empty" "" "$(cat sink.err)"

# lint -------------------------------------------------------------------------
promtool check metrics < served.prom > lint.out 2>&1
check_eq "promtool accepts the endpoint's text" "0:" "$?:$(cat lint.out)"
window | "$bin/ss-sink" --to prom:metrics.prom --counter n --no-progress
promtool check metrics < metrics.prom > lint.out 2>&1
check_eq "promtool accepts prom:FILE" "0:" "$?:$(cat lint.out)"
check_eq "counter named _total" 3 "$(grep -c '^ss_n_total{' metrics.prom)"

# ttl --------------------------------------------------------------------------
ttl_port=$(free_port)
window | "$bin/ss-sink" --to "prom-http:127.0.0.1:$ttl_port" --ttl 1s --no-progress &
ttl_pid=$!
pids+=("$ttl_pid")
ttl_served() { curl -sf "http://127.0.0.1:$ttl_port/metrics" > ttl.prom; }
wait_for 10 ttl_served
sleep 1.2
curl -sf "http://127.0.0.1:$ttl_port/metrics" > ttl.prom
check_eq "series older than --ttl are dropped" 0 "$(wc -c < ttl.prom)"
kill -INT "$ttl_pid"
wait "$ttl_pid"
check_eq "SIGINT ends the serving sink with 0" 0 "$?"

# early end --------------------------------------------------------------------
# An input that ends without its final barrier (an upstream stage killed) ends the
# serving sink at once with 1, for a supervisor to see, instead of serving on.
early_port=$(free_port)
printf '%s\n' '{"route":"/a","n":1}' '{"_ss":"checkpoint","id":1}' '{"route":"/a","n":2}' \
  | timeout 10 "$bin/ss-sink" --to "prom-http:127.0.0.1:$early_port" --state early-st --no-progress 2> early.err
check_eq "an early end stops the serving sink with 1" 1 "$?"
check_eq "an early end is named" 1 "$(grep -c 'without the final checkpoint barrier' early.err)"

e2e_end
