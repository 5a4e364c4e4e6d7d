#!/bin/bash
# `postroj selftest hostnamectl` over 4 images, one after the other against --parallel 4.
#   bench/selftest-parallel.sh [IMAGE...]   (curated names, pulled; fewer than 4 are repeated)
# Without names: the Debian images pulled under $RACKER_ROOT that boot on this host (sid's
# systemd needs the unified cgroup hierarchy, so it counts only where the host has it).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
postroj="$here/../bin/postroj"
state=${RACKER_ROOT:-/var/lib/racker}
images=("$@")
if [ ${#images[@]} -eq 0 ]; then
  candidates=(debian-bookworm debian-bullseye debian-trixie)
  [ -e /sys/fs/cgroup/cgroup.controllers ] && candidates+=(debian-sid)
  for name in "${candidates[@]}"; do
    [ -f "$state/curated/$name/image.json" ] && images+=("$name")
  done
fi
[ ${#images[@]} -ge 1 ] || { echo "usage: $0 IMAGE [IMAGE...] (or postroj pull debian-bookworm debian-bullseye debian-trixie first)" >&2; exit 1; }
while [ ${#images[@]} -lt 4 ]; do images+=("${images[@]}"); done
args=()
for i in 0 1 2 3; do args+=("--image=${images[$i]}"); done
run() { "$postroj" --root "$state" selftest hostnamectl "${args[@]}" "$@" >/dev/null; }
run
seq_ms=(); par_ms=()
for i in 1 2 3; do
  t=$(now_ns); run --parallel=1; seq_ms+=("$(elapsed_ms "$t")")
  t=$(now_ns); run --parallel=4; par_ms+=("$(elapsed_ms "$t")")
done
s=$(printf '%s\n' "${seq_ms[@]}" | median)
p=$(printf '%s\n' "${par_ms[@]}" | median)
echo "images: ${images[*]:0:4}"
echo "selftest hostnamectl, sequential: ${s} ms"
echo "selftest hostnamectl, --parallel 4: ${p} ms"
echo "ratio parallel/sequential: $(ratio "$p" "$s")"
