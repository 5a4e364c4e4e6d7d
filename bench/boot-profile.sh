#!/bin/bash
# Boot to READY for a curated Debian image with the test boot profile against the same root
# without it (the units unmasked again), alternating; racker --verbose reports the boot time.
#   bench/boot-profile.sh CURATED-ROOTFS [RUNS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
profiled=${1:?give the rootfs of a pulled curated image, e.g. /var/lib/racker/curated/debian-bookworm/rootfs}
runs=${2:-15}
racker="$here/../bin/racker"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the same root without the profile: an overlay copy whose masks are removed
plain="$work/plain"
cp -a --reflink=auto "$profiled" "$plain"
find "$plain/etc/systemd/system" -maxdepth 1 -lname /dev/null -delete
boot_ms() { "$racker" --root "$work/state" --verbose run --rm --rootfs "$1" true 2>&1 | sed -n 's/.* in \([0-9]*\) ms$/\1/p' | head -1; }
boot_ms "$plain" >/dev/null; boot_ms "$profiled" >/dev/null
with=(); without=()
for i in $(seq "$runs"); do
  without+=("$(boot_ms "$plain")")
  with+=("$(boot_ms "$profiled")")
done
a=$(printf '%s\n' "${without[@]}" | median)
b=$(printf '%s\n' "${with[@]}" | median)
echo "boot to READY without the profile: ${a} ms"
echo "boot to READY with the profile:    ${b} ms"
echo "ratio with/without:                $(ratio "$b" "$a")"
