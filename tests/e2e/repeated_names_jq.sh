#!/usr/bin/env bash
# A name given twice in one object (`{"user":"a","user":"b"}`): every tool reads the
# last value, as jq does. Random events with repeated names at the top level, in nested
# objects and written with escapes, some flat (read by the one-pass scan) and some not
# (read by simdjson), are read by ss-sessionize and ss-window and by jq; the values
# each finds must agree.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/harness.bash"
e2e_begin repeated_names_jq
command -v jq > /dev/null || e2e_abort "jq not found (scripts/install-deps installs it)"

python3 - "$tmp/events.ndjson" <<'PY'
import random, sys
random.seed(7)
names = ['"user"', '"\\u0075ser"', '"v"', '"x"', '"w"']
def scalar():
    return random.choice(['"ann"', '"bob"', '"c\\u00e9"', '1', '2.5', '-0', 'true', 'null', '"x y"'])
def value(depth):
    if depth < 2 and random.random() < 0.25:
        members = [f'"k":{value(depth + 1)}' for _ in range(random.randint(1, 3))]
        if random.random() < 0.3: members.append(f'"\\u006b":{value(depth + 1)}')
        random.shuffle(members)
        return '{' + ','.join(members) + '}'
    return scalar()
with open(sys.argv[1], 'w') as out:
    for i in range(4000):
        members = [f'"ts":"2026-03-01T{10 + i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z"', f'"id":{i}']
        members += [f'{random.choice(names)}:{value(0)}' for _ in range(random.randint(1, 7))]
        random.shuffle(members)
        out.write('{' + ', '.join(members) + '}\n')
PY

# One session and one window per event (ids are unique): first() hands back the value
# found, as JSON.
"$bin/ss-sessionize" --key id --gap 1s --no-progress \
  --agg 'u=first(user), v=first(v), k=first(x.k), w=first(w)' "$tmp/events.ndjson" \
  | jq -S -c '{id, u, v, k, w}' | LC_ALL=C sort > "$tmp/ours.txt"
jq -S -c '{id, u: .user, v: .v, k: (if (.x | type) == "object" then .x.k else null end), w: .w}' "$tmp/events.ndjson" \
  | LC_ALL=C sort > "$tmp/jq.txt"
check_eq "events read" 4000 "$(wc -l < "$tmp/ours.txt")"
if cmp -s "$tmp/ours.txt" "$tmp/jq.txt"; then
  ok "ss-sessionize reads every field as jq does"
else
  diff "$tmp/jq.txt" "$tmp/ours.txt" | head -5 || true
  bad "ss-sessionize reads every field as jq does"
fi

# Keys that are objects are compared as their text, which jq does not do: left out.
"$bin/ss-window" --key user --tumble 1d --no-progress --agg 'n=count, s=sum(v)' "$tmp/events.ndjson" \
  | jq -S -c 'select(.user | type | IN("object", "array") | not) | {user, n, s}' | LC_ALL=C sort > "$tmp/window-ours.txt"
jq -s -S -c 'map(select(.user | type | IN("object", "array") | not)) | group_by(.user)[] | {user: .[0].user, n: length,
    s: (map(.v | numbers) | if length == 0 then null else add end)}' "$tmp/events.ndjson" \
  | LC_ALL=C sort > "$tmp/window-jq.txt"
if cmp -s "$tmp/window-ours.txt" "$tmp/window-jq.txt"; then
  ok "ss-window groups and sums as jq does"
else
  diff "$tmp/window-jq.txt" "$tmp/window-ours.txt" | head -5 || true
  bad "ss-window groups and sums as jq does"
fi
e2e_end
