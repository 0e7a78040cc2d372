#!/usr/bin/env bash
# A snapshot whose file is whole (zstd checksum, trailer count and crc32 all match) but
# one of whose records is damaged is refused by every stateful tool with exit 3 and a
# message naming the record's kind, the file and the member:
#   malformed <kind> record in <file>: <member> <problem>
# For each operator the script makes a real snapshot, rewrites one record with sed,
# seals the file again (new trailer, recompressed) and restores from it.
#
# Run by CTest with SS_BIN (the built tools); SS_TEST_KEEP=1 keeps the work directory.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin corrupt_snapshot_records
e2e_need_tools ss-gen ss-window ss-sessionize ss-join ss-detect
e2e_need_programs zstd zstdcat gzip od
export PATH=$bin:$PATH
cd "$tmp" || exit 1

ss-gen --events 3000 --keys 50 |
  sed -E 's/"status":(5[0-9][0-9])/"status":\1,"err":1/; t; s/"status":([0-9]+)/"status":\1,"err":0/' > events.ndjson
ss-gen --events 1000 --keys 50 --seed 9 > right.ndjson

# case NAME KIND MEMBER_TEXT SED_SCRIPT TOOL ARGS...: snapshot, damage, restore.
case_() {
  local name=$1 kind=$2 member=$3 script=$4
  shift 4
  rm -rf "st-$name"
  mkdir "st-$name"
  "$@" --state "st-$name" < events.ndjson > /dev/null 2> /dev/null || {
    bad "$name: the first run failed"
    return
  }
  local snap
  snap=$(ls "st-$name"/*.snap.zst | head -1)
  zstdcat "$snap" > before
  zstdcat "$snap" | sed '$d' | sed -E "$script" > damaged
  if cmp -s <(sed '$d' before) damaged; then
    bad "$name: the sed script changed nothing"
    return
  fi
  e2e_seal_snapshot damaged "$snap"
  "$@" --state "st-$name" < /dev/null > /dev/null 2> err
  local status=$?
  local want="malformed $kind record in $snap: $member"
  if [ "$status" -eq 3 ] && grep -qF -- "$want" err; then
    ok "$name"
  else
    bad "$name: exit $status, wanted 3 and a message with: $want"
    sed 's/^/  /' err >&2
  fi
}

aggs='n=count, s=sum(bytes), a=avg(latency_ms), q=quantile(latency_ms, 0.9), t=top(path, 2), d=distinct(path)'
# The run loop's record comes first in every snapshot.
case_ run-loop run-loop 'next_seq is not a non-negative integer' '2 s/"next_seq":/"next_seq":-/' \
  ss-window --tumble 1m --key user --lateness 1h
case_ window window 'watermark is missing' '3 s/"watermark":/"mark":/' ss-window --tumble 1m --key user --lateness 1h
case_ pane pane 'dirty is not true or false' '0,/"dirty":false/ s/"dirty":false/"dirty":0/' \
  ss-window --tumble 1m --key user --lateness 1h --agg "$aggs"
case_ pane-aggs pane 'aggs is not an array' '0,/"aggs":\[/ s/"aggs":\[/"aggs":"x","y":[/' \
  ss-window --tumble 1m --key user --lateness 1h --agg "$aggs"
case_ pane-sum pane 'aggs.n is not a non-negative integer' '0,/\{"n":[0-9]/ s/\{"n":([0-9])/{"n":-\1/' \
  ss-window --tumble 1m --key user --lateness 1h --agg 's=sum(bytes)'
case_ pane-top pane 'aggs is not a valid top state' '0,/\[\["s/ s/\[\["s/[["x/' \
  ss-window --tumble 1m --key user --lateness 1h --agg 't=top(path, 2)'
case_ truncated-pane 'window state' 'the record is not valid JSON' '0,/"pane":/ s/("pane":[0-9]+).*/\1/' \
  ss-window --tumble 1m --key user --lateness 1h
case_ global-key key 'dirty is not true or false' '0,/"dirty":(true|false)/ s/"dirty":(true|false)/"dirty":"no"/' \
  ss-window --global --key user --lateness 1h --agg "$aggs"
case_ sql-event 'window event' 'seq is not a non-negative integer' '0,/"seq":/ s/"seq":/"seq":-/' \
  ss-window --tumble 1m --lateness 1h --sql 'SELECT count(*) AS n FROM events'
case_ session session 'first_seq is not a non-negative integer' '0,/"first_seq":/ s/"first_seq":/"first_seq":-/' \
  ss-sessionize --key user --gap 10m --lateness 1h --agg "$aggs"
case_ session-events session 'buffered is not an array' '0,/"buffered":\[/ s/"buffered":\[/"buffered":{},"x":[/' \
  ss-sessionize --key user --gap 10m --lateness 1h --annotate
case_ join-row 'join row' 'side is neither left nor right' '0,/"side":"left"/ s/"side":"left"/"side":"middle"/' \
  ss-join --right right.ndjson --on user --within 1h --type full
case_ ewma model 'weight is not a number' '0,/"weight":/ s/"weight":/"weight":"w","x":/' \
  ss-detect --model ewma --field latency_ms --key path --half-life 10m
case_ kmeans model 'centres has 7 numbers, not 6' '0,/"centres":\[/ s/"centres":\[/"centres":[1,/' \
  ss-detect --model kmeans --features latency_ms,bytes --k 3 --half-life 10m --batch 50
case_ logreg model 'n is not positive' '0,/"n":[0-9]/ s/"n":[0-9.e+-]+/"n":0/' \
  ss-detect --model logreg --features path,method --label err
case_ detect-count 'model count' 'model_records is missing' '0,/"model_records":/ s/"model_records":/"records":/' \
  ss-detect --model threshold --field latency_ms --above 100

e2e_end
