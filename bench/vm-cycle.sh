#!/bin/bash
# A whole `racker run --vm --rm --rootfs ROOT true` (JVM start, QEMU boot until the guest
# agent answers, the command through the agent, QEMU ended) against the same boot done by
# hand in this script: QEMU started with racker's own argument list (taken from a warm-up
# run's --debug output, so kernel, initramfs, disk and flags are the same), the agent polled
# with guest-sync-delimited, `true` run with guest-exec, QEMU ended with QMP's quit. The
# nspawn cycle (`racker run --rm --rootfs ROOT true`) is printed beside them. Runs alternate
# so that the machine's noise hits both alike. Goal: ratio <= 1.2.
#   bench/vm-cycle.sh [ROOTFS] [RUNS]
# With RACKER_BENCH_VM_DISK=FILE the VM is that disk (`run --vm --disk FILE`, booted by its
# own boot loader through the firmware) instead of the VM image derived from ROOTFS; the
# hand-made boot is again racker's own QEMU line.
# Needs python3 (the hand-made agent client). Without /dev/kvm, QEMU emulates the CPU (TCG)
# and each boot takes a while: keep RUNS small.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
root=${1:-$(default_rootfs)}
runs=${2:-3}
racker="$here/../bin/racker"
# the VM image racker derives is kept in its state root: reuse one between runs of the bench
state=${RACKER_BENCH_VM_ROOT:-/var/tmp/racker-bench-vm}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -n "${RACKER_BENCH_VM_DISK:-}" ]; then
  machine=(--disk "$RACKER_BENCH_VM_DISK"); what="disk: $RACKER_BENCH_VM_DISK"
else
  machine=(--rootfs "$root"); what="root: $root"
fi

racker_vm_cycle() {
  "$racker" --root "$state" run --vm --rm "${machine[@]}" true 2>/dev/null
}

nspawn_cycle() {
  "$racker" --root "$state" run --rm --rootfs "$root" true
}

# the warm-up derives the VM image if needed and tells QEMU's argument list
"$racker" --root "$state" --debug run --vm --rm "${machine[@]}" true 2>"$work/debug.log"
qemu_line=$(sed -n 's/^racker: \[+[0-9]* ms\] starting: //p' "$work/debug.log" | grep qemu-system | head -1)
[ -n "$qemu_line" ] || { echo "no QEMU command line in racker's --debug output" >&2; exit 1; }
# the console logs went to the warm-up's state directory, gone now
qemu_line=$(printf '%s' "$qemu_line" | sed -e "s|path=[^ ,']*/kernel-console.log|path=$work/kernel-console.log|" \
  -e "s|path=[^ ,']*/console.log|path=$work/console.log|")

hand_cycle() {
  local dir=$work/vm pid
  rm -rf "$dir"; mkdir -p "$dir"
  (cd "$dir" && TMPDIR=$dir eval "exec $qemu_line" </dev/null >"$dir/qemu.log" 2>&1) &
  pid=$!
  python3 - "$dir" <<'PY'
import json, os, socket, sys, time
d = sys.argv[1]
def connect(name):
    p = os.path.join(d, name)
    while True:
        try:
            s = socket.socket(socket.AF_UNIX); s.connect(p); return s
        except OSError:
            time.sleep(0.002)
def lines(s):
    buf = b""
    while True:
        chunk = s.recv(65536)
        if not chunk: return
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            yield line.replace(b"\xff", b"").strip()
qmp = connect("monitor.sock"); q = lines(qmp); next(q)
qmp.sendall(b'{"execute":"qmp_capabilities"}\n'); next(q)
ga = connect("agent.sock"); g = lines(ga); n = 0; wait = 1
while True:
    n += 1
    ga.settimeout(None)
    ga.sendall(json.dumps({"execute": "guest-sync-delimited", "arguments": {"id": n}}).encode() + b"\n")
    ga.settimeout(wait); wait = min(wait * 2, 8)  # as racker: resent less and less often
    try:
        while json.loads(next(g)).get("return") != n: pass
        break
    except socket.timeout:
        g = lines(ga)
ga.settimeout(None)
ga.sendall(b'{"execute":"guest-exec","arguments":{"path":"true","capture-output":true}}\n')
pid = json.loads(next(g))["return"]["pid"]
while True:
    ga.sendall(json.dumps({"execute": "guest-exec-status", "arguments": {"pid": pid}}).encode() + b"\n")
    st = json.loads(next(g))["return"]
    if st["exited"]: break
    time.sleep(0.005)
qmp.sendall(b'{"execute":"quit"}\n')
PY
  wait "$pid" || true
}

racker_vm_cycle; nspawn_cycle
hand=() ; ours=() ; ns=()
for i in $(seq "$runs"); do
  t=$(now_ns); hand_cycle; hand+=("$(elapsed_ms "$t")")
  t=$(now_ns); racker_vm_cycle; ours+=("$(elapsed_ms "$t")")
  t=$(now_ns); nspawn_cycle; ns+=("$(elapsed_ms "$t")")
done
h=$(printf '%s\n' "${hand[@]}" | median)
r=$(printf '%s\n' "${ours[@]}" | median)
n=$(printf '%s\n' "${ns[@]}" | median)
accel=tcg; [ -c /dev/kvm ] && accel=kvm
echo "$what, runs: $runs (medians), accelerator: $accel"
echo "QEMU boot by hand (same flags):    ${h} ms"
echo "racker run --vm --rm true:         ${r} ms"
echo "ratio racker/hand:                 $(ratio "$r" "$h")  (goal <= 1.20)"
echo "nspawn: racker run --rm true:      ${n} ms"
