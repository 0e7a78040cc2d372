#!/usr/bin/env bash
# ss-ingest across log rotation, every logrotate mode: create, copytruncate (with and
# without the copy named), compress, delaycompress, dateext. Between cron runs of
# `ss-ingest --state S dir/access.log*` the script rotates the log as logrotate would
# (mv, cp, truncate, gzip) and appends numbered lines; at the end every line must have
# come out exactly once and in order, with the expected warnings. Then the same while
# following (--follow) for create and copytruncate, a first run without state over
# rotated files in glob order, and unreadable inputs (a missing file, a truncated .gz).
#
# Run by CTest with SS_BIN (the built tools) and SS_SOURCE (the repository root).
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin ingest_rotation
e2e_need_programs gzip zstd zstdcat od
pid=
e2e_on_exit() { if [ -n "$pid" ]; then kill -9 "$pid" 2> /dev/null || true; fi; }

# One scenario's directory: $d/log holds the logs, $d/st the state, $d/out and $d/err
# collect every run's output.
d=
written=0
scenario() {
  d=$tmp/$1
  mkdir -p "$d/log"
  : > "$d/out"
  : > "$d/err"
  written=0
}
# Appends lines written+1 .. written+$1 to $d/log/access.log (created when missing).
write() {
  local i
  for ((i = 0; i < $1; i++)); do
    written=$((written + 1))
    printf '{"ts":"2026-11-23T10:%02d:%02dZ","n":%d}\n' $((written / 60 % 60)) $((written % 60)) "$written" \
      >> "$d/log/access.log"
  done
  # Rotations in quick succession must still differ in mtime, as real ones do.
  sleep 0.02
}
# One cron run over the glob, as the README's recipe.
cron_run() {
  local rc=0
  "$bin/ss-ingest" --format json --state "$d/st" --no-progress "$@" "$d"/log/access.log* >> "$d/out" 2>> "$d/err" || rc=$?
  [ "$rc" -eq 0 ] || bad "$d: ss-ingest exited with $rc: $(tail -n 3 "$d/err")"
  sleep 0.02
}
# Every line 1..written exactly once, in order.
check_all_once() {
  local name=$1
  grep -v '^{"_ss":' "$d/out" | sed 's/.*"n":\([0-9]*\)}$/\1/' > "$d/seen" || true
  seq 1 "$written" > "$d/all"
  if cmp -s "$d/seen" "$d/all"; then ok; else
    bad "$name: lines not exactly once in order: $(diff "$d/all" "$d/seen" | head -n 6 | tr '\n' ' ')"
  fi
}
expect_err() {
  if grep -q -- "$2" "$d/err"; then ok; else bad "$1: no warning matching '$2' in: $(cat "$d/err")"; fi
}
expect_no_err() {
  if grep -q -- "$2" "$d/err"; then bad "$1: unexpected '$2' in: $(cat "$d/err")"; else ok; fi
}

# create: rename, then a new file. The glob lists access.log before access.log.1, whose
# last lines are older.
scenario create
write 10; cron_run
write 10; mv "$d/log/access.log" "$d/log/access.log.1"; write 10; cron_run
write 10; mv "$d/log/access.log.1" "$d/log/access.log.2"; mv "$d/log/access.log" "$d/log/access.log.1"; write 10; cron_run
cron_run
check_all_once create
expect_no_err create warning

# copytruncate with the copy in the glob: the lines written after the last run and
# before the copy are read from the copy.
scenario copytruncate
write 10; cron_run
write 10; cp "$d/log/access.log" "$d/log/access.log.1"; : > "$d/log/access.log"; write 10; cron_run
write 10; mv "$d/log/access.log.1" "$d/log/access.log.2"; cp "$d/log/access.log" "$d/log/access.log.1"
: > "$d/log/access.log"; write 10; cron_run
check_all_once copytruncate
expect_no_err copytruncate warning

# copytruncate with a copy whose mtime is newer than the truncated file's (a clock step,
# a touch): the copy is still read first, from where the last run stopped.
scenario copytruncate-newer-copy
write 10; cron_run
write 10; cp "$d/log/access.log" "$d/log/access.log.1"; : > "$d/log/access.log"; write 10
touch -d '+1 minute' "$d/log/access.log.1"
cron_run
check_all_once copytruncate-newer-copy
expect_no_err copytruncate-newer-copy warning

# copytruncate naming only access.log: the lines between the last run and the copy are
# lost, and a warning says so.
scenario copytruncate-alone
write 10
"$bin/ss-ingest" --format json --state "$d/st" --no-progress "$d/log/access.log" >> "$d/out" 2>> "$d/err"
write 10; cp "$d/log/access.log" "$d/log/access.log.1"; : > "$d/log/access.log"; write 10
"$bin/ss-ingest" --format json --state "$d/st" --no-progress "$d/log/access.log" >> "$d/out" 2>> "$d/err"
got=$(grep -v '^{"_ss":' "$d/out" | sed 's/.*"n":\([0-9]*\)}$/\1/' | tr '\n' ' ')
want="$(seq 1 10 | tr '\n' ' ')$(seq 21 30 | tr '\n' ' ')"
if [ "$got" = "$want" ]; then ok; else bad "copytruncate-alone: got $got"; fi
expect_err copytruncate-alone "access.log: truncated or rewritten since the last checkpoint, which had read 361 bytes"
expect_err copytruncate-alone "is lost unless the rotated copy"

# compress: the rotated file is gzipped at once; its first bytes, decompressed, are those
# of the file read before.
scenario compress
write 10; cron_run
write 10; mv "$d/log/access.log" "$d/log/access.log.1"; gzip "$d/log/access.log.1"; write 10; cron_run
write 10; mv "$d/log/access.log.1.gz" "$d/log/access.log.2.gz"; mv "$d/log/access.log" "$d/log/access.log.1"
gzip "$d/log/access.log.1"; write 10; cron_run
check_all_once compress
expect_no_err compress warning
# The state keeps the files there are, not one position per rotation ever made.
positions=$(zstdcat "$d"/st/ingest.*.snap.zst | grep -c '"fingerprint":' || true)
check_eq "compress: positions kept" 3 "$positions"

# compress, where the .gz gets an inode the state knows: gzip frees the inode of the file
# it compresses, and a later file may get it. Made certain on any file system by giving
# the saved position of the rotated file the inode of its .gz: the .gz must continue
# after the lines read, not look like that file truncated and be read again.
scenario compress-reused-inode
write 10; cron_run
write 10; mv "$d/log/access.log" "$d/log/access.log.1"; gzip "$d/log/access.log.1"; write 10
snap=$(echo "$d"/st/ingest.*.snap.zst)
zstdcat "$snap" | sed '$d' > "$d/snapshot"
sed -E "s|(\"path\":\"[^\"]*/access\.log\",\"dev\":[0-9]+,\"ino\":)[0-9]+|\1$(stat -c %i "$d/log/access.log.1.gz")|" \
  "$d/snapshot" > "$d/reused"
if cmp -s "$d/snapshot" "$d/reused"; then bad "compress-reused-inode: the snapshot has no position of access.log"; fi
e2e_seal_snapshot "$d/reused" "$snap"
cron_run
check_all_once compress-reused-inode
expect_no_err compress-reused-inode warning

# delaycompress: the file is compressed one rotation later, after it was read as .1.
scenario delaycompress
write 10; cron_run
write 10; mv "$d/log/access.log" "$d/log/access.log.1"; write 10; cron_run
write 10; mv "$d/log/access.log.1" "$d/log/access.log.2"; gzip "$d/log/access.log.2"
mv "$d/log/access.log" "$d/log/access.log.1"; write 10; cron_run
write 5; cron_run
check_all_once delaycompress
expect_no_err delaycompress warning

# dateext (with delaycompress): dated names, later dates newer.
scenario dateext
write 10; cron_run
write 10; mv "$d/log/access.log" "$d/log/access.log-20261201"; write 10; cron_run
write 10; gzip "$d/log/access.log-20261201"; mv "$d/log/access.log" "$d/log/access.log-20261202"; write 10; cron_run
check_all_once dateext
expect_no_err dateext warning

# A first run without state over a rotated chain whose files have one mtime: .2.gz is
# oldest, then .1, then the live file.
scenario first-run
write 10; mv "$d/log/access.log" "$d/log/access.log.2"; gzip "$d/log/access.log.2"
write 10; mv "$d/log/access.log" "$d/log/access.log.1"
write 10
touch -d '2026-11-23 10:00:00' "$d"/log/*
cron_run
check_all_once first-run-same-mtime

# Following: a rename rotation (create) and a copytruncate while ss-ingest runs.
wait_for_line() {
  local deadline=$((SECONDS + 20))
  until grep -q "\"n\":$1}" "$d/out"; do
    [ $SECONDS -lt $deadline ] || { bad "$d: line $1 did not come out while following"; return 1; }
    sleep 0.05
  done
}
for mode in create copytruncate; do
  scenario "follow-$mode"
  write 10
  "$bin/ss-ingest" --follow --format json --state "$d/st" --poll-interval 20ms --no-progress "$d/log/access.log" \
    >> "$d/out" 2>> "$d/err" &
  pid=$!
  wait_for_line 10 || true
  for round in 1 2 3; do
    if [ "$mode" = create ]; then
      write 5; mv "$d/log/access.log" "$d/log/access.log.$round"
    else
      wait_for_line "$written" || true
      cp "$d/log/access.log" "$d/log/access.log.$round"; : > "$d/log/access.log"
    fi
    write 10
    wait_for_line "$written" || true
  done
  kill -TERM "$pid"; wait "$pid" || bad "follow-$mode: ss-ingest exited with $?"; pid=
  check_all_once "follow-$mode"
done

# Unreadable inputs. A missing file: exit 1 before anything is read; --skip-unreadable
# reads the others.
scenario missing
write 10
rc=0
"$bin/ss-ingest" --format json --state "$d/st" "$d/log/access.log" "$d/log/gone.log" > "$d/out" 2> "$d/err" || rc=$?
if [ "$rc" -eq 1 ] && ! grep -q '"n":' "$d/out"; then ok; else bad "missing: exit $rc, output $(head -c 200 "$d/out")"; fi
expect_err missing "gone.log: No such file or directory; nothing was read"
if compgen -G "$d/st/ingest.*.snap.zst" > /dev/null; then bad "missing: a snapshot was written"; else ok; fi
rc=0
"$bin/ss-ingest" --format json --skip-unreadable "$d/log/access.log" "$d/log/gone.log" > "$d/out" 2> "$d/err" || rc=$?
[ "$rc" -eq 0 ] && check_all_once missing-skip || bad "missing --skip-unreadable: exit $rc"
expect_err missing-skip "gone.log: No such file or directory; skipped"

# A truncated .gz: every complete line before the damage (as many as zcat recovers), a
# warning, exit 1, and the file after it is not read; --skip-unreadable reads it.
scenario damaged
write 5000
gzip -c "$d/log/access.log" > "$d/whole.gz"
head -c 20000 "$d/whole.gz" > "$d/log/a.gz"
printf '{"ts":"2026-11-24T00:00:00Z","n":99999}\n' > "$d/log/b.log"
whole=$( (gzip -dc "$d/log/a.gz" 2> /dev/null || true) | wc -l)
rc=0
"$bin/ss-ingest" --format json "$d/log/a.gz" "$d/log/b.log" > "$d/out" 2> "$d/err" || rc=$?
got=$(grep -c '"n":' "$d/out" || true)
if [ "$rc" -eq 1 ] && [ "$got" -eq "$whole" ] && [ "$whole" -gt 100 ]; then ok; else
  bad "damaged: exit $rc, $got lines where gzip -d recovers $whole"
fi
expect_err damaged "a.gz: compressed data is truncated; read the $whole lines before the damage"
if grep -q '"n":99999' "$d/out"; then bad "damaged: the input after the damaged one was read"; else ok; fi
rc=0
"$bin/ss-ingest" --format json --skip-unreadable "$d/log/a.gz" "$d/log/b.log" > "$d/out" 2> "$d/err" || rc=$?
if [ "$rc" -eq 0 ] && grep -q '"n":99999' "$d/out"; then ok; else bad "damaged --skip-unreadable: exit $rc"; fi

e2e_end
