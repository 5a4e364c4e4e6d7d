#!/bin/bash
# JVM start is part of every racker call: `racker --version` from the checkout and from the
# installed layout (the release tarball unpacked elsewhere, its class-data archive made as
# the package's postinst makes it) against a Java hello-world on the same JDK, alternating.
# Goals: checkout/Hello <= 1.5; installed within 10% of the checkout.
#   bench/jvm-start.sh [RUNS]      (after mvn -B package, which makes the tarball)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
runs=${1:-30}
racker="$here/../bin/racker"
tarball=$(ls "$here"/../racker-cli/target/dist/racker-*.tar.gz 2>/dev/null | head -1)
[ -n "$tarball" ] || { echo "no release tarball: build it with mvn -B package -DskipTests" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
JAVA
javac -d "$work" "$work/Hello.java"
tar xzf "$tarball" -C "$work"
installed=$(echo "$work"/racker-*/bin/racker)
RACKER_JAR="${installed%/bin/racker}/lib/racker/racker.jar" "${installed%/bin/racker}/lib/racker/cds-archive" 2>/dev/null
jsa="$here/../racker-cli/target/racker.jsa"
# both layouts with their archive, made the same way (no container booted for training)
[ "$jsa" -nt "$here/../racker-cli/target/racker.jar" ] || "$here/../scripts/cds-archive" 2>/dev/null
java -cp "$work" Hello >/dev/null; "$racker" --version >/dev/null; "$installed" --version >/dev/null
hello=(); ours=(); inst=()
for i in $(seq "$runs"); do
  t=$(now_ns); java -cp "$work" Hello >/dev/null; hello+=("$(elapsed_ms "$t")")
  t=$(now_ns); "$racker" --version >/dev/null; ours+=("$(elapsed_ms "$t")")
  t=$(now_ns); "$installed" --version >/dev/null; inst+=("$(elapsed_ms "$t")")
done
h=$(printf '%s\n' "${hello[@]}" | median)
r=$(printf '%s\n' "${ours[@]}" | median)
n=$(printf '%s\n' "${inst[@]}" | median)
echo "JDK: $(java -version 2>&1 | head -1)"
echo "class-data archive: checkout $([ -f "$jsa" ] && echo yes || echo no)," \
  "installed $([ -f "${installed%/bin/racker}/lib/racker/racker.jsa" ] && echo yes || echo no)"
echo "java Hello:                  ${h} ms"
echo "racker --version (checkout): ${r} ms"
echo "racker --version (installed): ${n} ms"
echo "checkout/Hello:              $(ratio "$r" "$h")  (goal <= 1.50)"
echo "installed/checkout:          $(ratio "$n" "$r")  (goal <= 1.10)"
