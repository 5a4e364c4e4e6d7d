#!/bin/bash
# Debian's autopkgtest over a few real source packages from Debian's mirror, the same runs
# with `-- racker` (a booted ephemeral container a test bed) and `-- unshare` (an unpacked
# tarball a test bed, bookworm's autopkgtest), and `-- podman` where podman is installed.
# Wall time of each run; the ratio racker/unshare over the packages whose tests both ran
# (goal <= 0.70). Every run updates the test bed's package lists (-U), as a test bed from a
# plain image must. Packages whose tests need isolation-container (services) run on racker
# and podman only; unshare skips them, so they are in the table but not in the ratio.
#   bench/autopkgtest.sh [PACKAGE...]   (default: hello gzip sed memcached; after
#   `mvn -B -o -q package -DskipTests -Dracker.dist.skip=true`, as root)
# unshare needs root's subordinate ids (echo root:100000:65536 >> /etc/subuid and
# /etc/subgid), newuidmap (package uidmap) and ~/.cache/sbuild/bookworm-amd64.tar
# (mmdebstrap --variant=apt bookworm FILE); podman needs the packages podman and runc.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
packages=("$@")
[ ${#packages[@]} -gt 0 ] || packages=(hello gzip sed memcached)
root=$(default_rootfs)
export PATH="$here/../bin:$PATH"
cache=${RACKER_TEST_CACHE:-/var/cache/racker-test}
sources=$cache/autopkgtest-sources
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# sources through an apt configuration of the bench's own, with a deb-src entry
mkdir -p "$sources/apt/sources.list.d" "$sources/apt/lists/partial" "$sources/apt/cache/archives/partial"
echo "deb-src http://deb.debian.org/debian bookworm main" > "$sources/apt/sources.list.d/bookworm-src.list"
cat > "$sources/apt/apt.conf" <<CONF
Dir::Etc::SourceList "/dev/null";
Dir::Etc::SourceParts "$sources/apt/sources.list.d";
Dir::State::Lists "$sources/apt/lists";
Dir::Cache "$sources/apt/cache";
CONF
dsc() { ls "$sources/$1"_*.dsc 2>/dev/null | head -1; }
for p in "${packages[@]}"; do
  if [ -z "$(dsc "$p")" ]; then
    [ -n "$(ls "$sources/apt/lists" | grep Sources)" ] || apt-get -q -c "$sources/apt/apt.conf" update >/dev/null
    (cd "$sources" && apt-get -q -c "$sources/apt/apt.conf" source --download-only "$p" >/dev/null)
  fi
done

backends=(racker unshare)
command -v podman >/dev/null && backends+=(podman)
podman_setup() {
  # podman as PLATFORM.md has it here: runc, cgroupfs, a store of the bench's own
  export CONTAINERS_CONF=$work/containers.conf CONTAINERS_STORAGE_CONF=$work/storage.conf
  printf '[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n[containers]\ndefault_ulimits = ["nofile=20000:20000", "nproc=%s:%s"]\n' "$(ulimit -Hu)" "$(ulimit -Hu)" > "$CONTAINERS_CONF"
  printf '[storage]\ndriver = "overlay"\ngraphroot = "%s/podman"\nrunroot = "%s/podman-run"\n' "$work" "$work" > "$CONTAINERS_STORAGE_CONF"
  tar -C "$root" -c . | podman import - localhost/racker-bench-bookworm:latest >/dev/null
}
[[ " ${backends[*]} " == *" podman "* ]] && podman_setup

virt_args() {
  case $1 in
    racker) echo "racker $root" ;;
    unshare) echo "unshare -r bookworm" ;;
    podman) echo "podman --init localhost/racker-bench-bookworm:latest" ;;
  esac
}

result() {
  case $1 in
    0) echo PASS ;; 2|8) echo SKIP ;; 4) echo FAIL ;; 16) echo TESTBED-FAIL ;; *) echo "EXIT-$1" ;;
  esac
}

declare -A ms status
for p in "${packages[@]}"; do
  for b in "${backends[@]}"; do
    t=$(now_ns)
    set +e
    # shellcheck disable=SC2046
    autopkgtest -U --no-built-binaries "$(dsc "$p")" -- $(virt_args "$b") >"$work/$p-$b.log" 2>&1
    rc=$?
    set -e
    ms[$p,$b]=$(elapsed_ms "$t")
    status[$p,$b]=$(result "$rc")
    [ "$rc" -eq 0 ] || cp "$work/$p-$b.log" "/tmp/autopkgtest-bench-$p-$b.log"
  done
done

printf '%-12s' package; for b in "${backends[@]}"; do printf ' %-22s' "$b"; done; echo
r_total=0 u_total=0
for p in "${packages[@]}"; do
  printf '%-12s' "$p"
  for b in "${backends[@]}"; do printf ' %-22s' "${status[$p,$b]} $((${ms[$p,$b]} / 1000)).$(( ${ms[$p,$b]} % 1000 / 100 )) s"; done
  echo
  if [ "${status[$p,racker]}" = PASS ] && [ "${status[$p,unshare]}" = PASS ]; then
    r_total=$((r_total + ${ms[$p,racker]})); u_total=$((u_total + ${ms[$p,unshare]}))
  fi
done
[ "$u_total" -gt 0 ] && echo "racker/unshare over the packages both passed: $(ratio "$r_total" "$u_total")  (goal <= 0.70)"
echo "test bed image for racker and podman: $root; failed runs' logs in /tmp/autopkgtest-bench-*.log"
