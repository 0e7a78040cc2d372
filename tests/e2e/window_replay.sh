#!/usr/bin/env bash
# ss-window end to end: running the input in pieces with --state equals running it
# whole, byte for byte (control records aside), with aggregates and with --sql, also on
# input out of order beyond the lateness; and N shards' --partial outputs,
# concatenated into --merge, equal the single-process result for N = 1, 2, 7.
# Run by CTest with SS_BIN (the built tools) and SS_SOURCE (the repository root).
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin window_replay
events=$tmp/events.ndjson

# Realistic input from ss-gen: zipf-distributed users, out-of-order lines, bad lines.
"$bin/ss-gen" --events 30000 --seed 11 --bad-lines 0.001 > "$events"
lines=$(wc -l < "$events")
[[ $lines -eq 30000 ]] || e2e_abort "ss-gen wrote $lines lines, expected 30000"

window() { "$bin/ss-window" --no-progress "$@" 2>/dev/null; }
strip_control() { grep -v '^{"_ss":' || true; }

# Runs ss-window with the given flags over the input whole, then in $1 pieces with
# --state (the last with --flush), and compares.
check_pieces() {
  local pieces=$1
  shift
  local name="pieces=$pieces: $*"
  window "$@" "$events" > "$tmp/whole"
  rm -rf "$tmp/state" "$tmp"/part.* && mkdir "$tmp/state"
  split -n "l/$pieces" -d -a 2 "$events" "$tmp/part."
  local parts=("$tmp"/part.*)
  : > "$tmp/pieces"
  for ((i = 0; i < ${#parts[@]}; i++)); do
    local flush=()
    ((i == ${#parts[@]} - 1)) && flush=(--flush)
    window "$@" --state "$tmp/state" "${flush[@]}" "${parts[$i]}" >> "$tmp/pieces"
  done
  strip_control < "$tmp/pieces" > "$tmp/pieces.data"
  if ! cmp -s "$tmp/whole" "$tmp/pieces.data"; then
    bad "split/restart $name"
    diff "$tmp/whole" "$tmp/pieces.data" | head -5 >&2
  elif [[ ! -s $tmp/whole ]]; then
    bad "split/restart $name: no output"
  else
    ok "split/restart $name ($(wc -l < "$tmp/whole") rows)"
  fi
}

# Runs N shards with --partial, merges them, and compares with one process.
check_shards() {
  local shards=$1 key=$2 agg=$3
  shift 3
  local name="shards=$shards: --key $key --agg '$agg' $*"
  window --key "$key" --agg "$agg" "$@" "$events" > "$tmp/single"
  : > "$tmp/partials"
  for ((i = 0; i < shards; i++)); do
    window --key "$key" --agg "$agg" "$@" --shard "$i/$shards" --partial "$events" >> "$tmp/partials"
  done
  window --merge --key "$key" --agg "$agg" < "$tmp/partials" > "$tmp/merged"
  if ! cmp -s "$tmp/single" "$tmp/merged"; then
    bad "shard/merge $name"
    diff "$tmp/single" "$tmp/merged" | head -5 >&2
  else
    ok "shard/merge $name ($(wc -l < "$tmp/single") rows)"
  fi
}

exact='n=count, bytes=sum(bytes), slowest=max(latency_ms), paths=distinct(path), last=last(status)'
sketches='n=count, p99=quantile(latency_ms, 0.99), users=approx_distinct(user), top=top(path, 3)'

for pieces in 2 5 13; do
  check_pieces "$pieces" --tumble 1m --key user --agg "$exact"
  check_pieces "$pieces" --size 10m --slide 1m --key path --agg "$sketches"
  check_pieces "$pieces" --size 7m --slide 3m --offset=-90s --key status --agg "$exact" --fill --ttl 20m
  check_pieces "$pieces" --tumble 5m --key method --emit update --every 1m --agg "$exact"
  check_pieces "$pieces" --size 4m --slide 2m --key status --emit update --agg 'n=count, s=sum(bytes)'
  check_pieces "$pieces" --global --key user --ttl 30m --max-keys 300 --every 2m --agg "$exact"
  check_pieces "$pieces" --global --key path --emit final --ttl 1h --agg "$sketches"
  check_pieces "$pieces" --tumble 1m --key user --partial --agg "$sketches"
  check_pieces "$pieces" --size 10m --slide 5m --sql \
    'SELECT path, count(*) AS n, sum(bytes) AS bytes, min(ts) AS first FROM events GROUP BY path ORDER BY n DESC, path LIMIT 3'
  check_pieces "$pieces" --tumble 5m --key status --sql 'SELECT * FROM events ORDER BY ts DESC, rowid DESC LIMIT 2'
done

# Out of order far beyond the lateness: events behind the watermark count in their open
# windows (or key states), the others are late, alike in pieces and whole.
"$bin/ss-gen" --events 20000 --seed 12 --out-of-order 0.3 --max-delay 15m > "$tmp/disorder.ndjson"
events=$tmp/disorder.ndjson
for pieces in 3 11; do
  check_pieces "$pieces" --tumble 1m --key user --lateness 30s --agg "$exact"
  check_pieces "$pieces" --size 10m --slide 1m --key path --lateness 30s --agg "$exact"
  check_pieces "$pieces" --size 7m --slide 3m --key status --lateness 30s --agg "$exact" --fill --ttl 20m
  check_pieces "$pieces" --size 4m --slide 2m --key status --lateness 30s --emit update --agg 'n=count, s=sum(bytes)'
  check_pieces "$pieces" --global --key user --ttl 10m --lateness 30s --emit final --agg "$exact"
  check_pieces "$pieces" --size 10m --slide 5m --lateness 30s --sql \
    'SELECT path, count(*) AS n, sum(bytes) AS bytes FROM events GROUP BY path ORDER BY n DESC, path LIMIT 3'
done
events=$tmp/events.ndjson

for shards in 1 2 7; do
  check_shards "$shards" user "$exact" --tumble 1m
  check_shards "$shards" path "$exact" --size 10m --slide 1m
  check_shards "$shards" user "$exact" --size 5m --slide 2m --offset 30s --fill --ttl 15m
  check_shards "$shards" user "$sketches" --tumble 5m
done

e2e_end
