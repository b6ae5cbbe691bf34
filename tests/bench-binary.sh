#!/usr/bin/env bash
# Whole-process figures of the published binary: ingest end to end, --help cold start, size, idle RSS.
# Each line: name, value, unit, and the comparison measured in the same run. Medians of several runs.
set -euo pipefail
BIN=${1:?path to the published decnet binary}
RUNS=${BENCH_RUNS:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
cowrie="${DECNET_SHARED_DATA:-$here/../shared/data}/cowrie"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
now_ns() { date +%s%N; }
line() { printf '%-36s %14s %-10s vs %s\n' "$1" "$2" "$3" "$4"; }

# --help cold start, beside spawning /bin/true (the floor any process pays).
help_ms=(); true_ms=()
for i in $(seq 1 $((RUNS * 4))); do
  t0=$(now_ns); "$BIN" --help >/dev/null; t1=$(now_ns); /bin/true; t2=$(now_ns)
  help_ms+=($(( (t1 - t0) / 1000 ))); true_ms+=($(( (t2 - t1) / 1000 )))
done
h=$(printf '%s\n' "${help_ms[@]}" | median); t=$(printf '%s\n' "${true_ms[@]}" | median)
line "cli.help_cold_start" "$(awk "BEGIN{printf \"%.1f\", $h/1000}")" "ms" "spawning /bin/true: $(awk "BEGIN{printf \"%.1f\", $t/1000}") ms (target <= 25 ms)"

size=$(stat -c %s "$BIN")
line "binary.size" "$(awk "BEGIN{printf \"%.1f\", $size/1048576}")" "MB" "target 20 MB"

if [ -d "$cowrie" ]; then
  events=34774
  parse=(); full=()
  for i in $(seq 1 "$RUNS"); do
    t0=$(now_ns); "$BIN" --data-dir "$tmp/p$i" ingest --dry-run "$cowrie"/cowrie.json.2018-05-*.gz >/dev/null 2>&1; t1=$(now_ns)
    "$BIN" --data-dir "$tmp/f$i" ingest "$cowrie"/cowrie.json.2018-05-*.gz >/dev/null 2>&1; t2=$(now_ns)
    parse+=($(( events * 1000000000 / (t1 - t0) ))); full+=($(( events * 1000000000 / (t2 - t1) )))
  done
  p=$(printf '%s\n' "${parse[@]}" | median); f=$(printf '%s\n' "${full[@]}" | median)
  line "ingest.end_to_end (process)" "$f" "events/s" "parse only (ingest --dry-run, same process cost): $p events/s (target >= 100k)"
else
  echo "ingest.end_to_end: skipped ($cowrie absent)" >&2
fi

rss=()
for i in $(seq 1 3); do
  "$BIN" --data-dir "$tmp/s$i" supervise --udp 127.0.0.1:0 --tcp 127.0.0.1:0 --unix off >/dev/null 2>&1 &
  pid=$!
  sleep 3
  rss+=($(awk '/VmRSS/ {print $2}' /proc/$pid/status))
  kill -TERM $pid; wait $pid || true
done
r=$(printf '%s\n' "${rss[@]}" | median)
line "supervise.idle_rss" "$(awk "BEGIN{printf \"%.1f\", $r/1024}")" "MB" "target 40 MB; the Python original's master fleet: ~1,800 MB"
