#!/usr/bin/env bash
# The tools grow the pipes at their standard input and output to 1 MiB (F_SETPIPE_SZ).
# A system may refuse (a lower /proc/sys/fs/pipe-max-size, a user over its pipe quota):
# ss-tools(7) says the tools then run on the pipes they were given, with the same
# output. A module loaded with LD_PRELOAD (ss-test-refuse-pipe-growth.so) makes
# F_SETPIPE_SZ fail as such a system does, and the cron pipeline of the README, with
# state and checkpoints, writes the same sessions both ways.
#
# Run by CTest with SS_BIN (the built tools); exits 77 (skipped) when a tool it needs
# is missing, or when this system does not let the pipes grow at all.
set -uo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin pipe_growth_refused
e2e_need_tools ss-ingest ss-sessionize ss-sink ../tests/ss-test-pipe-size ../tests/ss-test-refuse-pipe-growth.so
cd "$tmp" || exit 1
shim=$(cd "$bin/../tests" && pwd)/ss-test-refuse-pipe-growth.so
log="$src/testdata/apache-access/apache_logs"  # 2.4 MB: the pipes fill many times over

grown=$("$bin/ss-ingest" --format combined --no-progress "$log" | "$bin/../tests/ss-test-pipe-size")
if [ "$grown" != 1048576 ]; then
  echo "pipe_growth_refused: this system keeps pipes at $grown bytes; skipped" >&2
  exit 77
fi
refused=$(LD_PRELOAD=$shim "$bin/ss-ingest" --format combined --no-progress "$log" | "$bin/../tests/ss-test-pipe-size")
check_eq "the module refuses the growth" 65536 "$refused"

pipeline() {  # pipeline DIR: the README's cron job with its state in DIR
  mkdir -p "$1"
  "$bin/ss-ingest" --format combined --no-progress --state "$1/state" "$log" |
    "$bin/ss-sessionize" --key client --gap 30m --agg 'n=count, b=sum(bytes), d=distinct(path)' \
      --no-progress --state "$1/state" |
    "$bin/ss-sink" --no-progress --state "$1/state" > "$1/sessions.ndjson"
}
pipeline grown
check "the pipeline runs with grown pipes" test $? -eq 0
LD_PRELOAD=$shim pipeline refused
check "the pipeline runs with the pipes refused" test $? -eq 0
check "some sessions were written" test -s grown/sessions.ndjson
check "the same sessions either way" cmp grown/sessions.ndjson refused/sessions.ndjson
check_eq "the same checkpoint committed" "$(cat grown/state/COMMITTED 2> /dev/null)" \
  "$(cat refused/state/COMMITTED 2> /dev/null)"
e2e_end
