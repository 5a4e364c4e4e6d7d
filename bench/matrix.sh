#!/bin/bash
# A 2 x 3 probe matrix (two curated images, three packaged socket services, each checked by
# its unit and its port) with `postroj matrix run --parallel 2`, against the same six cells
# run one by one with `postroj pkgprobe`. Goal on 2 cores: ratio <= 0.6.
#   bench/matrix.sh [IMAGE1 IMAGE2]      (default debian-bookworm debian-trixie, pulled if missing)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
images=("${1:-debian-bookworm}" "${2:-debian-trixie}")
state=${RACKER_ROOT:-/var/lib/racker}
postroj="$here/../bin/postroj"
for image in "${images[@]}"; do
  [ -d "$state/curated/$image/rootfs" ] || "$postroj" --root "$state" pull "$image"
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# three packages: a socket on its own port, answered by /bin/echo (no binary of their own)
for n in 1 2 3; do
  name=bench-mx-$n port=$((19300 + n)) root=$work/$name
  mkdir -p "$root/DEBIAN" "$root/lib/systemd/system"
  printf 'Package: %s\nVersion: 1.0\nArchitecture: all\nMaintainer: bench <bench@racker.invalid>\nDescription: bench\n' \
    "$name" > "$root/DEBIAN/control"
  printf '[Socket]\nListenStream=%s\nAccept=yes\n[Install]\nWantedBy=sockets.target\n' "$port" \
    > "$root/lib/systemd/system/$name.socket"
  printf '[Service]\nExecStart=/bin/echo hello\nStandardInput=socket\n' > "$root/lib/systemd/system/$name@.service"
  dpkg-deb --root-owner-group --build "$root" "$work/${name}_1.0_all.deb" >/dev/null
done
{
  echo "images: [${images[0]}, ${images[1]}]"
  echo "packages:"
  for n in 1 2 3; do
    printf '  - name: bench-mx-%s\n    file: %s\n    checks:\n      units: [bench-mx-%s.socket]\n      endpoints: ["tcp://localhost:%s"]\n' \
      "$n" "$work/bench-mx-${n}_1.0_all.deb" "$n" $((19300 + n))
  done
} > "$work/matrix.yaml"

t=$(now_ns)
for image in "${images[@]}"; do
  for n in 1 2 3; do
    "$postroj" --root "$state" pkgprobe --image="$image" --package="$work/bench-mx-${n}_1.0_all.deb" \
      --check-unit="bench-mx-$n.socket" --check-network="tcp://localhost:$((19300 + n))" >/dev/null 2>&1
  done
done
one_by_one=$(elapsed_ms "$t")
t=$(now_ns)
"$postroj" --root "$state" matrix run --parallel 2 --report-dir "$work" "$work/matrix.yaml" > "$work/table.txt" 2>/dev/null
matrix=$(elapsed_ms "$t")
grep -q "6 cells: 6 passed" "$work/table.txt" || { cat "$work/table.txt"; echo "the matrix did not pass" >&2; exit 1; }
echo "images: ${images[*]}; 3 packages; $(nproc) cores"
echo "6 x postroj pkgprobe, one by one:   ${one_by_one} ms"
echo "postroj matrix run --parallel 2:    ${matrix} ms"
echo "ratio matrix/one-by-one:            $(ratio "$matrix" "$one_by_one")  (goal <= 0.60)"
