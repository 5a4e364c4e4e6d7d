#!/bin/bash
# Boot to READY of one root with the test boot profile (units masked for the boot) against
# the same root booted stock, alternating; racker --verbose reports the boot time.
#   bench/boot-profile.sh [ROOTFS] [RUNS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
root=${1:-$(default_rootfs)}
runs=${2:-15}
racker="$here/../bin/racker"
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
boot_ms() { "$racker" --root "$state" --verbose run --rm "$@" --rootfs "$root" true 2>&1 | sed -n 's/^racker: booted .* in \([0-9]*\) ms$/\1/p' | head -1; }
boot_ms --no-boot-profile >/dev/null; boot_ms >/dev/null
with=(); without=()
for i in $(seq "$runs"); do
  without+=("$(boot_ms --no-boot-profile)")
  with+=("$(boot_ms --boot-profile test)")
done
a=$(printf '%s\n' "${without[@]}" | median)
b=$(printf '%s\n' "${with[@]}" | median)
echo "root: $root, runs: $runs (medians)"
echo "boot to READY, stock:        ${a} ms"
echo "boot to READY, test profile: ${b} ms"
echo "ratio test/stock:            $(ratio "$b" "$a")"
