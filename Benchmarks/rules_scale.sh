#!/usr/bin/env bash
# Lint and reload time for the shipped rules and for a generated rule set ten times larger
# (each category but crisis copied ten times under new ids). Prints figures; asserts nothing.
#   Benchmarks/rules_scale.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product haven --product haven-serve >&2
haven=$PWD/.build/release/haven
big=$(mktemp -d)
cp Prompts/topics.yaml Prompts/safety.yaml Prompts/fallback.yaml Prompts/lexicon.yaml Prompts/dialogue.yaml "$big"/
for file in Prompts/*.yaml; do
  name=$(basename "$file" .yaml)
  case $name in topics|safety|fallback|lexicon|dialogue) continue ;; esac
  for copy in 0 1 2 3 4 5 6 7 8 9; do
    # The safety tier is one category; the other nine are copied ten times each.
    if [ "$name" = crisis ]; then [ "$copy" = 0 ] && cp "$file" "$big/crisis.yaml"; continue; fi
    # New category, rule and guard ids: "criticism" -> "criticism3", "criticism.x" -> "criticism3.x".
    sed -E "s/^category: ${name}\$/category: ${name}${copy}/; s/(id: )${name}\\./\\1${name}${copy}./" "$file" > "$big/${name}${copy}.yaml"
  done
done
time_of() { local start end; start=$(date +%s%N); "$@" > /dev/null; end=$(date +%s%N); echo $(( (end - start) / 1000000 )); }
for dir in Prompts "$big"; do
  stats=$("$haven" rules lint --stats "$dir" | head -1)
  lint=$(time_of "$haven" rules lint "$dir")
  echo "$(basename "$dir"): $stats"
  echo "  haven rules lint: ${lint} ms (whole process)"
  # Reload as a running server does it: SIGHUP, then read the reload time from its log.
  log=$(mktemp)
  "$PWD/.build/release/haven-serve" --rules "$dir" --state :memory: --tcp 127.0.0.1:0 --log-level notice > /dev/null 2> "$log" &
  pid=$!
  sleep 3
  kill -HUP "$pid"; sleep 3; kill -HUP "$pid"; sleep 3
  kill -TERM "$pid"; wait "$pid" || true
  grep -o 'haven.rules.reload_ms=[0-9]*' "$log" | sed 's/.*=/  reload (load, compile, examples): /; s/$/ ms/'
  rm -f "$log"
done
rm -rf "$big"
