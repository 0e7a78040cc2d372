#!/usr/bin/env bash
# ss-join --reload during a live run: events arrive through a FIFO while the table is
# replaced by a rename into place, rewritten in place, and then broken. Each event
# sent after the reload message must carry the new values; after the broken version
# the previous table must stay in use, with a warning.
#
# Run by CTest with SS_BIN (the built tools); exits 77 (skipped) with the reason on
# stderr when ss-join is not built. SS_TEST_KEEP=1 keeps the work directory.
set -uo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin join_reload
e2e_need_tools ss-join
pid=
e2e_on_exit() {
  [ -n "$pid" ] && kill "$pid" 2> /dev/null
  exec 3>&-
}

fail() {
  echo "--- stdout" >&2; cat "$tmp/out" >&2
  echo "--- stderr" >&2; cat "$tmp/err" >&2
  e2e_abort "$*"
}

# Waits up to 10 s for `pattern` in `file`, then fails.
wait_for() {
  local pattern=$1 file=$2 what=$3
  for _ in $(seq 1 200); do
    grep -qF -- "$pattern" "$file" 2>/dev/null && return 0
    sleep 0.05
  done
  fail "$what"
}

cd "$tmp"
printf 'id,plan\nu1,free\nu2,free\n' > users.csv
mkfifo events
"$bin/ss-join" --table users.csv --on user=id --reload < events > out 2> err &
pid=$!
exec 3> events

printf '{"ts":1,"user":"u1","n":1}\n' >&3
wait_for '{"ts":1,"user":"u1","n":1,"plan":"free"}' out "first event joined with the first table"

# 1. A new file renamed into place (another inode).
printf 'id,plan\nu1,pro\nu2,free\n' > users.csv.new
mv users.csv.new users.csv
wait_for 'reloaded, 2 rows' err "no reload after a rename into place"
printf '{"ts":2,"user":"u1","n":2}\n' >&3
wait_for '{"ts":2,"user":"u1","n":2,"plan":"pro"}' out "event after the rename did not join the new table"

# 2. The same file rewritten in place (same inode, other size and mtime).
printf 'id,plan\nu1,enterprise\nu2,free\nu3,team\n' > users.csv
wait_for 'reloaded, 3 rows' err "no reload after an in-place rewrite"
printf '{"ts":3,"user":"u3","n":3}\n' >&3
wait_for '{"ts":3,"user":"u3","n":3,"plan":"team"}' out "event after the rewrite did not join the new table"

# 3. A broken version: a warning, and the previous table stays.
printf 'id,plan\nu1,broken\nu2\n' > users.csv
wait_for 'new version not loaded, keeping the previous table' err "no warning for a broken table"
printf '{"ts":4,"user":"u1","n":4}\n' >&3
wait_for '{"ts":4,"user":"u1","n":4,"plan":"enterprise"}' out "a broken version replaced the table"

# 4. Fixed again: loaded.
printf 'id,plan\nu1,fixed\n' > users.csv
wait_for 'reloaded, 1 rows' err "no reload after the table was fixed"
printf '{"ts":5,"user":"u1","n":5}\n' >&3

exec 3>&-
wait "$pid"
status=$?
pid=
[ "$status" = 0 ] || fail "ss-join exited $status"
expected='{"ts":1,"user":"u1","n":1,"plan":"free"}
{"ts":2,"user":"u1","n":2,"plan":"pro"}
{"ts":3,"user":"u3","n":3,"plan":"team"}
{"ts":4,"user":"u1","n":4,"plan":"enterprise"}
{"ts":5,"user":"u1","n":5,"plan":"fixed"}'
[ "$(cat out)" = "$expected" ] || fail "output differs from the expected one"
ok "join reload (rename, in-place rewrite, broken version kept out)"
e2e_end
