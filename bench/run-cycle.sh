#!/bin/bash
# A whole `racker run --rm --rootfs ROOT true` (JVM start, boot to ready with the test boot
# profile, exec, the container ended at once) against the stock cycle done by hand with
# systemd-nspawn + nsenter in this script (full boot, orderly poweroff): the floor. Use a
# stock root (nothing masked in it), e.g. /var/cache/racker-test/bookworm. Runs alternate so
# that the machine's noise hits both alike. Goal: ratio <= 0.8. For information, the same run
# with --security-opt seccomp=unconfined (nspawn builds no seccomp filter), alternated too.
#   bench/run-cycle.sh [ROOTFS] [RUNS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
root=${1:-$(default_rootfs)}
runs=${2:-15}
racker="$here/../bin/racker"
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT

racker_cycle() {
  "$racker" --root "$state" run --rm "$@" --rootfs "$root" true
}

# warm the page cache and the JIT-less paths once
floor_cycle "$root" warm; racker_cycle

floor=() ; ours=() ; unconfined=()
for i in $(seq "$runs"); do
  t=$(now_ns); floor_cycle "$root" "$i"; floor+=("$(elapsed_ms "$t")")
  t=$(now_ns); racker_cycle; ours+=("$(elapsed_ms "$t")")
  t=$(now_ns); racker_cycle --security-opt seccomp=unconfined; unconfined+=("$(elapsed_ms "$t")")
done
f=$(printf '%s\n' "${floor[@]}" | median)
r=$(printf '%s\n' "${ours[@]}" | median)
u=$(printf '%s\n' "${unconfined[@]}" | median)
echo "root: $root, runs: $runs (medians)"
echo "floor (nspawn + nsenter by hand): ${f} ms"
echo "racker run --rm true:             ${r} ms"
echo "ratio racker/floor:               $(ratio "$r" "$f")  (goal <= 0.80)"
echo "with --security-opt seccomp=unconfined (information): ${u} ms, ratio $(ratio "$u" "$f")"
