#!/usr/bin/env bash
# Shell completions of every tool, as built in the build folder beside SS_BIN
# (completions/bash/<tool> and completions/zsh/_<tool>): in bash, `<tool> -<TAB>`
# offers exactly the long and short flags of `<tool> --help`, `ss-sessionize --ga<TAB>`
# offers --gap, and a word without a dash is left to file names; in zsh the same flags
# reach _describe with their descriptions. Exits 77 (skipped) when zsh is missing.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin completion
e2e_need_programs zsh
completions=$bin/../completions
export PATH=$bin:$PATH

# bash: COMPREPLY for the words given, sorted, one a line.
bash_complete() {  # bash_complete TOOL WORD...
  bash --norc --noprofile -c '
    source "$1" || exit 1
    shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    func=$(complete -p "$1" | sed -E "s/.*-F ([^ ]+) .*/\1/")
    "$func" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort' bash "$completions/bash/$1" "$@"
}

# zsh: the flags handed to _describe (name:description), or FILES when _files is called.
zsh_complete() {  # zsh_complete TOOL WORD...
  zsh -f -c '
    file=$1; shift
    _call_program() { shift; eval "$*"; }
    _describe() { print -l -- "${(@P)4}"; }
    _files() { print FILES; }
    run() { local -a words; words=("$@"); local PREFIX=${words[-1]}; source $file; }
    run "$@"' zsh "$completions/zsh/_$1" "$@"
}

for exe in "$bin"/ss-*; do
  tool=${exe##*/}
  [ -f "$completions/bash/$tool" ] || { check_eq "$tool: bash completion file" present missing; continue; }
  [ -f "$completions/zsh/_$tool" ] || { check_eq "$tool: zsh completion file" present missing; continue; }
  check_eq "$tool: zsh #compdef line" "#compdef $tool" "$(head -n 1 "$completions/zsh/_$tool")"
  # The flags of --help, read here independently: every -x and --xyz in the option column.
  want=$("$exe" --help | grep -E '^  -' | awk '{print $1}' | tr ',' '\n' | LC_ALL=C sort)
  check_eq "$tool -<TAB> in bash" "$want" "$(bash_complete "$tool" "$tool" -)"
  check_eq "$tool --ver<TAB> in bash" "--version" "$(bash_complete "$tool" "$tool" --ver)"
  check_eq "$tool file<TAB> in bash offers no flag" "" "$(bash_complete "$tool" "$tool" fil)"
  check_eq "$tool -<TAB> in zsh" "$want" "$(zsh_complete "$tool" "$tool" - | cut -d: -f1 | LC_ALL=C sort)"
  check_eq "$tool file<TAB> in zsh" "FILES" "$(zsh_complete "$tool" "$tool" fil)"
done
check_eq "ss-sessionize --ga<TAB> in bash" "--gap" "$(bash_complete ss-sessionize ss-sessionize --key user --ga)"
# The description is the text after the flag's column in --help (column 31 on).
gap_help=$(ss-sessionize --help | grep -E '^  --gap ' | cut -c31-)
check_eq "ss-sessionize --ga<TAB> in zsh describes --gap" "--gap:$gap_help" \
  "$(zsh_complete ss-sessionize ss-sessionize --ga | grep '^--gap:')"

e2e_end
