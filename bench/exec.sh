#!/bin/bash
# `racker exec NAME true` on a running detached container against what racker runs
# underneath, by hand in this script: nsenter into the container's leader and the
# container's own `systemd-run --wait --pipe` (the floor). A bare `nsenter ... true` is
# printed too, for information, and a Java hello-world's start on the same JDK: racker pays a
# JVM start the floor does not. Runs alternate so that the machine's noise hits all alike.
# Goal: racker / (java Hello + floor) <= 1.3.
#   bench/exec.sh [ROOTFS] [RUNS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
root=${1:-$(default_rootfs)}
runs=${2:-30}
racker="$here/../bin/racker"
state=$(mktemp -d)
name=bench-exec
cleanup() {
  "$racker" --root "$state" rm -f "$name" >/dev/null 2>&1 || true
  rm -rf "$state"
}
trap cleanup EXIT
cat > "$state/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
JAVA
javac -d "$state" "$state/Hello.java"
trap 'exit 130' INT TERM

"$racker" --root "$state" run -d --name "$name" --rootfs "$root" >/dev/null
inspect=$("$racker" --root "$state" inspect "$name")
leader=$(printf '%s\n' "$inspect" | sed -n 's/^ *"Pid" *: *\([0-9]*\),*$/\1/p' | head -1)
host=$(printf '%s\n' "$inspect" | sed -n 's/^ *"Hostname" *: *"\(.*\)",*$/\1/p' | head -1)
[ -n "$leader" ] && [ -n "$host" ] || { echo "no leader pid or hostname in: $inspect" >&2; exit 1; }

# The command line racker's exec builds for `true` on a host without machined
# (racker-core ExecCommandLine + CommandEnvironment).
floor_exec() {
  nsenter --target="$leader" --all -- systemd-run --wait --quiet --collect --pipe -- \
    /usr/bin/env HOME=/root HOSTNAME="$host" true
}
bare_exec() { nsenter --target="$leader" --all true; }
racker_exec() { "$racker" --root "$state" exec "$name" true; }

# warm the page cache and the container's service manager once
floor_exec; bare_exec; racker_exec; java -cp "$state" Hello >/dev/null

floor=(); bare=(); ours=(); hello=()
for i in $(seq "$runs"); do
  t=$(now_ns); java -cp "$state" Hello >/dev/null; hello+=("$(elapsed_ms "$t")")
  t=$(now_ns); floor_exec; floor+=("$(elapsed_ms "$t")")
  t=$(now_ns); bare_exec; bare+=("$(elapsed_ms "$t")")
  t=$(now_ns); racker_exec; ours+=("$(elapsed_ms "$t")")
done
f=$(printf '%s\n' "${floor[@]}" | median)
b=$(printf '%s\n' "${bare[@]}" | median)
r=$(printf '%s\n' "${ours[@]}" | median)
h=$(printf '%s\n' "${hello[@]}" | median)
jsa="$here/../racker-cli/target/racker.jsa"
echo "root: $root, runs: $runs (medians); class-data archive: $([ -f "$jsa" ] && echo yes || echo no)"
echo "nsenter -t LEADER -a true (information): ${b} ms"
echo "floor (nsenter + systemd-run by hand):   ${f} ms"
echo "racker exec NAME true:                   ${r} ms"
echo "java Hello:                              ${h} ms"
echo "ratio racker/floor (information):        $(ratio "$r" "$f")"
echo "ratio racker/(java Hello + floor):       $(ratio "$r" "$((h + f))")  (goal <= 1.30)"
