#!/usr/bin/env bash
# ss-detect end to end on ss-gen traffic:
#  1. anomalies injected into the latencies (every 101st event: 20x + 1 s) are found by
#     ewma at the default threshold with recall >= 0.95 and precision >= 0.25 (ss-gen's
#     latencies are log-normal with real timeouts, so about 2% of untouched events
#     also score above 4; the figures measured are printed);
#  2. logreg learns "a 5xx status is fraud" from labels that arrive 50 events after
#     their payment, joined by --id, and then flags 5xx with precision and recall >= 0.9
#     (the status class is given as a string, one-hot through the hash);
#  3. every model run in pieces with --state writes the bytes of one whole run.
# Run by CTest with SS_BIN (the built tools) and SS_SOURCE (the repository root).
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin detect_quality
detect() { "$bin/ss-detect" --no-progress "$@" 2>/dev/null; }
strip_control() { grep -v '^{"_ss":' || true; }

"$bin/ss-gen" --events 30000 --seed 23 --bad-lines 0.001 > "$tmp/gen"

# 1. Injected latency spikes, marked "injected":true.
awk 'NR % 101 == 0 && match($0, /"latency_ms":[0-9.]+/) {
       v = substr($0, RSTART + 13, RLENGTH - 13)
       $0 = substr($0, 1, RSTART - 1) "\"latency_ms\":" (v * 20 + 1000) substr($0, RSTART + RLENGTH)
       sub(/}$/, ",\"injected\":true}")
     }
     { print }' "$tmp/gen" > "$tmp/spiked"
detect --model ewma --field latency_ms --key path --half-life 10m "$tmp/spiked" > "$tmp/scored"
# Prints precision and recall of "anomaly":true against lines that hold $2, as "p r".
quality() {
  awk -v truth="$2" '
    index($0, "\"score\"") == 0 { next }
    { t = index($0, truth) > 0; a = index($0, "\"anomaly\":true") > 0; tp += t && a; fp += !t && a; fn += t && !a }
    END { printf "%.3f %.3f\n", tp / (tp + fp), tp / (tp + fn) }' "$1"
}
check_quality() {
  local name=$1 file=$2 truth=$3 min_precision=$4 min_recall=$5
  read -r precision recall < <(quality "$file" "$truth")
  if awk -v p="$precision" -v r="$recall" -v mp="$min_precision" -v mr="$min_recall" 'BEGIN { exit !(p >= mp && r >= mr) }'; then
    ok "$name: precision $precision >= $min_precision, recall $recall >= $min_recall"
  else
    bad "$name: precision $precision (want >= $min_precision), recall $recall (want >= $min_recall)"
  fi
}
check_quality "ewma, injected latency spikes" "$tmp/scored" '"injected":true' 0.25 0.9

# 2. Payments: each event gets "tx":N and "class":"5xx" (etc.); its label ("fraud":
# status >= 500) follows 50 lines later as a line of its own, stamped with the time of
# the line it follows.
awk 'match($0, /"status":[0-9]+/) && match($0, /^\{"ts":"[^"]*"/) {
       ts = substr($0, 8, RLENGTH - 8)
       match($0, /"status":[0-9]+/)
       status = substr($0, RSTART + 9, RLENGTH - 9) + 0
       n++
       sub(/}$/, ",\"tx\":" n ",\"class\":\"" int(status / 100) "xx\"}")
       print
       fraud[n] = status >= 500 ? "true" : "false"
       if (n > 50) printf "{\"ts\":\"%s\",\"tx\":%d,\"fraud\":%s}\n", ts, n - 50, fraud[n - 50]
       next
     }
     { print }' "$tmp/gen" > "$tmp/payments"
detect --model logreg --features class,method --label fraud --id tx --label-delay 1h "$tmp/payments" \
  > "$tmp/fraud-scored"
# Judge the second half only, once the model has had labels to learn from.
tail -n 25000 "$tmp/fraud-scored" | sed 's/"status":5[0-9][0-9],/&"server_error":true,/' > "$tmp/fraud-late"
check_quality "logreg, labels 50 events late" "$tmp/fraud-late" '"server_error":true' 0.9 0.9

# 3. Pieces with --state against one run.
check_pieces() {
  local pieces=$1 input=$2
  shift 2
  local name="pieces=$pieces: $*"
  detect "$@" "$input" > "$tmp/whole"
  rm -rf "$tmp/state" "$tmp"/part.* && mkdir "$tmp/state"
  split -n "l/$pieces" -d -a 2 "$input" "$tmp/part."
  : > "$tmp/pieces"
  for part in "$tmp"/part.*; do
    detect "$@" --state "$tmp/state" "$part" >> "$tmp/pieces"
  done
  strip_control < "$tmp/pieces" > "$tmp/pieces.data"
  if ! cmp -s "$tmp/whole" "$tmp/pieces.data"; then
    bad "split/restart $name"
    diff "$tmp/whole" "$tmp/pieces.data" | head -5 >&2
  else
    ok "split/restart $name ($(wc -l < "$tmp/whole") lines)"
  fi
}
for pieces in 2 7 19; do
  check_pieces "$pieces" "$tmp/spiked" --model ewma --field latency_ms --key user --half-life 5m --ttl 30m --max-keys 200
  check_pieces "$pieces" "$tmp/spiked" --model kmeans --features latency_ms,bytes --categorical method --buckets 4 \
    --k 4 --batch 64 --half-life 30m
  check_pieces "$pieces" "$tmp/payments" --model logreg --features status,method,path --label fraud --id tx \
    --label-delay 10m
done

e2e_end
