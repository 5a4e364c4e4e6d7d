#!/bin/bash
# A warm `postroj pkgprobe --image=NAME --check-unit=systemd-journald` (image pulled) against
# the same cycle by hand with nspawn + nsenter (boot, one systemctl is-active, poweroff).
# The probe boots with the test profile and ends its container at once; the floor boots the
# image stock and powers off in order. Upstream racker reported 0.589 s on its machine.
# Goal: ratio <= 0.8.
#   bench/pkgprobe.sh [IMAGE] [RUNS]     (IMAGE: a pulled curated image, default debian-bookworm)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
image=${1:-debian-bookworm}
runs=${2:-10}
state=${RACKER_ROOT:-/var/lib/racker}
root="$state/curated/$image/rootfs"
[ -d "$root" ] || { echo "$image is not pulled: bin/postroj pull $image" >&2; exit 1; }
postroj="$here/../bin/postroj"
probe() { "$postroj" --root "$state" pkgprobe --image="$image" --check-unit=systemd-journald >/dev/null 2>&1; }
floor_cycle "$root" warm; probe
floor=(); ours=()
for i in $(seq "$runs"); do
  t=$(now_ns); floor_cycle "$root" "$i"; floor+=("$(elapsed_ms "$t")")
  t=$(now_ns); probe; ours+=("$(elapsed_ms "$t")")
done
f=$(printf '%s\n' "${floor[@]}" | median)
r=$(printf '%s\n' "${ours[@]}" | median)
echo "image: $image, runs: $runs (medians)"
echo "floor (nspawn + nsenter by hand): ${f} ms"
echo "postroj pkgprobe (warm):          ${r} ms   (upstream reported 589 ms on its machine)"
echo "ratio pkgprobe/floor:             $(ratio "$r" "$f")  (goal <= 0.80)"
