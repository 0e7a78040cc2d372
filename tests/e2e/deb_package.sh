#!/usr/bin/env bash
# `make deb` as a user gets it: CPack builds the Debian package from the build folder
# beside SS_BIN (into a scratch folder), `dpkg -x` unpacks it into a scratch root (no
# install on the machine), and then: the package declares the shared libraries the
# tools need; it holds every tool, its man page, ss-tools(7), ss-expr(7) and both completions; each
# unpacked tool's --version names a commit of this checkout ("unknown" only outside a
# git checkout); a pipeline of the unpacked tools writes what the built ones write; the
# unpacked bash completion offers --gap for `ss-sessionize --ga<TAB>`.
# Exits 77 (skipped) when cpack or dpkg-shlibdeps is missing.
set -uo pipefail
bin=${SS_BIN:?SS_BIN must name the directory of the built tools}
src=${SS_SOURCE:?SS_SOURCE must name the repository}
build=$(cd "$bin/.." && pwd)
for program in cpack dpkg-deb dpkg-shlibdeps; do
  command -v "$program" > /dev/null || { echo "deb_package: $program not installed; skipped" >&2; exit 77; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/ss-deb-test.XXXXXX")
[ "${SS_TEST_KEEP:-}" = 1 ] || trap 'rm -rf "$work"' EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

if ! cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/pkg" > "$work/cpack.log" 2>&1; then
  cat "$work/cpack.log"; echo "FAIL cpack"; echo "0 passed, 1 failed"; exit 1
fi
debs=("$work"/pkg/ss-tools_*.deb)
[ -f "${debs[0]}" ] || { cat "$work/cpack.log"; echo "FAIL no .deb made"; echo "0 passed, 1 failed"; exit 1; }
deb=${debs[0]}
echo "package: ${deb##*/}, $(wc -c < "$deb") bytes"

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libfmt libzstd libsqlite3 libpcre2-8 libstdc++6 libc6 tzdata; do
  if [[ ", $depends" == *", $lib"* ]]; then ok; else fail "Depends does not name $lib"; fi
done

dpkg -x "$deb" "$work/root"
root=$work/root/usr
for exe in "$bin"/ss-*; do
  tool=${exe##*/}
  for file in "bin/$tool" "share/man/man1/$tool.1" "share/bash-completion/completions/$tool" \
      "share/zsh/vendor-completions/_$tool"; do
    if [ -f "$root/$file" ]; then ok; else fail "$tool: no /usr/$file in the package"; fi
  done
  version=$("$root/bin/$tool" --version)
  if [[ $version =~ ^$tool\ [0-9]+\.[0-9]+\.[0-9]+\ \(commit\ ([0-9a-f]{7,}|unknown)\)$ ]]; then
    commit=${BASH_REMATCH[1]}
    if git -C "$src" rev-parse --git-dir > /dev/null 2>&1 && [ "$commit" = unknown ]; then
      fail "$tool --version: '$version' names no commit, in a git checkout"
    elif [ "$commit" != unknown ] && ! git -C "$src" cat-file -e "$commit^{commit}" 2> /dev/null; then
      fail "$tool --version: '$version': $commit is no commit of $src"
    else
      ok
    fi
  else
    fail "$tool --version printed '$version'"
  fi
done
if [ -f "$root/share/man/man7/ss-expr.7" ]; then ok; else fail "no /usr/share/man/man7/ss-expr.7 in the package"; fi
if [ -f "$root/share/man/man7/ss-tools.7" ]; then ok; else fail "no /usr/share/man/man7/ss-tools.7 in the package"; fi

# A small pipeline, once with the unpacked tools and once with the built ones.
pipeline() {  # pipeline DIR
  "$1/ss-gen" --events 20000 --keys 50 --seed 7 --format combined \
    | "$1/ss-ingest" --format combined \
    | "$1/ss-sessionize" --key client --gap 5m --agg 'n=count, bytes=sum(bytes)' \
    | "$1/ss-window" --time-field start --tumble 1h --agg 'sessions=count, n=sum(n)'
}
pipeline "$root/bin" > "$work/unpacked.ndjson" 2> "$work/unpacked.err"
pipeline "$bin" > "$work/built.ndjson" 2> "$work/built.err"
if [ -s "$work/unpacked.ndjson" ] && cmp -s "$work/unpacked.ndjson" "$work/built.ndjson"; then
  ok
else
  fail "the pipeline of the unpacked tools wrote $(wc -l < "$work/unpacked.ndjson") lines," \
    "the built tools $(wc -l < "$work/built.ndjson")"; head -n 5 "$work/unpacked.err"
fi

reply=$(PATH=$root/bin:$PATH bash --norc --noprofile -c '
  source "$1" || exit 1
  COMP_WORDS=(ss-sessionize --ga); COMP_CWORD=1
  _ss_tools ss-sessionize --ga ss-sessionize
  printf "%s\n" "${COMPREPLY[@]}"' bash "$root/share/bash-completion/completions/ss-sessionize")
if [ "$reply" = --gap ]; then ok; else fail "the unpacked bash completion offered '$reply' for ss-sessionize --ga"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
