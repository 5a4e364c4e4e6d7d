#!/bin/bash
# Commands that only read racker's state (`ps -a`, `images`, `inspect`) boot nothing, so the
# JVM start is most of their cost: each against a Java hello-world on the same JDK,
# alternating, with a few containers and an image recorded. Goal: each <= 1.5x java Hello.
#   bench/state-commands.sh [ROOTFS] [RUNS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
root=${1:-$(default_rootfs)}
runs=${2:-20}
racker="$here/../bin/racker"
work=$(mktemp -d)
state="$work/state"
trap '"$racker" --root "$state" rm -f $("$racker" --root "$state" ps -aq) >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
cat > "$work/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
JAVA
javac -d "$work" "$work/Hello.java"

# a state worth reading: exited containers of both kinds and a named one to inspect
for i in 1 2 3; do
  "$racker" --root "$state" run --name "bench-state-$i" --rootfs "$root" true >/dev/null
done

hello=(); ps=(); images=(); inspect=()
java -cp "$work" Hello >/dev/null; "$racker" --root "$state" ps -a >/dev/null
for i in $(seq "$runs"); do
  t=$(now_ns); java -cp "$work" Hello >/dev/null; hello+=("$(elapsed_ms "$t")")
  t=$(now_ns); "$racker" --root "$state" ps -a >/dev/null; ps+=("$(elapsed_ms "$t")")
  t=$(now_ns); "$racker" --root "$state" images >/dev/null; images+=("$(elapsed_ms "$t")")
  t=$(now_ns); "$racker" --root "$state" inspect bench-state-2 >/dev/null; inspect+=("$(elapsed_ms "$t")")
done
h=$(printf '%s\n' "${hello[@]}" | median)
echo "runs: $runs (medians), 3 exited containers recorded, no images stored"
echo "java Hello:        ${h} ms"
for cmd in ps images inspect; do
  declare -n times=$cmd
  m=$(printf '%s\n' "${times[@]}" | median)
  printf '%-18s %s ms   ratio %s  (goal <= 1.50)\n' "racker $cmd:" "$m" "$(ratio "$m" "$h")"
done
