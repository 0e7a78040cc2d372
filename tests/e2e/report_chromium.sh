#!/usr/bin/env bash
# ss-report's page in a real browser: headless Chromium loads it without console errors,
# draws the charts (the SVG elements are in the rendered DOM), fits a phone's width
# without sideways scrolling, runs nothing from the data (a key that is markup stays
# text), and its screenshots are not blank. Exits 77 when chromium is not installed.
set -uo pipefail
bin=${SS_BIN:?SS_BIN must name the directory of the built tools}
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "report_chromium: chromium not installed; skipped" >&2; exit 77; }
export PATH=$bin:$PATH
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0 failed=0
ok() {  # ok NAME CONDITION-STATUS
  if [ "$2" -eq 0 ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL $1"
  fi
}
# Runs headless Chromium on a page with its own profile, no network, a fixed size.
chrome() {  # chrome WIDTH,HEIGHT ARGS...
  local size=$1
  shift
  timeout 30 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/profile" \
    --host-resolver-rules='MAP * ~NOTFOUND' --enable-logging=stderr --v=0 --hide-scrollbars \
    --window-size="$size" "$@"
}

ss-gen --events 3000 | ss-sessionize --key user > "$work/sessions.ndjson"
ss-report --title 'Sessions by user' -o "$work/sessions.html" "$work/sessions.ndjson"
ok "ss-report writes the sessions page" $?
ss-gen --events 3000 | ss-window --key path --tumble 1m --agg 'n=count, p99=quantile(latency_ms, 0.99)' \
  > "$work/windows.ndjson"
# A key that is markup: escaped, it must stay text in the browser.
printf '%s\n' '{"window_start":"2026-11-01T00:00:00Z","window_end":"2026-11-01T00:01:00Z","path":"<img src=x onerror=\"document.body.dataset.pwned=1\">","n":99999,"p99":1}' \
  >> "$work/windows.ndjson"
ss-report --by n -o "$work/windows.html" "$work/windows.ndjson"
ok "ss-report writes the windows page" $?

# The rendered DOM: the charts are there.
chrome 1280,1600 --dump-dom "file://$work/sessions.html" > "$work/sessions.dom" 2> "$work/sessions.log"
ok "chromium renders the sessions page" $?
svgs=$(grep -o '<svg' "$work/sessions.dom" | wc -l)
[ "$svgs" -eq 4 ]
ok "the sessions page has four charts (got $svgs)" $?
grep -q '<polyline' "$work/sessions.dom"
ok "the sessions charts have lines" $?
grep -q '<rect class="bar"' "$work/sessions.dom"
ok "the histograms have bars" $?
if grep -Eiq 'CONSOLE|Uncaught|Failed to load|ERR_' "$work/sessions.log"; then
  grep -Ei 'CONSOLE|Uncaught|Failed to load|ERR_' "$work/sessions.log" | head -5
  ok "the sessions page loads without console errors or requests" 1
else
  ok "the sessions page loads without console errors or requests" 0
fi

chrome 1280,1600 --dump-dom "file://$work/windows.html" > "$work/windows.dom" 2> "$work/windows.log"
ok "chromium renders the windows page" $?
! grep -q 'data-pwned' "$work/windows.dom"
ok "markup in a key does not run" $?
grep -q '&lt;img src=x onerror=' "$work/windows.dom"
ok "markup in a key shows as text" $?
! grep -Eiq 'CONSOLE|Uncaught|Failed to load|ERR_' "$work/windows.log"
ok "the windows page loads without console errors or requests" $?

# On a phone's width the page does not scroll sideways: a copy of the page with a probe
# that writes the document's scroll width into the DOM.
sed 's#</body>#<script>document.body.dataset.width = document.documentElement.scrollWidth</script></body>#' \
  "$work/sessions.html" > "$work/probe.html"
width=$(chrome 390,844 --dump-dom "file://$work/probe.html" 2> /dev/null | grep -o 'data-width="[0-9]*"' | tr -dc 0-9)
[ -n "$width" ] && [ "$width" -le 390 ]
ok "the page fits a 390 px wide phone (scroll width ${width:-none})" $?

# Screenshots: written, and not blank (a blank page compresses to a few KB).
for view in 1280,1600 390,1400; do
  shot="$work/shot-${view%,*}.png"
  chrome "$view" --screenshot="$shot" "file://$work/sessions.html" > /dev/null 2>&1
  size=$(stat -c %s "$shot" 2> /dev/null || echo 0)
  [ "$size" -gt 30000 ]
  ok "the ${view%,*} px screenshot is not blank ($size bytes)" $?
done
if [ -n "${SS_REPORT_SHOTS:-}" ]; then cp "$work"/shot-*.png "$work"/*.html "$SS_REPORT_SHOTS"/; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
