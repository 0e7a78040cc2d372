#!/usr/bin/env bash
# ss-sink --to postgresql:// against a real PostgreSQL 15 server that this script
# starts (scripts/pg-scratch-server: a scratch cluster in a temporary folder, listening
# only on a Unix socket there) and stops at the end:
#
#   types      a new table's columns typed from the first records; appends;
#   upsert     --id replaces the row, within a batch and across runs;
#   refused    a value the server refuses (text into a bigint column, a string into
#              a jsonb column) is a bad line naming its source and line, the rest
#              of its batch is written;
#   password   a connection string holding a password is refused with exit 2;
#   down       the server unreachable: a clear message and exit 1;
#   dropped    the sink's connection is terminated between checkpoints: it connects
#              again and the checkpoint holds every row once;
#   rollback   the database one checkpoint ahead of COMMITTED: the restart takes back
#              that checkpoint's appended rows (by the transaction ids of their
#              savepoints) and writes them once again;
#   kill       ss-ingest --state | ss-sink --state killed with SIGKILL at random
#              moments and run again: the table holds every event exactly once,
#              appending and upserting.
#
# Run by CTest with SS_BIN and SS_SOURCE; exits 77 (skipped) when the server binaries
# or a tool it needs are missing. SS_TEST_SEED picks the kill moments (default 1).
set -uo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin sink_postgresql
e2e_need_tools ss-ingest ss-sink ss-gen
e2e_need_programs jq
# shellcheck source=../../scripts/pg-scratch-server
. "$src/scripts/pg-scratch-server"
pids=()
e2e_on_exit() {
  if [ ${#pids[@]} -gt 0 ]; then kill -9 "${pids[@]}" 2> /dev/null; fi
  pg_scratch_stop
}
# The server runs as postgres when this script runs as root: it must reach its folder.
chmod 755 "$tmp"
mkdir "$tmp/pg"
pg_scratch_start "$tmp/pg"
status=$?
[ "$status" -eq 0 ] || exit "$status"
uri="postgresql:///postgres?host=$PGHOST&user=postgres"
sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 -c "$1"; }

cd "$tmp" || exit 1

# types ------------------------------------------------------------------------
cat > types.ndjson << 'END'
{"user":"a","n":1,"x":1.5,"ok":true,"tags":["p","q"],"meta":{"k":1},"note":null}
{"user":"b\tc\\d\ne","n":2,"x":2,"ok":false,"tags":[],"meta":{},"note":"later"}
END
"$bin/ss-sink" --to "$uri" --table t --no-progress types.ndjson 2> err
check_eq "types: exit status" 0 "$?"
check_eq "types: column types from the first records" \
  "user text|n bigint|x double precision|ok boolean|tags jsonb|meta jsonb|note text" \
  "$(sql "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), '|' ORDER BY attnum)
          FROM pg_attribute WHERE attrelid = 't'::regclass AND attnum > 0")"
check_eq "types: values, escapes and json" \
  'a|1|1.5|t|["p", "q"]|1|
b	c\d
e|2|2|f|[]||later' \
  "$(sql "SELECT user_, n, x, ok, tags, meta->>'k', note FROM (SELECT \"user\" AS user_, * FROM t) s ORDER BY n")"
"$bin/ss-sink" --to "$uri" --table t --no-progress types.ndjson 2>> err
check_eq "types: a second run appends" 4 "$(sql 'SELECT count(*) FROM t')"
printf '{"user":"c","n":3,"extra":7}\n' | "$bin/ss-sink" --to "pg:host=$PGHOST dbname=postgres" --table t --no-progress 2>> err
check_eq "types: pg:CONNINFO, and a new field becomes a column" "3|7" "$(sql 'SELECT n, extra FROM t WHERE extra IS NOT NULL')"

# upsert -----------------------------------------------------------------------
printf '{"id":1,"v":"a"}\n{"id":2,"v":"b"}\n{"id":1,"v":"c"}\n' > up1.ndjson
printf '{"id":2,"v":"d"}\n{"id":3,"v":"e"}\n' > up2.ndjson
"$bin/ss-sink" --to "$uri" --table u --id id --no-progress up1.ndjson 2>> err
"$bin/ss-sink" --to "$uri" --table u --id id --no-progress up2.ndjson 2>> err
check_eq "upsert: one row per id, the last record wins" "1 c,2 d,3 e" "$(sql "SELECT string_agg(id || ' ' || v, ',' ORDER BY id) FROM u")"

# refused ----------------------------------------------------------------------
{
  for i in 1 2 3; do printf '{"n":%d,"j":{"a":%d}}\n' "$i" "$i"; done
  printf '{"n":"four","j":{"a":4}}\n'
  printf '{"n":5,"j":"not json"}\n'
  for i in 6 7; do printf '{"n":%d,"j":[%d]}\n' "$i" "$i"; done
} > refused.ndjson
"$bin/ss-sink" --to "$uri" --table r --no-progress --batch-size 3 --bad-lines bad.ndjson refused.ndjson 2> rerr
check_eq "refused: exit status" 0 "$?"
check_eq "refused: the other rows are written" "1,2,3,6,7" "$(sql "SELECT string_agg(n::text, ',' ORDER BY n) FROM r")"
check_eq "refused: bad lines with source and line" "refused.ndjson:4 refused.ndjson:5" \
  "$(jq -r '"\(.source):\(.line)"' bad.ndjson | tr '\n' ' ' | sed 's/ $//')"
check_eq "refused: the reason is the server's" 1 "$(grep -c 'refused.ndjson:4: table r: invalid input syntax for type bigint' rerr)"

# password ---------------------------------------------------------------------
echo '{"a":1}' | "$bin/ss-sink" --to "postgresql://postgres:secret@localhost/postgres" --table t 2> perr
check_eq "password: exit 2" 2 "$?"
check_eq "password: the reason" 1 "$(grep -c 'holds a password' perr)"
echo '{"a":1}' | "$bin/ss-sink" --to "pg:host=/x password=secret" --table t 2> perr
check_eq "password: in a conninfo too" 2 "$?"

# down -------------------------------------------------------------------------
echo '{"a":1}' | "$bin/ss-sink" --to "postgresql:///postgres?host=$tmp/nowhere" --table t 2> derr
check_eq "down: exit 1" 1 "$?"
check_eq "down: the message names the server and the reason" 1 \
  "$(grep -c "ss-sink: postgresql:///postgres?host=$tmp/nowhere: cannot connect: .*No such file or directory" derr)"

# dropped ----------------------------------------------------------------------
# The first 100 records are written (batches of 10, flushed when the input waits),
# the sink's connection is terminated, then the other 100 follow.
{
  for i in $(seq 1 100); do printf '{"i":%d}\n' "$i"; done
  for _ in $(seq 100); do [ -e terminated ] && break; sleep 0.1; done
  for i in $(seq 101 200); do printf '{"i":%d}\n' "$i"; done
} | "$bin/ss-sink" --to "$uri" --table dr --batch-size 10 --no-progress 2> drerr &
sink=$!
for _ in $(seq 100); do
  [ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'ss-sink' AND state = 'idle in transaction'")" = 1 ] && break
  sleep 0.1
done
sql "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ss-sink') k" > /dev/null
touch terminated
wait "$sink"
check_eq "dropped: exit status" 0 "$?"
check_eq "dropped: the sink said it connected again" 1 "$(grep -c 'connected again' drerr)"
check_eq "dropped: every row once" "200|200|20100" "$(sql 'SELECT count(*), count(DISTINCT i), sum(i) FROM dr')"

# rollback ---------------------------------------------------------------------
# A crash between the database's commit of a checkpoint and the update of COMMITTED,
# made by putting back the older COMMITTED and the snapshot it names: the restart must
# take back exactly that checkpoint's appended rows and write them once again.
mkdir rb && cd rb || exit 1
rb_log() { for ((i = $1; i <= $2; i++)); do printf '{"ts":"2026-01-01T00:00:00Z","i":%d}\n' "$i"; done >> log; }
rb_run() {
  "$bin/ss-ingest" --format json --state st --no-progress log |
    "$bin/ss-sink" --to "$uri" --table rb --state st --no-progress 2>> err
}
rb_log 1 300
rb_run
cp st/COMMITTED committed.1
cp st/ingest.*.snap.zst .
rb_log 301 500
rb_run
check_eq "rollback: both runs committed" "500|125250" "$(sql 'SELECT count(*), sum(i) FROM rb')"
cp committed.1 st/COMMITTED
cp -n ingest.*.snap.zst st/
rb_run
check_eq "rollback: the restart exits 0" 0 "$?"
check_eq "rollback: every event once" "500|125250|500" "$(sql 'SELECT count(*), sum(i), count(DISTINCT i) FROM rb')"
check_eq "rollback: the restart took back the 200 rows of the checkpoint" 1 \
  "$(grep -c 'removed 200 rows appended after checkpoint' err)"
cd ..

# kill -------------------------------------------------------------------------
"$bin/ss-gen" --events 20000 --seed 3 | awk '{ sub(/^\{/, "{\"i\":" NR ","); print }' > events.ndjson
RANDOM=${SS_TEST_SEED:-1}
now_ms() { echo $(($(date +%s%N) / 1000000)); }
run_pipeline() {  # run_pipeline STATE TABLE [SINK FLAGS...]: in the background, pids in pids[]
  local st=$1 table=$2
  shift 2
  rm -f p0 p1
  mkfifo p0 p1
  "$bin/ss-ingest" --format json --state "$st" --checkpoint-interval 50ms --no-progress events.ndjson > p0 2>> kerr &
  pids=($!)
  awk '{ print } NR % 500 == 0 { fflush(); system("sleep 0.02") }' < p0 > p1 &
  pids+=($!)
  "$bin/ss-sink" --to "$uri" --table "$table" --state "$st" --no-progress "$@" < p1 2>> kerr &
  pids+=($!)
}
for mode in append upsert; do
  flags=(--no-id)
  [ "$mode" = upsert ] && flags=(--id i)
  kills=0
  for ((k = 1; k <= 8; k++)); do
    run_pipeline "st-$mode" "k_$mode" "${flags[@]}"
    sleep "0.$((RANDOM % 9 + 1))"
    if ! kill -0 "${pids[2]}" 2> /dev/null && ! kill -0 "${pids[0]}" 2> /dev/null; then
      wait "${pids[@]}" 2> /dev/null
      pids=()
      break
    fi
    if [ $((RANDOM % 2)) -eq 0 ]; then kill -9 "${pids[2]}"; else kill -9 "${pids[@]}"; fi 2> /dev/null
    { wait "${pids[@]}"; } 2> /dev/null
    pids=()
    kills=$((kills + 1))
  done
  run_pipeline "st-$mode" "k_$mode" "${flags[@]}"
  { wait "${pids[2]}"; } 2> /dev/null
  status=$?
  wait "${pids[@]}" 2> /dev/null
  pids=()
  check_eq "kill $mode: the last run exits 0 ($kills kills)" 0 "$status"
  check_eq "kill $mode: every event exactly once" "20000|20000|200010000" \
    "$(sql "SELECT count(*), count(DISTINCT i), sum(i) FROM k_$mode")"
done

e2e_end
