#!/bin/bash
# What publishing a port costs a whole run: `racker run --rm --network private -p
# 127.0.0.1::80 --rootfs ROOT true` (a free host port found, slirp4netns with its API
# socket, one add_hostfwd request) against the same run without -p, alternating so that the
# machine's noise hits both alike. Publishing adds no process; goal: ratio <= 1.05.
#   bench/ports.sh [ROOTFS] [RUNS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
root=${1:-$(default_rootfs)}
runs=${2:-15}
racker="$here/../bin/racker"
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT

plain() { "$racker" --root "$state" run --rm --network private --rootfs "$root" true; }
published() { "$racker" --root "$state" run --rm --network private -p 127.0.0.1::80 --rootfs "$root" true; }

plain; published # warm the page cache

without=() ; with=()
for i in $(seq "$runs"); do
  t=$(now_ns); plain; without+=("$(elapsed_ms "$t")")
  t=$(now_ns); published; with+=("$(elapsed_ms "$t")")
done
a=$(printf '%s\n' "${without[@]}" | median)
b=$(printf '%s\n' "${with[@]}" | median)
echo "root: $root, runs: $runs (medians)"
echo "run --rm --network private true:                 ${a} ms"
echo "run --rm --network private -p 127.0.0.1::80 true: ${b} ms"
echo "ratio with/without -p:                            $(ratio "$b" "$a")  (goal <= 1.05)"
