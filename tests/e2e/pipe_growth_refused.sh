#!/usr/bin/env bash
# The tools grow the pipes at their standard input and output to 1 MiB (F_SETPIPE_SZ).
# A system may refuse (a lower /proc/sys/fs/pipe-max-size, a user over its pipe quota):
# ss-tools(7) says the tools then run on the pipes they were given, with the same
# output. A module loaded with LD_PRELOAD (ss-test-refuse-pipe-growth.so) makes
# F_SETPIPE_SZ fail as such a system does, and a cron pipeline with state (ss-ingest
# taking a checkpoint every 10 ms, so that several are in flight at once) writes the
# same sessions both ways.
#
# Run by CTest with SS_BIN (the built tools); exits 77 (skipped) when a tool or helper
# it needs is missing, or when this system's pipes cannot be told apart (they do not
# grow, or hold 1 MiB from the start).
set -uo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin pipe_growth_refused
e2e_need_tools ss-ingest ss-sessionize ss-sink ../tests/ss-test-pipe-size ../tests/ss-test-refuse-pipe-growth.so
cd "$tmp" || exit 1
helpers=$(cd "$bin/../tests" && pwd)
log="$src/testdata/apache-access/apache_logs"  # 2.4 MB: the pipes fill many times over
# Preloaded ahead of a sanitizer runtime (a sanitizer build of the tools), the module
# would stop them.
refused() { LD_PRELOAD="$helpers/ss-test-refuse-pipe-growth.so" ASAN_OPTIONS=verify_asan_link_order=0 "$@"; }

given=$(echo x | "$helpers/ss-test-pipe-size")
grown=$("$bin/ss-ingest" --format combined --no-progress "$log" | "$helpers/ss-test-pipe-size")
if [ "$grown" = "$given" ]; then
  echo "pipe_growth_refused: pipes here hold $given bytes either way; skipped" >&2
  exit 77
fi
check_eq "ss-ingest grows its pipe" 1048576 "$grown"
check_eq "the module refuses the growth" "$given" \
  "$(refused "$bin/ss-ingest" --format combined --no-progress "$log" | "$helpers/ss-test-pipe-size")"

pipeline() {  # pipeline DIR: the sessions of the log, with the state in DIR
  mkdir -p "$1"
  "$bin/ss-ingest" --format combined --no-progress --state "$1/state" --checkpoint-interval 10ms "$log" |
    "$bin/ss-sessionize" --key client --gap 30m --agg 'n=count, b=sum(bytes), d=distinct(path)' \
      --no-progress --state "$1/state" |
    "$bin/ss-sink" --no-progress --state "$1/state" > "$1/sessions.ndjson"
}
pipeline grown
check "the pipeline runs with grown pipes" test $? -eq 0
refused pipeline refused
check "the pipeline runs with the pipes refused" test $? -eq 0
check "some sessions were written" test -s grown/sessions.ndjson
check "the same sessions either way" cmp grown/sessions.ndjson refused/sessions.ndjson
e2e_end
