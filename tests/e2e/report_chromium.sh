#!/usr/bin/env bash
# ss-report's page in a real browser: headless Chromium loads it without console errors
# or requests, draws the charts (the SVG elements are in the rendered DOM), does not
# scroll sideways at its narrowest, runs nothing from the data (a key that is markup
# stays text), and its screenshot is not blank. Two browser starts, a few seconds on
# an idle machine. Exits 77 when chromium is not installed.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin report_chromium
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "report_chromium: chromium not installed; skipped" >&2; exit 77; }
export PATH=$bin:$PATH
# passed NAME STATUS: the assertion NAME holds when STATUS, the $? of its test, is 0.
passed() { if [ "$2" -eq 0 ]; then ok "$1"; else bad "$1"; fi; }
# Runs headless Chromium on a page with its own profile, no network, a fixed size.
chrome() {  # chrome WIDTH,HEIGHT ARGS...
  local size=$1
  shift
  timeout 30 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$tmp/profile" \
    --disable-extensions --disable-background-networking --disable-component-update --disable-sync --mute-audio \
    --host-resolver-rules='MAP * ~NOTFOUND' --enable-logging=stderr --v=0 --hide-scrollbars \
    --window-size="$size" "$@"
}

ss-gen --events 3000 | ss-sessionize --key user > "$tmp/sessions.ndjson"
# A key that is markup: escaped, it must stay text in the browser.
printf '%s\n' '{"user":"<img src=x onerror=\"document.body.dataset.pwned=1\">","session_id":"x","start":"2026-11-01T00:10:00Z","end":"2026-11-01T00:20:00Z","duration":600,"events":999}' \
  >> "$tmp/sessions.ndjson"
ss-report --title 'Sessions by user' -o "$tmp/sessions.html" "$tmp/sessions.ndjson"
passed "ss-report writes the page" $?

# One load of a copy of the page with a probe that writes the document's scroll width
# and the window's width into the DOM (the page itself runs no script). Headless
# Chromium lays out at least 500 px wide; the page must not scroll sideways there.
sed 's#</body>#<script>document.body.dataset.width = document.documentElement.scrollWidth + " " + innerWidth</script></body>#' \
  "$tmp/sessions.html" > "$tmp/probe.html"
chrome 390,844 --dump-dom "file://$tmp/probe.html" > "$tmp/dom" 2> "$tmp/log"
passed "chromium renders the page" $?
svgs=$(grep -o '<svg' "$tmp/dom" | wc -l)
[ "$svgs" -eq 4 ]
passed "the page has four charts (got $svgs)" $?
grep -q '<polyline' "$tmp/dom"
passed "the charts have lines" $?
grep -q '<rect class="bar"' "$tmp/dom"
passed "the histograms have bars" $?
! grep -q 'data-pwned' "$tmp/dom"
passed "markup in a key does not run" $?
grep -q '&lt;img src=x onerror=' "$tmp/dom"
passed "markup in a key shows as text" $?
if grep -Eiq 'CONSOLE|Uncaught|Failed to load|ERR_' "$tmp/log"; then
  grep -Ei 'CONSOLE|Uncaught|Failed to load|ERR_' "$tmp/log" | head -5
  bad "the page loads without console errors or requests"
else
  ok "the page loads without console errors or requests"
fi
read -r scroll inner < <(grep -o 'data-width="[0-9]* [0-9]*"' "$tmp/dom" | tr -dc '0-9 \n')
[ -n "${scroll:-}" ] && [ "$scroll" -le "$inner" ]
passed "the page does not scroll sideways (scroll width ${scroll:-none}, window ${inner:-none})" $?

# A screenshot: written, and not blank (a blank page compresses to a few KB).
chrome 1280,1600 --screenshot="$tmp/shot.png" "file://$tmp/sessions.html" > /dev/null 2>&1
size=$(stat -c %s "$tmp/shot.png" 2> /dev/null || echo 0)
[ "$size" -gt 30000 ]
passed "the screenshot is not blank ($size bytes)" $?
if [ -n "${SS_REPORT_SHOTS:-}" ]; then cp "$tmp/shot.png" "$tmp/sessions.html" "$SS_REPORT_SHOTS"/; fi

e2e_end
