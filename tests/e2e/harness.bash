# The harness the scripts of tests/e2e source (it is not a test: CTest runs only *.sh).
# It gives each script the same frame, so that a script holds only its scenario:
#
#   . "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
#   e2e_begin NAME                 bin (SS_BIN), src (SS_SOURCE, else this checkout) and
#                                  tmp, a work folder removed at exit (SS_TEST_KEEP=1
#                                  keeps it); NAME prefixes every message
#   e2e_need_tools ss-gen ...      exit 77 (skipped) when a tool is not built
#   e2e_need_programs jq ...       exit 77 when a program is not installed
#   e2e_kill_at_exit PID...        background processes killed (SIGKILL) at exit
#   e2e_on_exit                    defined by a script: more cleanup, run first
#   ok NAME | bad NAME             one assertion passed or failed
#   check NAME COMMAND...          passes when COMMAND succeeds
#   check_eq NAME EXPECTED ACTUAL  passes when the two strings are equal
#   e2e_abort MESSAGE              a failure after which the scenario cannot go on
#   e2e_seal_snapshot TEXT SNAP    TEXT (a snapshot's header and records, as zstdcat
#                                  shows them without the trailer) sealed into SNAP as
#                                  SnapshotWriter would: a new trailer, zstd with checksum
#   e2e_end                        prints "N passed, M failed"; the script's status
#
# CTest reads exit 77 as skipped, any other non-zero status as failed, and shows the
# closing tally in its log.

e2e_name=e2e
e2e_passed=0
e2e_failed=0
e2e_pids=()

e2e_begin() {
  e2e_name=$1
  bin=${SS_BIN:?SS_BIN must name the directory of the built tools}
  bin=$(cd "$bin" && pwd) || exit 1
  src=${SS_SOURCE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/ss-$e2e_name.XXXXXX") || exit 1
  trap e2e_cleanup EXIT
}

e2e_cleanup() {
  local status=$?
  if declare -F e2e_on_exit > /dev/null; then e2e_on_exit; fi
  if [ ${#e2e_pids[@]} -gt 0 ]; then kill -9 "${e2e_pids[@]}" 2> /dev/null; fi
  if [ -n "${SS_TEST_KEEP:-}" ] && [ "${SS_TEST_KEEP}" != 0 ]; then
    echo "$e2e_name: kept $tmp" >&2
  else
    rm -rf "$tmp"
  fi
  return "$status"
}

e2e_kill_at_exit() { e2e_pids+=("$@"); }

e2e_need_tools() {
  local tool
  for tool in "$@"; do
    [ -x "$bin/$tool" ] || { echo "$e2e_name: $tool is not built in $bin; skipped" >&2; exit 77; }
  done
}

e2e_need_programs() {
  local program
  for program in "$@"; do
    command -v "$program" > /dev/null || { echo "$e2e_name: $program is not installed (scripts/install-deps); skipped" >&2; exit 77; }
  done
}

ok() {
  e2e_passed=$((e2e_passed + 1))
  if [ $# -gt 0 ]; then echo "ok   $*"; fi
}

bad() {
  e2e_failed=$((e2e_failed + 1))
  echo "FAIL $e2e_name: $*" >&2
}

check() {
  local name=$1
  shift
  if "$@"; then ok "$name"; else bad "$name"; fi
}

check_eq() {
  if [ "$2" = "$3" ]; then
    ok "$1"
  else
    bad "$1"
    printf -- '--- expected\n%s\n--- got\n%s\n' "$2" "$3" >&2
  fi
}

e2e_abort() {
  bad "$*"
  e2e_end
  exit 1
}

e2e_end() {
  echo "$e2e_name: $e2e_passed passed, $e2e_failed failed"
  [ "$e2e_failed" -eq 0 ]
}

e2e_seal_snapshot() {
  local text=$1 snap=$2 count crc
  count=$(tail -n +2 "$text" | wc -l)
  # gzip's trailer holds the zlib crc32 of its input, little-endian.
  crc=$(tail -n +2 "$text" | gzip -c | tail -c 8 | head -c 4 | od -An -tx4 | tr -d ' \n')
  printf '{"ss_trailer":true,"records":%d,"crc32":"%s"}\n' "$count" "$crc" >> "$text"
  zstd -q -f --check "$text" -o "$snap"
}
