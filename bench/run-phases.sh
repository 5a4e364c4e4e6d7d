#!/bin/bash
# Where the time of one `racker run --rm --rootfs ROOT true` goes, as medians over RUNS runs:
# JVM start to main (the class-load log's clock), main to nspawn's start, nspawn's start to
# READY, READY to the command's end, and the rest (discard, state, JVM exit) from the wall
# clock; then, inside one such container, systemd's own account of its boot (generators,
# units, critical chain). With strace installed, the processes one run starts (host and container).
#   bench/run-phases.sh [ROOTFS] [RUNS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
root=${1:-$(default_rootfs)}
runs=${2:-7}
racker="$here/../bin/racker"
state=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$state" "$work"' EXIT

"$racker" --root "$state" run --rm --rootfs "$root" true # warm
jvm=(); parse=(); boot=(); cmd=(); rest=(); total=()
for i in $(seq "$runs"); do
  t=$(now_ns)
  RACKER_JAVA_OPTS="-Xlog:class+load=info:file=$work/cl.txt:uptime" \
    "$racker" --root "$state" --debug run --rm --rootfs "$root" true 2>"$work/err.txt"
  all=$(elapsed_ms "$t")
  # the launcher's shell and the JVM's own start up to the main class
  main_ms=$(awk '/org.racker.cli.RackerMain /{gsub(/[\[\]s]/,"",$1); printf "%d", $1*1000; exit}' "$work/cl.txt")
  start_ms=$(sed -n 's/.*\[+\([0-9]*\) ms\] starting:.*/\1/p' "$work/err.txt" | head -1)
  booted_ms=$(sed -n 's/.*booted .* in \([0-9]*\) ms/\1/p' "$work/err.txt")
  exec_ms=$(sed -n 's/.*\[+\([0-9]*\) ms\] exec:.*/\1/p' "$work/err.txt" | head -1)
  done_ms=$(sed -n 's/.*\[+\([0-9]*\) ms\] command exited.*/\1/p' "$work/err.txt")
  jvm+=("$main_ms"); parse+=("$start_ms"); boot+=("$booted_ms"); cmd+=("$((done_ms - exec_ms))")
  rest+=("$((all - main_ms - done_ms))"); total+=("$all")
done
m() { printf '%s\n' "$@" | median; }
echo "root: $root, runs: $runs (medians, ms)"
echo "JVM start to main:            $(m "${jvm[@]}")"
echo "main to nspawn started:       $(m "${parse[@]}")"
echo "nspawn started to READY:      $(m "${boot[@]}")"
echo "exec to command done:         $(m "${cmd[@]}")"
echo "command done to exit:         $(m "${rest[@]}")   (discard, state, JVM exit; with the launcher)"
echo "total (wall):                 $(m "${total[@]}")"
# every class a run loads should come from the class-data archive (scripts/cds-archive)
outside=$(grep -v -e 'shared objects file' "$work/cl.txt" | sed 's/.*\] //' || true)
echo "classes loaded outside the class-data archive: $(printf '%s' "$outside" | grep -c . || true)"
[ -z "$outside" ] || printf '  %s\n' "$outside"
echo "inside (systemd's account of one boot):"
"$racker" --root "$state" run --rm --rootfs "$root" sh -c 'systemd-analyze | head -1
  systemctl show -p UserspaceTimestampMonotonic -p GeneratorsStartTimestampMonotonic -p GeneratorsFinishTimestampMonotonic \
    -p UnitsLoadFinishTimestampMonotonic -p FinishTimestampMonotonic |
    awk -F= "NR==1{u=\$2} {printf \"  %s: %d ms\\n\", \$1, (\$2-u)/1000}"
  systemd-analyze blame | head -8; systemd-analyze critical-chain | tail -n +3'
if command -v strace >/dev/null; then
  strace -f -qq -e trace=execve -e signal=none -o "$work/trace.txt" "$racker" --root "$state" run --rm --rootfs "$root" true
  # failed attempts of a PATH search left out
  grep 'execve(' "$work/trace.txt" | grep -v -e ENOENT -e EACCES > "$work/exec.txt" || true
  echo "programs executed by one run: $(wc -l < "$work/exec.txt")" \
    "(generators: $(grep -c 'system-generators/' "$work/exec.txt"))"
fi
