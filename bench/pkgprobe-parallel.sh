#!/bin/bash
# Two `postroj pkgprobe` runs at once, each installing a package whose service listens on the
# same TCP port, in private networks (slirp4netns), against one such probe alone; and one
# probe in a private network against the same probe on the host's network (what slirp4netns
# costs). On the host's network the two at once could not both pass: the port is taken.
#   bench/pkgprobe-parallel.sh [IMAGE] [RUNS]   (IMAGE: a pulled curated Debian image, default debian-bookworm)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
image=${1:-debian-bookworm}
runs=${2:-5}
state=${RACKER_ROOT:-/var/lib/racker}
[ -d "$state/curated/$image/rootfs" ] || { echo "$image is not pulled: bin/postroj pull $image" >&2; exit 1; }
command -v slirp4netns >/dev/null || { echo "slirp4netns is not installed: scripts/install-deps" >&2; exit 1; }
postroj="$here/../bin/postroj"
port=19090

# a socket-activated TCP service on $port: systemd listens, /bin/echo answers
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pkg=$work/bench-port/
mkdir -p "$pkg/DEBIAN" "$pkg/lib/systemd/system"
printf 'Package: bench-port\nVersion: 1.0\nArchitecture: all\nMaintainer: racker bench <bench@racker.invalid>\nDescription: racker bench service\n' \
  > "$pkg/DEBIAN/control"
printf '[Socket]\nListenStream=%s\nAccept=yes\n[Install]\nWantedBy=sockets.target\n' "$port" \
  > "$pkg/lib/systemd/system/bench-port.socket"
printf '[Service]\nExecStart=/bin/echo hello\nStandardInput=socket\n' > "$pkg/lib/systemd/system/bench-port@.service"
dpkg-deb --root-owner-group --build "$pkg" "$work/bench-port_1.0_all.deb" >/dev/null

probe() {
  "$postroj" --root "$state" pkgprobe --image="$image" --package="$work/bench-port_1.0_all.deb" \
    --check-unit=bench-port.socket --check-network="tcp://localhost:$port" --network="$1" >/dev/null 2>&1
}
two_at_once() {
  probe private & local a=$!
  probe private & local b=$!
  wait "$a" && wait "$b"
}

probe private # warm-up: page cache, CDS
one=(); two=(); host=()
for i in $(seq "$runs"); do
  t=$(now_ns); probe private || { echo "a private probe failed" >&2; exit 1; }; one+=("$(elapsed_ms "$t")")
  t=$(now_ns); two_at_once || { echo "two private probes at once failed" >&2; exit 1; }; two+=("$(elapsed_ms "$t")")
  t=$(now_ns); probe host || { echo "a probe on the host's network failed" >&2; exit 1; }; host+=("$(elapsed_ms "$t")")
done
o=$(printf '%s\n' "${one[@]}" | median)
w=$(printf '%s\n' "${two[@]}" | median)
h=$(printf '%s\n' "${host[@]}" | median)
echo "image: $image, runs: $runs (medians), service on port $port"
echo "one probe, host network:            ${h} ms"
echo "one probe, private network:         ${o} ms"
echo "two probes at once, private:        ${w} ms"
echo "ratio private/host (one probe):     $(ratio "$o" "$h")"
echo "ratio two at once/one (private):    $(ratio "$w" "$o")  (2.00 = no gain over running them in turn)"
