#!/usr/bin/env bash
# Throughput, cold start and peak memory of `haven reflect`, side by side with the Python
# regex baseline (../shared/peers/regex_rules.py), pinned to one core.
#
#   Benchmarks/reflect.sh [SHARED_DIR]     (default: ../shared beside the checkout; RUNS=7 turns each;
#                                           HAVEN=binary to skip the build, BENCH_OUT=results folder)
#
# Prints a table; nothing here asserts a time. Needs: python3, GNU time (apt: time).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
shared=$(cd "$shared" && pwd)
out=${BENCH_OUT:-bench-results}
mkdir -p "$out"
out=$(cd "$out" && pwd)
command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null 2>&1 || true; }
# HAVEN=path/to/haven measures that binary instead of building this checkout's (for old/new
# comparisons: run the script once per binary, in one sitting, BENCH_OUT apart).
haven=${HAVEN:-}
if [ -z "$haven" ]; then
  swift build -c release --product haven >&2
  haven=.build/release/haven
fi
# A cache of compiled rules of its own, so runs do not depend on (or touch) ~/.cache.
export HAVEN_CACHE_DIR="$out/rule-cache"
pin="taskset -c 0"
command -v taskset >/dev/null || pin=""

# Corpora: the synthetic 100k, and the real messages repeated to at least 100,000 lines.
synthetic="$shared/bench/corpus-100k.txt"
real="$out/real-100k.txt"
if [ ! -s "$real" ]; then
  : > "$real"
  while [ "$(wc -l < "$real")" -lt 100000 ]; do cat "$shared/corpus/real-messages.txt" >> "$real"; done
fi

# Wall time (seconds) of one run of a command reading a file.
once() { # file, command...
  local file=$1 start end
  shift
  start=$(date +%s.%N)
  $pin "$@" < "$file" > "$out/last-output.txt"
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
best() { sort -n | head -1; }
timed() { # file, runs, command...
  local file=$1 runs=$2; shift 2
  for _ in $(seq "$runs"); do once "$file" "$@"; done | median
}
peak_rss() { # file, command... -> KiB
  local file=$1; shift
  /usr/bin/time -f %M $pin "$@" < "$file" 2>&1 >/dev/null | tail -1
}

printf '%-34s %12s %12s %10s %10s\n' "run" "lines" "msgs/s" "seconds" "peak MiB"
for corpus in "$synthetic" "$real"; do
  lines=$(wc -l < "$corpus")
  name=$(basename "$corpus")
  # Haven and the baseline take turns, so a slow spell of this (shared, virtual) machine
  # falls on both alike; the ratio is of the medians, and best-of-runs is shown beside it.
  : > "$out/times-haven.txt"
  : > "$out/times-py.txt"
  for _ in $(seq "${RUNS:-7}"); do
    once "$corpus" $haven reflect --each-line --format jsonl >> "$out/times-haven.txt"
    once "$corpus" python3 "$shared/peers/regex_rules.py" >> "$out/times-py.txt"
  done
  t_haven=$(median < "$out/times-haven.txt")
  t_py=$(median < "$out/times-py.txt")
  b_haven=$(best < "$out/times-haven.txt")
  b_py=$(best < "$out/times-py.txt")
  rss_haven=$(peak_rss "$corpus" $haven reflect --each-line --format jsonl)
  rss_py=$(peak_rss "$corpus" python3 "$shared/peers/regex_rules.py")
  printf '%-34s %12d %12.0f %10.3f %10.1f\n' "haven jsonl $name" "$lines" "$(echo "$lines / $t_haven" | bc -l)" "$t_haven" "$(echo "$rss_haven / 1024" | bc -l)"
  printf '%-34s %12d %12.0f %10.3f %10.1f\n' "regex_rules.py $name" "$lines" "$(echo "$lines / $t_py" | bc -l)" "$t_py" "$(echo "$rss_py / 1024" | bc -l)"
  printf '%-34s %12s %12.2fx   (best of runs: %.3f vs %.3f s = %.2fx)\n' "  haven / python (medians)" "" "$(echo "$t_py / $t_haven" | bc -l)" \
    "$b_haven" "$b_py" "$(echo "$b_py / $b_haven" | bc -l)"
done

echo hi > "$out/hi.txt"
# First run: no cache, so the rules are compiled and the cache written (median of 5 fresh caches).
first=$(for _ in 1 2 3 4 5; do
  rm -rf "$HAVEN_CACHE_DIR"
  timed "$out/hi.txt" 1 $haven reflect
done | median)
rm -rf "$HAVEN_CACHE_DIR"
rss_first=$(peak_rss "$out/hi.txt" $haven reflect)
cold=$(timed "$out/hi.txt" 21 $haven reflect)
rss_cold=$(peak_rss "$out/hi.txt" $haven reflect)
printf '%-34s %12s %12s %10.4f %10.1f\n' "first start (compiles, no cache)" "1" "-" "$first" "$(echo "$rss_first / 1024" | bc -l)"
printf '%-34s %12s %12s %10.4f %10.1f\n' "cold start: echo hi | haven reflect" "1" "-" "$cold" "$(echo "$rss_cold / 1024" | bc -l)"
