#!/usr/bin/env bash
# Late events in ss-window and ss-sessionize: an event is late only when the window or
# session it would update has been written. Checks, on ss-gen input:
# - input shuffled within the lateness gives the output of sorted input;
# - input out of order far beyond the lateness, run in two pieces with --state cut at
#   every line boundary, gives the output of one run, late events included;
# - events behind the watermark whose window or session is open are counted.
# Run by CTest with SS_BIN (the built tools) and SS_SOURCE (the repository root).
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin late_events
strip_control() { grep -v '^{"_ss":' || true; }

# Shuffled within the lateness (every event at most 1m behind, lateness 2m) against
# the same events sorted by time ("ts" is the first member, in one fixed format).
"$bin/ss-gen" --events 20000 --seed 5 --out-of-order 0.3 --max-delay 1m > "$tmp/shuffled"
sort -s -t'"' -k4,4 "$tmp/shuffled" > "$tmp/sorted"
exact='n=count, bytes=sum(bytes), slowest=max(latency_ms), paths=distinct(path)'
for flags in "--tumble 1m --key path" "--size 10m --slide 1m --key status" "--size 5m --slide 2m --key user --fill --ttl 10m"; do
  # shellcheck disable=SC2086
  "$bin/ss-window" --no-progress $flags --lateness 2m --agg "$exact" "$tmp/sorted" > "$tmp/a" 2>/dev/null
  # shellcheck disable=SC2086
  "$bin/ss-window" --no-progress $flags --lateness 2m --agg "$exact" "$tmp/shuffled" > "$tmp/b" 2>/dev/null
  if [[ -s $tmp/a ]] && cmp -s "$tmp/a" "$tmp/b"; then ok "window sorted == shuffled: $flags"; else bad "window sorted != shuffled: $flags"; fi
done
for gap in 5m 30m; do
  "$bin/ss-sessionize" --no-progress --key user --gap "$gap" --lateness 2m --agg "$exact" "$tmp/sorted" 2>/dev/null |
    sort > "$tmp/a"
  "$bin/ss-sessionize" --no-progress --key user --gap "$gap" --lateness 2m --agg "$exact" "$tmp/shuffled" 2>/dev/null |
    sort > "$tmp/b"
  if [[ -s $tmp/a ]] && cmp -s "$tmp/a" "$tmp/b"; then ok "sessionize sorted == shuffled: gap $gap"; else bad "sessionize sorted != shuffled: gap $gap"; fi
done

# Far out of order (up to 20m behind) with a lateness of 30s: many events are behind
# the watermark, some in open windows and sessions, some late.
"$bin/ss-gen" --events 150 --seed 9 --keys 4 --mean-gap 2m --mean-break 20m --out-of-order 0.4 --max-delay 20m \
  > "$tmp/events"
lines=$(wc -l < "$tmp/events")
# Runs the tool whole and in two pieces cut after every line; $1 names the check.
check_every_cut() {
  local name=$1
  shift
  "$@" --lateness 30s --late "$tmp/late.whole" "$tmp/events" > "$tmp/whole" 2>/dev/null
  local late
  late=$(wc -l < "$tmp/late.whole")
  local cut
  for ((cut = 0; cut <= lines; cut++)); do
    rm -rf "$tmp/state" && mkdir "$tmp/state"
    head -n "$cut" "$tmp/events" > "$tmp/p1"
    tail -n "+$((cut + 1))" "$tmp/events" > "$tmp/p2"
    {
      "$@" --lateness 30s --state "$tmp/state" --late "$tmp/late.1" "$tmp/p1"
      "$@" --lateness 30s --state "$tmp/state" --flush --late "$tmp/late.2" "$tmp/p2"
    } 2>/dev/null | strip_control > "$tmp/pieces"
    if ! cmp -s "$tmp/whole" "$tmp/pieces" || ! cat "$tmp/late.1" "$tmp/late.2" | cmp -s - "$tmp/late.whole"; then
      bad "$name: cut after line $cut differs from one run"
      diff "$tmp/whole" "$tmp/pieces" | head -5 >&2
      return
    fi
  done
  ok "$name: $((lines + 1)) cuts equal one run ($(wc -l < "$tmp/whole") rows, $late late)"
}
check_every_cut "sessionize gap 10m" "$bin/ss-sessionize" --no-progress --key user --gap 10m --agg "$exact"
check_every_cut "window tumble 5m" "$bin/ss-window" --no-progress --tumble 5m --key user --agg "$exact"
check_every_cut "window slide 10m/2m" "$bin/ss-window" --no-progress --size 10m --slide 2m --key user --agg "$exact"
check_every_cut "window update" "$bin/ss-window" --no-progress --tumble 5m --key user --emit update --agg 'n=count'
check_every_cut "global ttl" "$bin/ss-window" --no-progress --global --key user --ttl 5m --emit final --agg "$exact"

# Behind the watermark yet in an open window or session: counted, not late.
printf '%s\n' '{"ts":"2026-11-01T00:00:00Z","u":"a"}' '{"ts":"2026-11-01T00:05:00Z","u":"a"}' \
  '{"ts":"2026-11-01T00:03:00Z","u":"a"}' > "$tmp/three"
n=$("$bin/ss-window" --no-progress --tumble 10m --lateness 1m --agg n=count "$tmp/three" 2>/dev/null | grep -c '"n":3' || true)
if [[ $n -eq 1 ]]; then ok "window counts an event behind the watermark in its open window"; else bad "window dropped an event of an open window"; fi
n=$("$bin/ss-sessionize" --no-progress --key u --gap 5m --lateness 1m "$tmp/three" 2>/dev/null | grep -c '"events":3' || true)
if [[ $n -eq 1 ]]; then ok "sessionize counts an event behind the watermark in its open session"; else bad "sessionize dropped an event of an open session"; fi

e2e_end
