#!/bin/bash
# Cold pull of a multi-layer Debian image from a local registry into a fresh root:
# `racker pull` against upstream racker's path, `skopeo copy` + `umoci unpack`, alternating,
# all on a tmpfs (ext4 here stalls for minutes after mass deletions: see PLATFORM.md).
# Prints medians, the ratio (goal <= 0.5), racker's throughput and its peak RSS (goal < 256 MB),
# and the conditions: both tools are CPU-bound on a small machine (inflating gzip is most of the
# work), so other load on it moves the numbers; every run's time is printed too.
#   bench/pull.sh [ROOTFS] [RUNS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
root=${1:-$(default_rootfs)}
runs=${2:-3}
racker="$here/../bin/racker"
for tool in docker-registry skopeo umoci; do
  command -v $tool >/dev/null || { echo "needs $tool: scripts/install-deps --test" >&2; exit 1; }
done
work=$(mktemp -d)
mnt="$work/tmpfs"
mkdir -p "$mnt"
mount -t tmpfs -o size=6g bench-tmpfs "$mnt"
registry_pid=
cleanup() {
  set +e
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null && wait "$registry_pid" 2>/dev/null
  umount "$mnt" 2>/dev/null || umount -l "$mnt"
  rm -rf "$work"
}
trap cleanup EXIT

# An OCI layout of three gzip layers cut from the Debian root: usr/share, var, the rest.
layout="$work/layout"
mkdir -p "$layout/blobs/sha256"
echo '{"imageLayoutVersion":"1.0.0"}' > "$layout/oci-layout"
blob() { # FILE MEDIATYPE -> prints a descriptor, moves FILE into the layout
  local d s; d=$(sha256sum "$1" | cut -d' ' -f1); s=$(stat -c %s "$1")
  mv "$1" "$layout/blobs/sha256/$d"
  printf '{"mediaType":"%s","digest":"sha256:%s","size":%s}' "$2" "$d" "$s"
}
layers=(); diffs=()
cut_layer() { # NAME TAR-ARGS...
  local name=$1; shift
  tar --numeric-owner --xattrs -C "$root" -cf "$work/$name.tar" "$@"
  diffs+=("\"sha256:$(sha256sum "$work/$name.tar" | cut -d' ' -f1)\"")
  gzip -1 -c "$work/$name.tar" > "$work/$name.tar.gz"; rm "$work/$name.tar"
  layers+=("$(blob "$work/$name.tar.gz" application/vnd.oci.image.layer.v1.tar+gzip)")
}
cut_layer base --exclude=./usr/share --exclude=./var .
cut_layer share ./usr/share
cut_layer var ./var
printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["bash"]},"rootfs":{"type":"layers","diff_ids":[%s]}}' \
  "$(IFS=,; echo "${diffs[*]}")" > "$work/config.json"
config=$(blob "$work/config.json" application/vnd.oci.image.config.v1+json)
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":%s,"layers":[%s]}' \
  "$config" "$(IFS=,; echo "${layers[*]}")" > "$work/manifest.json"
manifest=$(blob "$work/manifest.json" application/vnd.oci.image.manifest.v1+json)
printf '{"schemaVersion":2,"manifests":[%s]}' "${manifest%\}},\"annotations\":{\"org.opencontainers.image.ref.name\":\"12\"}}" \
  > "$layout/index.json"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/registry.yml" <<YML
version: 0.1
storage:
  filesystem:
    rootdirectory: $work/registry
http:
  addr: 127.0.0.1:$port
log:
  level: error
YML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
until curl -fs "http://127.0.0.1:$port/v2/" >/dev/null; do sleep 0.05; done
skopeo copy -q --dest-tls-verify=false "oci:$layout:12" "docker://127.0.0.1:$port/bench/debian:12"
image="127.0.0.1:$port/bench/debian:12"
compressed=$(du -cb "$layout"/blobs/sha256/* | tail -1 | cut -f1)

jar="$here/../racker-cli/target/racker.jar"
cds=no; [ "${jar%.jar}.jsa" -nt "$jar" ] && cds=yes # bin/racker's rule
load_before=$(cut -d' ' -f1 /proc/loadavg)
peer=(); ours=(); rss=()
for i in $(seq "$runs"); do
  t=$(now_ns)
  skopeo copy -q --src-tls-verify=false "docker://$image" "oci:$mnt/peer-$i:12"
  umoci unpack --image "$mnt/peer-$i:12" "$mnt/peer-bundle-$i" >/dev/null
  peer+=("$(elapsed_ms "$t")")
  rm -rf "$mnt/peer-$i" "$mnt/peer-bundle-$i"

  t=$(now_ns)
  /usr/bin/time -f %M -o "$work/rss" "$racker" --root "$mnt/racker-$i" ${RACKER_BENCH_FLAGS:-} pull -q "$image" >/dev/null
  ours+=("$(elapsed_ms "$t")")
  rss+=("$(cat "$work/rss")")
  unpacked=$(du -sb "$mnt/racker-$i/images/roots" | cut -f1)
  rm -rf "$mnt/racker-$i"
done
p=$(printf '%s\n' "${peer[@]}" | median)
r=$(printf '%s\n' "${ours[@]}" | median)
m=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
echo "image: 3 gzip layers, $((compressed / 1000000)) MB compressed, $((unpacked / 1000000)) MB unpacked; runs: $runs (medians, on tmpfs)"
echo "skopeo copy + umoci unpack: ${p} ms"
echo "racker pull:                ${r} ms"
echo "ratio racker/peer:          $(ratio "$r" "$p")  (goal <= 0.50)"
echo "racker throughput:          $(awk -v b="$unpacked" -v ms="$r" 'BEGIN {printf "%.0f", b / 1e6 / (ms / 1000)}') MB/s unpacked"
echo "racker peak RSS:            $((m / 1024)) MB  (goal < 256 MB)"
echo "conditions:                 $(nproc) CPUs, load average $load_before before, $(cut -d' ' -f1 /proc/loadavg) after; class-data archive: $cds"
echo "all runs (ms):              peer ${peer[*]}; racker ${ours[*]}"
