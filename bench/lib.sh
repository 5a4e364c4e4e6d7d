# Shared by the bench scripts: wall-clock timing in milliseconds and medians.
now_ns() { date +%s%N; }

# elapsed_ms START_NS
elapsed_ms() { echo $(( ($(now_ns) - $1) / 1000000 )); }

# median of the numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

# ratio A B: A/B with two decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }

default_rootfs() {
  for r in "${RACKER_BENCH_ROOTFS:-}" /var/lib/racker/curated/debian-bookworm/rootfs /var/lib/racker/rootfs/debian-bookworm /var/cache/racker-test/bookworm; do
    [ -n "$r" ] && [ -x "$r/usr/lib/systemd/systemd" ] && { echo "$r"; return; }
  done
  echo "no bootable root found: run scripts/setup or set RACKER_BENCH_ROOTFS" >&2
  exit 1
}

# The cgroup directories of a floor container named $1, one per hierarchy systemd uses.
floor_cgroups() {
  if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
    echo "/sys/fs/cgroup/$1"
  else
    local h
    for h in systemd unified; do
      [ -e "/sys/fs/cgroup/$h/cgroup.procs" ] && echo "/sys/fs/cgroup/$h/$1"
    done
  fi
}

# What floor cycles of an earlier run left when that run was killed (empty cgroups; a group
# that still holds processes refuses its removal and stays).
for stale in $(floor_cgroups 'bench-floor-*'); do
  [ -d "$stale" ] && find "$stale" -depth -type d -exec rmdir {} + 2>/dev/null
done
unset stale

# The floor: boot, wait until systemd is up (polling as a shell must), one command through
# the container's service manager, orderly poweroff (SIGRTMIN+4), wait for nspawn to exit.
# As racker starts its containers, nspawn runs in a cgroup of its own (nspawns started from
# one cgroup share its payload subtree, and two booting at once trample each other's units)
# and with a parent-death signal (should this script die, nspawn powers its container off);
# both cost the floor what they cost racker. A step that fails ends the container at once
# and fails the cycle: nothing is left running or in the cgroup tree either way.
# floor_cycle ROOT N
floor_cycle() {
  local root=$1 name=bench-floor-$2 np leader= status=0 deadline groups g moves= c
  groups=$(floor_cgroups "$name")
  for g in $groups; do
    mkdir -p "$g"
    moves="$moves echo \$\$ > '$g/cgroup.procs' || exit 125;"
  done
  sh -c "$moves exec setpriv --pdeathsig=TERM -- \"\$@\"" floor-cgroup \
    systemd-nspawn --register=no --keep-unit -q --volatile=overlay -D "$root" -M "$name" \
    --boot --console=pipe </dev/null >/dev/null 2>&1 &
  np=$!
  deadline=$((SECONDS + 60))
  # the leader is the child whose NSpid line ends in 1 (PID 1 of the new namespace)
  while [ -z "$leader" ] && kill -0 "$np" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
    for c in $(cat /proc/$np/task/*/children 2>/dev/null); do
      awk '/^NSpid:/ && NF == 3 && $3 == 1 {found=1} END {exit !found}' /proc/$c/status 2>/dev/null && leader=$c
    done
    [ -n "$leader" ] || sleep 0.005
  done
  [ -n "$leader" ] || status=1
  while [ "$status" = 0 ] \
      && ! nsenter --target "$leader" --all systemctl is-system-running 2>/dev/null | grep -q -E '^(running|degraded)'; do
    if ! kill -0 "$np" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      status=1
    else
      sleep 0.02
    fi
  done
  if [ "$status" = 0 ]; then
    nsenter --target "$leader" --all systemd-run --wait --pipe -q --collect true || status=$?
  fi
  if [ "$status" = 0 ]; then
    kill -s RTMIN+4 "$leader"
  elif [ -n "$leader" ]; then
    kill -s KILL "$leader" 2>/dev/null || true
  else
    kill "$np" 2>/dev/null || true
  fi
  wait "$np" || true
  rm -rf "/run/systemd/nspawn/propagate/$name"
  for g in $groups; do
    # the groups of the container's exited processes are released a moment after nspawn's end
    for c in 1 2 3 4 5 6 7 8 9 10; do
      find "$g" -depth -type d -exec rmdir {} + 2>/dev/null && break
      sleep 0.01
    done
  done
  [ "$status" = 0 ] || echo "floor cycle $name failed (status $status): $root did not boot or run the command" >&2
  return "$status"
}

