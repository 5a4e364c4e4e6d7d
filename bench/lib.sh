# Shared by the bench scripts: wall-clock timing in milliseconds and medians.
now_ns() { date +%s%N; }

# elapsed_ms START_NS
elapsed_ms() { echo $(( ($(now_ns) - $1) / 1000000 )); }

# median of the numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

# ratio A B: A/B with two decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }

default_rootfs() {
  for r in "${RACKER_BENCH_ROOTFS:-}" /var/lib/racker/curated/debian-bookworm/rootfs /var/lib/racker/rootfs/debian-bookworm /var/cache/racker-test/bookworm; do
    [ -n "$r" ] && [ -x "$r/usr/lib/systemd/systemd" ] && { echo "$r"; return; }
  done
  echo "no bootable root found: run scripts/setup or set RACKER_BENCH_ROOTFS" >&2
  exit 1
}

# The floor: boot, wait until systemd is up (polling as a shell must), one command through
# the container's service manager, orderly poweroff (SIGRTMIN+4), wait for nspawn to exit.
# floor_cycle ROOT N
floor_cycle() {
  local root=$1 name=bench-floor-$2 np leader=
  systemd-nspawn --register=no --keep-unit -q --volatile=overlay -D "$root" -M "$name" \
    --boot --console=pipe </dev/null >/dev/null 2>&1 &
  np=$!
  # the leader is the child whose NSpid line ends in 1 (PID 1 of the new namespace)
  until [ -n "$leader" ]; do
    for c in $(cat /proc/$np/task/*/children 2>/dev/null); do
      awk '/^NSpid:/ && NF == 3 && $3 == 1 {found=1} END {exit !found}' /proc/$c/status 2>/dev/null && leader=$c
    done
    [ -n "$leader" ] || sleep 0.005
  done
  until nsenter --target "$leader" --all systemctl is-system-running 2>/dev/null | grep -q -E '^(running|degraded)'; do
    sleep 0.02
  done
  nsenter --target "$leader" --all systemd-run --wait --pipe -q --collect true
  kill -s RTMIN+4 "$leader"
  wait "$np" || true
  rm -rf "/run/systemd/nspawn/propagate/$name"
}

