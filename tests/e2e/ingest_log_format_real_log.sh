#!/usr/bin/env bash
# The real Apache access log of testdata/, read by --log-format with the combined
# directives of Apache and of nginx: every line must give byte for byte what
# --format combined gives (the same fields, names, types and order), with no bad line.
set -euo pipefail
bin=${SS_BIN:?} src=${SS_SOURCE:?}
log=$src/testdata/apache-access/apache_logs
[ -f "$log" ] || { echo "FAIL: $log not found (it is part of the repository)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin/ss-ingest" --no-progress --strict --format combined "$log" > "$work/combined.ndjson"
passed=0 failed=0
check() {
  local name=$1; shift
  if "$bin/ss-ingest" --no-progress --strict "$@" "$log" > "$work/$name.ndjson" 2> "$work/$name.err" &&
    [ ! -s "$work/$name.err" ] && cmp -s "$work/combined.ndjson" "$work/$name.ndjson"; then
    passed=$((passed + 1))
  else
    echo "FAIL: $name differs from --format combined"; cat "$work/$name.err"
    cmp "$work/combined.ndjson" "$work/$name.ndjson" || true
    failed=$((failed + 1))
  fi
}
check apache --format apache --log-format '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"'
check apache-pasted --format apache --log-format '%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"'
check nginx --format nginx \
  --log-format '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"'
[ "$(wc -l < "$work/combined.ndjson")" = 10000 ] || { echo "FAIL: expected 10000 events"; failed=$((failed + 1)); }
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
