#!/usr/bin/env bash
# The real Apache access log of testdata/, read by --log-format with the combined
# directives of Apache and of nginx: every line must give byte for byte what
# --format combined gives (the same fields, names, types and order), with no bad line.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin ingest_log_format_real_log
log=$src/testdata/apache-access/apache_logs
[ -f "$log" ] || e2e_abort "$log not found (it is part of the repository)"

"$bin/ss-ingest" --no-progress --strict --format combined "$log" > "$tmp/combined.ndjson"
same_as_combined() {  # same_as_combined NAME FLAGS...
  local name=$1; shift
  if "$bin/ss-ingest" --no-progress --strict "$@" "$log" > "$tmp/$name.ndjson" 2> "$tmp/$name.err" &&
    [ ! -s "$tmp/$name.err" ] && cmp -s "$tmp/combined.ndjson" "$tmp/$name.ndjson"; then
    ok "$name"
  else
    bad "$name differs from --format combined"; cat "$tmp/$name.err"
    cmp "$tmp/combined.ndjson" "$tmp/$name.ndjson" || true
  fi
}
same_as_combined apache --format apache --log-format '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"'
same_as_combined apache-pasted --format apache --log-format '%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"'
same_as_combined nginx --format nginx \
  --log-format '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"'
check_eq "--format combined reads every line" 10000 "$(wc -l < "$tmp/combined.ndjson")"
e2e_end
