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
. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin deb_package
e2e_need_programs cpack dpkg-deb dpkg-shlibdeps
build=$(cd "$bin/.." && pwd)

if ! cpack --config "$build/CPackConfig.cmake" -G DEB -B "$tmp/pkg" > "$tmp/cpack.log" 2>&1; then
  cat "$tmp/cpack.log"; e2e_abort "cpack failed"
fi
debs=("$tmp"/pkg/ss-tools_*.deb)
[ -f "${debs[0]}" ] || { cat "$tmp/cpack.log"; e2e_abort "no .deb made"; }
deb=${debs[0]}
echo "package: ${deb##*/}, $(wc -c < "$deb") bytes"

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libfmt libzstd libsqlite3 libpcre2-8 libstdc++6 libc6 tzdata; do
  if [[ ", $depends" == *", $lib"* ]]; then ok; else bad "Depends does not name $lib"; fi
done

dpkg -x "$deb" "$tmp/root"
root=$tmp/root/usr
for exe in "$bin"/ss-*; do
  tool=${exe##*/}
  for file in "bin/$tool" "share/man/man1/$tool.1" "share/bash-completion/completions/$tool" \
      "share/zsh/vendor-completions/_$tool"; do
    if [ -f "$root/$file" ]; then ok; else bad "$tool: no /usr/$file in the package"; fi
  done
  version=$("$root/bin/$tool" --version)
  if [[ $version =~ ^$tool\ [0-9]+\.[0-9]+\.[0-9]+\ \(commit\ ([0-9a-f]{7,}|unknown)\)$ ]]; then
    commit=${BASH_REMATCH[1]}
    if git -C "$src" rev-parse --git-dir > /dev/null 2>&1 && [ "$commit" = unknown ]; then
      bad "$tool --version: '$version' names no commit, in a git checkout"
    elif [ "$commit" != unknown ] && ! git -C "$src" cat-file -e "$commit^{commit}" 2> /dev/null; then
      bad "$tool --version: '$version': $commit is no commit of $src"
    else
      ok
    fi
  else
    bad "$tool --version printed '$version'"
  fi
done
if [ -f "$root/share/man/man7/ss-expr.7" ]; then ok; else bad "no /usr/share/man/man7/ss-expr.7 in the package"; fi
if [ -f "$root/share/man/man7/ss-tools.7" ]; then ok; else bad "no /usr/share/man/man7/ss-tools.7 in the package"; fi

# A small pipeline, once with the unpacked tools and once with the built ones.
pipeline() {  # pipeline DIR
  "$1/ss-gen" --events 20000 --keys 50 --seed 7 --format combined \
    | "$1/ss-ingest" --format combined \
    | "$1/ss-sessionize" --key client --gap 5m --agg 'n=count, bytes=sum(bytes)' \
    | "$1/ss-window" --time-field start --tumble 1h --agg 'sessions=count, n=sum(n)'
}
pipeline "$root/bin" > "$tmp/unpacked.ndjson" 2> "$tmp/unpacked.err"
pipeline "$bin" > "$tmp/built.ndjson" 2> "$tmp/built.err"
if [ -s "$tmp/unpacked.ndjson" ] && cmp -s "$tmp/unpacked.ndjson" "$tmp/built.ndjson"; then
  ok
else
  bad "the pipeline of the unpacked tools wrote $(wc -l < "$tmp/unpacked.ndjson") lines," \
    "the built tools $(wc -l < "$tmp/built.ndjson")"; head -n 5 "$tmp/unpacked.err"
fi

reply=$(PATH=$root/bin:$PATH bash --norc --noprofile -c '
  source "$1" || exit 1
  COMP_WORDS=(ss-sessionize --ga); COMP_CWORD=1
  _ss_tools ss-sessionize --ga ss-sessionize
  printf "%s\n" "${COMPREPLY[@]}"' bash "$root/share/bash-completion/completions/ss-sessionize")
if [ "$reply" = --gap ]; then ok; else bad "the unpacked bash completion offered '$reply' for ss-sessionize --ga"; fi

e2e_end
