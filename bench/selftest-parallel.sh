#!/bin/bash
# `postroj selftest hostnamectl` over 4 images, one after the other against --parallel 4.
#   bench/selftest-parallel.sh IMAGE [IMAGE...]   (curated names, pulled; fewer than 4 are repeated)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
[ $# -ge 1 ] || { echo "usage: $0 IMAGE [IMAGE...]" >&2; exit 1; }
images=("$@")
while [ ${#images[@]} -lt 4 ]; do images+=("${images[@]}"); done
args=()
for i in 0 1 2 3; do args+=("--image=${images[$i]}"); done
postroj="$here/../bin/postroj"
state=${RACKER_ROOT:-/var/lib/racker}
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
