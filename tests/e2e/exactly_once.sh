#!/usr/bin/env bash
# Exactly-once from log file to sink, under faults. A generated log goes through
#
#   ss-ingest --format json --state st --checkpoint-interval 50ms log
#     | ss-sessionize --key user --state st | ss-sink --to DEST --state st
#
# and the pipeline is broken again and again at random moments, each time started
# again on the same state directory. A last run with `ss-sessionize --flush` closes
# the open sessions. The sink's content must then equal that of a run that was never
# interrupted: every session once, none lost, none twice.
#
# Scenarios (the argument; CTest runs each through its own exactly_once_*.sh):
#   kill       SIGKILL of one random stage (the others see end of input or a closed
#              pipe and react as they would in production), or of all three at once
#              (a machine that loses power). The default.
#   sigterm    SIGTERM to every stage at once, as Ctrl-C or a service stop sends it:
#              every stage must exit 0, and the restart must go on where it stopped.
#   disk-full  the sink's destination runs out of room (a file size limit, ulimit -f,
#              which fails writes with EFBIG as a full disk fails them with ENOSPC):
#              ss-sink must exit 1 naming the file and commit nothing incomplete; a
#              run with room afterwards completes the output.
#
# Destinations: SQLite with upserts on session_id (the default), SQLite appending
# (--no-id, where a duplicate would show as a second row), and zstd part files
# partitioned by day (where a duplicate would show as a second line).
#
# SS_TEST_SEED picks the random moments (default 1), SS_TEST_ROUNDS the rounds of
# kills per destination (default 3), SS_TEST_RUNS the SIGTERMs per destination
# (default 5), SS_TEST_KEEP=1 keeps the work directory. Run by CTest with SS_BIN (the built tools) and SS_SOURCE (the repository
# root); exits 77 (skipped) with the reason on stderr when a tool it needs is not built.
set -uo pipefail

scenario=${1:-kill}
. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin "exactly_once_${scenario//-/_}"
e2e_need_tools ss-gen ss-ingest ss-sessionize ss-sink
e2e_need_programs sqlite3 zstdcat
pids=()
throttle=
e2e_on_exit() {
  if [ ${#pids[@]} -gt 0 ]; then kill -9 "${pids[@]}" $throttle 2> /dev/null; fi
}
RANDOM=${SS_TEST_SEED:-1}
stage_names=(ss-ingest ss-sessionize ss-sink)

# A failure ends the scenario: the runs after it would start from a broken state.
fail() { e2e_abort "$*"; }
note() { echo "$*" >> "$tmp/log"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }
committed() { cat "$1/st/COMMITTED" 2>/dev/null || echo none; }

# start_pipeline DIR SINK_FLAGS SESSIONIZE_EXTRA [SINK_PREFIX]: the three stages,
# connected by named pipes so that each has a pid of its own; stderr to DIR/err.
# Between ss-ingest and ss-sessionize a third-party filter passes lines on in slices
# (as any filter in a pipeline may): a run then lasts about a second instead of a few
# milliseconds, and takes a few dozen checkpoints that the kills can fall between.
start_pipeline() {
  local dir=$1 sink_flags=$2 extra=$3 prefix=${4:-}
  rm -f "$dir/p0" "$dir/p1" "$dir/p2"
  mkfifo "$dir/p0" "$dir/p1" "$dir/p2"
  "$bin/ss-ingest" --format json --state "$dir/st" --checkpoint-interval 50ms --no-progress \
    "$tmp/log.ndjson" > "$dir/p0" 2>> "$dir/err" &
  pids[0]=$!
  awk '{ print } NR % 400 == 0 { fflush(); system("sleep 0.02") }' < "$dir/p0" > "$dir/p1" 2> /dev/null &
  throttle=$!
  # shellcheck disable=SC2086  # the flags are words
  "$bin/ss-sessionize" --key user --state "$dir/st" $extra --no-progress < "$dir/p1" > "$dir/p2" 2>> "$dir/err" &
  pids[1]=$!
  # shellcheck disable=SC2086
  bash -c "$prefix exec \"\$@\"" ss-sink "$bin/ss-sink" $sink_flags --state "$dir/st" --no-progress \
    < "$dir/p2" 2>> "$dir/err" &
  pids[2]=$!
}

# wait_pipeline: waits for the three stages; their exit statuses in statuses[].
wait_pipeline() {
  statuses=()
  local i
  for i in 0 1 2; do
    # The braces keep bash's "Killed" job notices out of the test's output.
    { wait "${pids[$i]}"; } 2> /dev/null
    statuses[$i]=$?
  done
  { wait "$throttle"; } 2> /dev/null
  pids=()
}

show_err() {
  echo "--- $1/err (last 20 lines):" >&2
  tail -n 20 "$1/err" >&2
  echo "--- runs:" >&2
  tail -n 30 "$tmp/log" >&2
}

expect_clean_exit() {
  local i
  for i in 0 1 2; do
    if [ "${statuses[$i]}" -ne 0 ]; then
      show_err "$1"
      fail "$2: ${stage_names[$i]} exited ${statuses[$i]}"
    fi
  done
}

# After a kill: 137 for a killed stage, 0 for one that saw end of input or a closed
# pipe, and 1 for a stage after the killed one ($3) whose input ended after events
# without the final barrier (it says so, for scripts without pipefail). Anything
# else (3, 70) is a failure the stage noticed, which a kill must never cause.
expect_no_failure() {
  local i
  for i in 0 1 2; do
    case ${statuses[$i]} in
      0 | 137) ;;
      1)
        if [ "$i" -le "$3" ] || ! grep -qE "input ended without (the|a) final checkpoint barrier" "$1/err"; then
          show_err "$1"
          fail "$2: ${stage_names[$i]} exited 1"
        fi ;;
      *) show_err "$1"; fail "$2: ${stage_names[$i]} exited ${statuses[$i]}" ;;
    esac
  done
}

# content DIR NAME: the sink's committed output, one session per line, sorted.
content() {
  local dir=$1 name=$2
  case $name in
    sqlite-*)
      sqlite3 -batch "$dir/out.db" \
        "SELECT user, session_id, start, \"end\", duration, events FROM sessions ORDER BY session_id, rowid"
      ;;
    files)
      if find "$dir/out" -name '.*.inprogress' | grep -q .; then fail "$name: in-progress files left behind"; fi
      find "$dir/out" -name 'part-*.ndjson.zst' -exec zstdcat -q {} + | LC_ALL=C sort
      ;;
  esac
}

compare() {
  if ! cmp -s "$1" "$2"; then
    echo "--- sessions missing (<) or extra (>):" >&2
    diff "$1" "$2" | head -n 20 >&2
    show_err "${2%.content}"
    fail "$3: the sink's content differs from the uninterrupted run's"
  fi
}

# reference NAME FLAGS: the output of one uninterrupted run; sets duration (ms).
reference() {
  local ref=$tmp/$1-reference t0
  mkdir -p "$ref"
  t0=$(now_ms)
  start_pipeline "$ref" "$2" --flush
  wait_pipeline
  expect_clean_exit "$ref" "$1: uninterrupted run"
  duration=$(($(now_ms) - t0))
  content "$ref" "$1" > "$ref.content"
  [ -s "$ref.content" ] || fail "$1: the uninterrupted run wrote nothing"
}

# finish NAME DIR FLAGS RUNS: the last run with --flush, then the comparison.
finish() {
  start_pipeline "$2" "$3" --flush
  wait_pipeline
  expect_clean_exit "$2" "$1: last run"
  content "$2" "$1" > "$2.content"
  compare "$tmp/$1-reference.content" "$2.content" "$1 after $4"
  note "ok $scenario $1: $(wc -l < "$2.content") sessions, equal after $4"
}

# all_done: true when every stage of the current run has exited by itself.
all_done() {
  local pid
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then return 1; fi
  done
  return 0
}

# A round starts from an empty state directory and breaks the pipeline until a run
# gets to the end of the log before its kill, at most 8 times; then the last run.
scenario_kill() {
  local name=$1 dir=$2 flags=$3 rounds=${SS_TEST_ROUNDS:-3} round k victim what kills=0
  for ((round = 1; round <= rounds; round++)); do
    rm -rf "$dir" "$dir.content"
    mkdir -p "$dir"
    for ((k = 1; k <= 8; k++)); do
      start_pipeline "$dir" "$flags" ""
      # Mostly while the run works, now and then during its start and recovery.
      sleep_ms $((RANDOM % (duration + 20)))
      if all_done; then
        wait_pipeline
        note "$name: round $round run $k: finished before its kill; exit ${statuses[*]}; $(committed "$dir")"
        expect_clean_exit "$dir" "$name round $round run $k"
        break
      fi
      victim=$((RANDOM % 4))
      if [ "$victim" -eq 3 ]; then
        kill -9 "${pids[@]}" 2>/dev/null
        what="all stages"
        # Killed one after another: a later stage may see its input end (and exit 1,
        # saying so) before its own SIGKILL lands, as after a kill of the first stage.
        victim=0
      else
        kill -9 "${pids[$victim]}" 2>/dev/null
        what=${stage_names[$victim]}
      fi
      wait_pipeline
      kills=$((kills + 1))
      note "$name: round $round run $k: SIGKILL $what; exit ${statuses[*]}; $(committed "$dir")"
      expect_no_failure "$dir" "$name round $round run $k (SIGKILL $what)" "$victim"
    done
    finish "$name" "$dir" "$flags" "round $round"
  done
  ok "$scenario $name: $kills SIGKILLs in $rounds rounds"
}

scenario_sigterm() {
  local name=$1 dir=$2 flags=$3 runs=${SS_TEST_RUNS:-5} k
  for ((k = 1; k <= runs; k++)); do
    start_pipeline "$dir" "$flags" ""
    # Not in the first 200 ms: a process killed before it could install its signal
    # handlers dies of the signal (143), which the kill scenario covers.
    sleep_ms $((200 + RANDOM % (duration + 40)))
    kill -TERM "${pids[@]}" 2>/dev/null
    wait_pipeline
    note "$name: run $k: SIGTERM; exit ${statuses[*]}; $(committed "$dir")"
    expect_clean_exit "$dir" "$name run $k (SIGTERM)"
  done
  finish "$name" "$dir" "$flags" "$runs SIGTERMs"
  ok "$scenario $name: $runs SIGTERMs"
}

scenario_disk_full() {
  local name=$1 dir=$2 flags=$3 before after limit=40
  # The limit is per file (in KiB): room for some checkpoints of the database (about
  # 100 KiB at the end) but not for all of them; less than one compressed part of 300
  # sessions (a part per checkpoint is about 4 KiB).
  [ "$name" = files ] && limit=2
  start_pipeline "$dir" "$flags" "" "ulimit -f $limit;"
  wait_pipeline
  note "$name: disk full; exit ${statuses[*]}; $(committed "$dir")"
  [ "${statuses[2]}" -eq 1 ] || { show_err "$dir"; fail "$name: ss-sink exited ${statuses[2]} on a full disk, not 1"; }
  # SQLite reports a failed write as "disk I/O error" (EFBIG) or "database or disk is
  # full" (ENOSPC), with the system's reason when it kept one.
  grep -qE "File too large|disk I/O error|disk is full" "$dir/err" ||
    { show_err "$dir"; fail "$name: no message saying the write failed"; }
  case $name in
    files)
      grep -qE "ss-sink: .*out/dt=[0-9-]+/\.part-[0-9]+\.ndjson\.zst\.inprogress: write failed: File too large" "$dir/err" ||
        { show_err "$dir"; fail "$name: the message does not name the part file"; } ;;
    *)
      grep -q "ss-sink: $dir/out.db: " "$dir/err" || { show_err "$dir"; fail "$name: the message does not name the database"; } ;;
  esac
  # Nothing of the failed checkpoint is visible: parts and rows belong to checkpoints
  # up to COMMITTED only.
  before=$(committed "$dir")
  case $name in
    files)
      if find "$dir/out" -name '.*.inprogress' | grep -q .; then fail "$name: in-progress files left behind"; fi
      local c=${before//[^0-9]/} part id
      for part in $(find "$dir/out" -name 'part-*'); do
        id=${part##*/part-}
        id=${id%%-*}
        [ "$id" -le "$c" ] || fail "$name: part $part of checkpoint $id is visible, COMMITTED is $c"
        zstdcat -q "$part" > /dev/null || fail "$name: committed part $part is not a complete zstd frame"
      done ;;
    *)
      after=$(sqlite3 -batch "$dir/out.db" "SELECT checkpoint FROM _ss_sink_checkpoints" 2>/dev/null)
      # No COMMITTED yet is checkpoint 0: the disk filled before the sink's first commit.
      [ "{\"checkpoint\":${after:-0}}" = "$before" ] || { [ "$before" = none ] && [ -z "$after" ]; } ||
        fail "$name: the database holds checkpoint ${after:-none}, COMMITTED is $before" ;;
  esac
  finish "$name" "$dir" "$flags" "a full disk"
  ok "$scenario $name: exit 1 on a full disk, nothing incomplete committed, completed afterwards"
}

"$bin/ss-gen" --events 20000 --seed 1 > "$tmp/log.ndjson"

destinations=(
  "sqlite-upsert|--to sqlite:OUT/out.db --table sessions"
  "sqlite-append|--to sqlite:OUT/out.db --table sessions --no-id"
  "files|--to file:OUT/out/dt=%Y-%m-%d/part.ndjson.zst --max-records 300"
)
case $scenario in
  kill | sigterm | disk-full) ;;
  *) fail "unknown scenario $scenario (kill, sigterm or disk-full)" ;;
esac

for entry in "${destinations[@]}"; do
  name=${entry%%|*}
  ref_flags=${entry#*|}
  reference "$name" "${ref_flags//OUT/$tmp/$name-reference}"
  dir=$tmp/$name
  mkdir -p "$dir"
  "scenario_${scenario//-/_}" "$name" "$dir" "${ref_flags//OUT/$dir}"
done
e2e_end
