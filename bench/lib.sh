# Shared by the bench scripts: wall-clock timing in milliseconds and medians.
now_ns() { date +%s%N; }

# elapsed_ms START_NS
elapsed_ms() { echo $(( ($(now_ns) - $1) / 1000000 )); }

# median of the numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

# ratio A B: A/B with two decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }

default_rootfs() {
  for r in "${RACKER_BENCH_ROOTFS:-}" /var/lib/racker/rootfs/debian-bookworm /var/cache/racker-test/bookworm; do
    [ -n "$r" ] && [ -x "$r/usr/lib/systemd/systemd" ] && { echo "$r"; return; }
  done
  echo "no bootable root found: run scripts/setup or set RACKER_BENCH_ROOTFS" >&2
  exit 1
}
