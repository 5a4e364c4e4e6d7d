#!/bin/bash
# A whole `racker run --rm --rootfs ROOT true` (JVM start, boot to ready, exec, poweroff)
# against the same cycle done by hand with systemd-nspawn + nsenter in this script: the
# floor. Runs alternate so that the machine's noise hits both alike. Goal: ratio <= 1.3.
#   bench/run-cycle.sh [ROOTFS] [RUNS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
root=${1:-$(default_rootfs)}
runs=${2:-15}
racker="$here/../bin/racker"
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT

# The floor: boot, wait until systemd is up (polling as a shell must), one command through
# the container's service manager, orderly poweroff (SIGRTMIN+4), wait for nspawn to exit.
floor_cycle() {
  local name=bench-floor-$1 np leader=
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

racker_cycle() {
  "$racker" --root "$state" run --rm --rootfs "$root" true
}

# warm the page cache and the JIT-less paths once
floor_cycle warm; racker_cycle

floor=() ; ours=()
for i in $(seq "$runs"); do
  t=$(now_ns); floor_cycle "$i"; floor+=("$(elapsed_ms "$t")")
  t=$(now_ns); racker_cycle; ours+=("$(elapsed_ms "$t")")
done
f=$(printf '%s\n' "${floor[@]}" | median)
r=$(printf '%s\n' "${ours[@]}" | median)
echo "root: $root, runs: $runs (medians)"
echo "floor (nspawn + nsenter by hand): ${f} ms"
echo "racker run --rm true:             ${r} ms"
echo "ratio racker/floor:               $(ratio "$r" "$f")  (goal <= 1.30)"
