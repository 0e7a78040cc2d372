#!/usr/bin/env bash
# ss-sink's recovery and dead letters in real pipelines (ss-ingest --state | ss-sink --state):
#
#   rowid      records with a field named rowid; a crash between the SQLite commit of
#              a checkpoint and the update of COMMITTED (simulated by putting back the
#              older COMMITTED and the snapshot it names): the restart must take back
#              exactly that checkpoint's rows and write them once again;
#   pipelines  two pipelines, each with its own state directory and the default
#              --name, append to one table: neither may delete the other's rows;
#   dead       a field name with a NUL (SQLite) and a template value over 255 bytes
#              (files) are bad lines naming source and line; the rest is committed,
#              and the next run commits again;
#   forgotten  COMMITTED and the sink's record both deleted: the database's own
#              bookkeeping still says what was committed, so the run is refused
#              (exit 3) instead of rolling the table back to nothing;
#   early      an upstream stage that stops early (head cuts the stream): ss-sink exits
#              1 without pipefail, and a full run afterwards completes the output;
#   late       ss-sink starts after ss-ingest took three checkpoints or more (before
#              COMMITTED exists an upstream stage keeps only its newest snapshot) and
#              sees only the first two barriers: it must not commit a checkpoint whose
#              snapshot is gone, or the next run finds nothing to restore (exit 3).
#
# Run by CTest with SS_BIN (the built tools); exits 77 (skipped) when a tool it needs
# is missing.
set -uo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin sink_recovery
e2e_need_tools ss-ingest ss-sink
e2e_need_programs sqlite3 jq
cd "$tmp" || exit 1
log() {
  local i
  for ((i = $2; i <= $3; i++)); do
    printf '{"ts":"2026-01-01T00:00:00Z","rowid":%d,"i":%d%s}\n' $((1000 - i)) "$i" "${4:-}"
  done >> "$1"
}
pipeline() {  # pipeline STATE LOG DB [SINK FLAGS...]
  local st=$1 input=$2 db=$3
  shift 3
  "$bin/ss-ingest" --format json --state "$st" --no-progress "$input" |
    "$bin/ss-sink" --to "sqlite:$db" --table t --state "$st" --no-progress "$@"
}

# rowid ------------------------------------------------------------------------
mkdir rowid && cd rowid || exit 1
log log 1 300
pipeline st log out.db 2> err
cp st/COMMITTED committed.1
cp st/ingest.*.snap.zst .
log log 301 500
pipeline st log out.db 2>> err
check_eq "rowid: both runs committed" "500|125250" "$(sqlite3 out.db 'SELECT count(*), sum(i) FROM t')"
# The crash: the database holds the second run's checkpoint, COMMITTED the first's.
cp committed.1 st/COMMITTED
cp -n ingest.*.snap.zst st/
pipeline st log out.db 2>> err
check_eq "rowid: exit status of the restart" "0" "$?"
check_eq "rowid: every event once after the restart" "500|125250|500" \
  "$(sqlite3 out.db 'SELECT count(*), sum(i), count(DISTINCT i) FROM t')"
grep -q "removed 200 rows appended after checkpoint" err
check_eq "rowid: the restart took back the 200 rows of the checkpoint" "0" "$?"
cd ..

# pipelines --------------------------------------------------------------------
mkdir pipelines && cd pipelines || exit 1
log a 1 1000
log b 1001 1010
pipeline st-a a out.db 2> err
pipeline st-b b out.db 2>> err
check_eq "pipelines: the second pipeline exits 0" "0" "$?"
check_eq "pipelines: the first pipeline's rows stay" "1010|510555" "$(sqlite3 out.db 'SELECT count(*), sum(i) FROM t')"
check_eq "pipelines: no rows removed" "0" "$(grep -c removed err)"
# A file template: the second pipeline is refused instead of replacing the parts.
"$bin/ss-ingest" --format json --state st-a --no-progress a |
  "$bin/ss-sink" --to 'file:parts/part.ndjson' --state st-a --no-progress 2>> err
"$bin/ss-ingest" --format json --state st-b --no-progress b |
  "$bin/ss-sink" --to 'file:parts/part.ndjson' --state st-b --no-progress 2>> err
check_eq "pipelines: another pipeline's template is refused with exit 3" "3" "$?"
cd ..

# dead -------------------------------------------------------------------------
mkdir dead && cd dead || exit 1
log log 1 10
printf '{"ts":"2026-01-01T00:00:00Z","i":11,"a\\u0000b":1}\n' >> log
log log 12 20
pipeline st log out.db --bad-lines bad.ndjson 2> err
check_eq "dead: SQLite run exits 0" "0" "$?"
check_eq "dead: the other records are committed" "19" "$(sqlite3 out.db 'SELECT count(*) FROM t')"
# Line 12 of the sink's input: ss-ingest sends a barrier first.
check_eq "dead: the NUL field name is a bad line with source and line" "<stdin>:12" "$(jq -r '"\(.source):\(.line)"' bad.ndjson)"
log log 21 22
pipeline st log out.db --bad-lines bad2.ndjson 2>> err
check_eq "dead: the next run commits again" "21" "$(sqlite3 out.db 'SELECT count(*) FROM t')"
long=$(printf 'x%.0s' $(seq 300))
log flog 1 5 ",\"user\":\"u\""
log flog 6 6 ",\"user\":\"$long\""
log flog 7 9 ",\"user\":\"u\""
"$bin/ss-ingest" --format json --state fst --no-progress flog |
  "$bin/ss-sink" --to 'file:out/{user}.ndjson' --state fst --bad-lines fbad.ndjson --no-progress 2>> err
check_eq "dead: files run exits 0" "0" "$?"
check_eq "dead: the other records are in the part" "8" "$(cat out/u-*.ndjson | wc -l)"
check_eq "dead: the long value is a bad line" "<stdin>:7" "$(jq -r '"\(.source):\(.line)"' fbad.ndjson)"
cd ..

# early ------------------------------------------------------------------------
mkdir early && cd early || exit 1
# More than a pipe (1 MiB, as the tools grow it) and ss-ingest's 1 MiB output buffer
# hold: ss-ingest is still writing when head goes away.
log log 1 60000
# Without pipefail, as a careless cron script: the sink's status is the pipeline's.
set +o pipefail
"$bin/ss-ingest" --format json --state st --no-progress log | head -n 100 |
  "$bin/ss-sink" --to sqlite:out.db --table t --state st --no-progress 2> err
status=$?
set -o pipefail
check_eq "early: the sink exits 1 when upstream stops early" "1" "$status"
grep -q "input ended without the final checkpoint barrier after checkpoint" err
check_eq "early: the message says so" "0" "$?"
pipeline st log out.db 2>> err
check_eq "early: a full run afterwards exits 0" "0" "$?"
check_eq "early: every event once" "60000|60000" "$(sqlite3 out.db 'SELECT count(*), count(DISTINCT i) FROM t')"
cd ..

# late -------------------------------------------------------------------------
mkdir late && cd late || exit 1
# snapshots_from N: true once ss-ingest holds a snapshot from checkpoint N on and none
# before it (before COMMITTED exists it keeps only its newest).
snapshots_from() {
  local ids
  ids=$(ls st 2> /dev/null | sed -n 's/^ingest\.\([0-9]*\)\.snap\.zst$/\1/p')
  [ -n "$ids" ] && [ "$(printf '%s\n' "$ids" | sort -n | head -n 1)" -ge "$1" ]
}
wait_for_snapshots_from() {
  local i
  for ((i = 0; i < 600; i++)); do
    snapshots_from "$1" && return 0
    sleep 0.05
  done
  echo "late: ss-ingest took no snapshot from checkpoint $1 on in 30 s" >&2
  return 1
}
log log 1 10
"$bin/ss-ingest" --format json --follow --checkpoint-interval 10ms --state st --no-progress log \
  > ingested 2> err.ingest &
ingest=$!
wait_for_snapshots_from 1
log log 11 20
wait_for_snapshots_from 2
log log 21 30
wait_for_snapshots_from 3
kill -TERM "$ingest"
wait "$ingest"
check_eq "late: ss-ingest stops cleanly" "0" "$?"
# The sink starts only now, and sees the stream up to the second barrier (the first
# may come before any event): ss-ingest holds no snapshot for either any more.
awk 'BEGIN { pass = 1 } { if (pass) print } /"_ss":"checkpoint"/ && ++barriers == 2 { pass = 0 }' ingested |
  "$bin/ss-sink" --to sqlite:out.db --table t --state st --no-progress 2> err
check_eq "late: the sink says its input ended before a barrier it could commit" "1" "$?"
check_eq "late: the sink committed no checkpoint whose snapshot is gone" "0" "$(jq .checkpoint st/COMMITTED)"
check_eq "late: the exit message says why no barrier was committed" "1" \
  "$(grep -c 'could not be committed (stage ingest has no snapshot for it) and the input ended before a later one' err)"
pipeline st log out.db 2>> err
check_eq "late: the next run exits 0" "0" "$?"
check_eq "late: every event once" "30|30" "$(sqlite3 out.db 'SELECT count(*), count(DISTINCT i) FROM t')"
cd ..

# forgotten --------------------------------------------------------------------
mkdir forgotten && cd forgotten || exit 1
log log 1 50
pipeline st log out.db 2> err
rm st/COMMITTED st/sink.stage
log log 51 60
"$bin/ss-ingest" --format json --state st --no-progress log 2> /dev/null |
  "$bin/ss-sink" --to sqlite:out.db --table t --state st --no-progress 2> err
check_eq "forgotten: the sink refuses with exit 3" 3 "$?"
check_eq "forgotten: the message names the database's checkpoint" 1 "$(grep -c 'COMMITTED is missing, yet out.db holds checkpoint' err)"
check_eq "forgotten: the committed rows stay" 50 "$(sqlite3 out.db 'SELECT count(*) FROM t')"
cd ..

e2e_end
