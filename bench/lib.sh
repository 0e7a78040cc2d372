# Shared by the bench scripts: where binaries and data live, and how to time a command.
# Data is generated once into bench/data/ (not in git) by ss-gen, deterministic by seed.

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$bench_root/.." && pwd)
bin_dir=${SS_BIN:-$repo_root/build/release/bin}
bench_bin_dir=${SS_BENCH_BIN:-$(dirname "$bin_dir")/bench}
data_dir=${SS_BENCH_DATA:-$bench_root/data}
mkdir -p "$data_dir"

# gen_events N [extra ss-gen flags...]: prints the path of a cached ss-gen file.
gen_events() {
  local n=$1
  shift
  local tag
  tag=$(printf '%s' "$*" | tr -c 'a-zA-Z0-9' '_')
  local file="$data_dir/events-$n$tag.ndjson"
  if [ ! -s "$file" ]; then
    "$bin_dir/ss-gen" --events "$n" --seed 1 "$@" > "$file.tmp" && mv "$file.tmp" "$file"
  fi
  printf '%s\n' "$file"
}

# measure LABEL EVENTS BYTES CMD...: runs CMD once (after one warm-up of the page
# cache by the caller), prints one table row: wall-clock seconds, the CPU seconds of
# every process of CMD (user + system: what the figures per core rest on when the
# machine is busy with other work), events/s and MB/s by wall clock, and peak RSS.
measure() {
  local label=$1 events=$2 bytes=$3
  shift 3
  local tf
  tf=$(mktemp)
  /usr/bin/time -f '%e %M %U %S' -o "$tf" bash -c "$*" > /dev/null
  local secs rss user sys
  read -r secs rss user sys < "$tf"
  rm -f "$tf"
  awk -v l="$label" -v s="$secs" -v e="$events" -v b="$bytes" -v r="$rss" -v c="$(awk -v u="$user" -v y="$sys" 'BEGIN { print u + y }')" 'BEGIN {
    if (s <= 0) s = 0.001;
    printf "| %-44s | %8.2f s | %8.2f s | %10.2f M events/s | %8.0f MB/s | %7.0f MB |\n", l, s, c, e / s / 1e6, b / s / 1e6, r / 1024 }'
}

table_header() {
  printf '| %-44s | %10s | %10s | %21s | %13s | %10s |\n' "command" "time" "CPU" "throughput" "bandwidth" "peak RSS"
  printf '|%s|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..46})" "$(printf -- '-%.0s' {1..12})" "$(printf -- '-%.0s' {1..12})" \
    "$(printf -- '-%.0s' {1..23})" "$(printf -- '-%.0s' {1..15})" "$(printf -- '-%.0s' {1..12})"
}
