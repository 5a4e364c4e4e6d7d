#!/bin/bash
# Container.exec("true") through the Java API on a booted container (no JVM start on this
# path) against the nsenter + systemd-run command line it runs, started from the same JVM;
# runs alternate. Goal: ratio <= 1.5.
#   bench/api-exec.sh [ROOTFS] [RUNS]     (after `mvn -B -o -pl racker-core test-compile`)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
root=${1:-$(default_rootfs)}
runs=${2:-40}
top="$here/.."
state=$(mktemp -d)
cp_file=$(mktemp)
trap 'rm -rf "$state" "$cp_file"' EXIT
(cd "$top" && mvn -B -q -o -pl racker-core test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" -Dracker.dist.skip=true >/dev/null)
cp="$top/racker-core/target/test-classes:$top/racker-core/target/classes:$(cat "$cp_file")"
echo "root: $root"
java -cp "$cp" org.racker.api.ExecBench "$state" "$root" "$runs"
