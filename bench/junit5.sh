#!/bin/bash
# A JUnit 5 test class of 20 tests, each with a fresh booted container (racker-junit5's
# @OsContainer instance field) running `true`, in one JVM started through JUnit's launcher as
# a build tool would, against 20 hand-made nspawn cycles (lib.sh's floor_cycle) in this
# script. The JVM start is counted. Sequential, and with two test threads (JUnit's parallel
# execution) against two floor cycles at a time. Goal: ratio <= 0.8.
# Rounds alternate floor and JUnit so the machine's noise hits both alike; medians.
#   bench/junit5.sh [ROOTFS] [ROUNDS]     (after `mvn -B -o -pl racker-core,racker-junit5 test-compile`)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
root=${1:-$(default_rootfs)}
rounds=${2:-3}
top="$here/.."
state=$(mktemp -d)
cp_file=$(mktemp)
trap 'rm -rf "$state" "$cp_file"' EXIT

# the test classpath: the modules' classes and their dependencies from the local repository
(cd "$top" && mvn -B -q -o -pl racker-core,racker-junit5 test-compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" -Dracker.dist.skip=true >/dev/null)
cp="$top/racker-junit5/target/test-classes:$top/racker-junit5/target/classes:$top/racker-core/target/classes"
cp="$cp:$top/racker-core/target/test-classes:$(cat "$cp_file")"

junit_class() {
  java -cp "$cp" org.racker.junit5.TwentyContainersBench "$state" "$root" "$@"
}

floor_20() {
  local i
  for i in $(seq 20); do floor_cycle "$root" "$i"; done
}

floor_20_two_at_once() {
  local i
  for i in $(seq 10); do
    floor_cycle "$root" "a$i" & floor_cycle "$root" "b$i"
    wait
  done
}

# warm the page cache once
floor_cycle "$root" warm; junit_class 1

f1s=() j1s=() n1s=() f2s=() j2s=()
for i in $(seq "$rounds"); do
  t=$(now_ns); floor_20; f1s+=("$(elapsed_ms "$t")")
  t=$(now_ns); junit_class 1; j1s+=("$(elapsed_ms "$t")")
  t=$(now_ns); junit_class 1 false; n1s+=("$(elapsed_ms "$t")")
  t=$(now_ns); floor_20_two_at_once; f2s+=("$(elapsed_ms "$t")")
  t=$(now_ns); junit_class 2; j2s+=("$(elapsed_ms "$t")")
done
f1=$(printf '%s\n' "${f1s[@]}" | median); j1=$(printf '%s\n' "${j1s[@]}" | median)
n1=$(printf '%s\n' "${n1s[@]}" | median)
f2=$(printf '%s\n' "${f2s[@]}" | median); j2=$(printf '%s\n' "${j2s[@]}" | median)

echo "root: $root; 20 containers each, JVM start included; medians of $rounds rounds"
echo "sequential: floor ${f1} ms, JUnit class ${j1} ms, ratio $(ratio "$j1" "$f1")  (goal <= 0.80)"
echo "  without booting the next test's container ahead (racker.bootAhead=false): ${n1} ms, ratio $(ratio "$n1" "$f1")"
echo "2 at once:  floor ${f2} ms, JUnit class ${j2} ms, ratio $(ratio "$j2" "$f2")  (goal <= 0.80)"
