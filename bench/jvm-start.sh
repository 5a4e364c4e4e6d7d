#!/bin/bash
# JVM start is part of every racker call: `racker --version` against a Java hello-world on
# the same JDK, alternating. Goal: ratio <= 1.5. The launcher uses the class-data archive
# (scripts/cds-archive) when there is one; say which.
#   bench/jvm-start.sh [RUNS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
runs=${1:-30}
racker="$here/../bin/racker"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
JAVA
javac -d "$work" "$work/Hello.java"
java -cp "$work" Hello >/dev/null; "$racker" --version >/dev/null
hello=(); ours=()
for i in $(seq "$runs"); do
  t=$(now_ns); java -cp "$work" Hello >/dev/null; hello+=("$(elapsed_ms "$t")")
  t=$(now_ns); "$racker" --version >/dev/null; ours+=("$(elapsed_ms "$t")")
done
h=$(printf '%s\n' "${hello[@]}" | median)
r=$(printf '%s\n' "${ours[@]}" | median)
jsa="$here/../racker-cli/target/racker.jsa"
echo "JDK: $(java -version 2>&1 | head -1); class-data archive: $([ -f "$jsa" ] && echo yes || echo no)"
echo "java Hello:        ${h} ms"
echo "racker --version:  ${r} ms"
echo "ratio:             $(ratio "$r" "$h")  (goal <= 1.50)"
