#!/bin/bash
# A registry image without systemd (a slim Debian root, as docker's debian:bookworm-slim) run
# as an OS container: the first run makes it bootable (apt from Debian's mirror), later runs
# boot the kept bootable image. Prints the first run's time and the medians of later runs
# against the same cycle on a root that has systemd already (--rootfs), and their ratio
# (goal: about 1, the lookup of the bootable image costs next to nothing).
#   bench/bootable-image.sh [SLIM_ROOTFS] [RUNS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
slim=${1:-/var/cache/racker-test/bookworm-slim}
runs=${2:-5}
peer_root=$(default_rootfs)
racker="$here/../bin/racker"
[ -x "$slim/bin/sh" ] && [ ! -e "$slim/usr/lib/systemd/systemd" ] \
  || { echo "needs a root without systemd (mmdebstrap --variant=minbase bookworm DIR)" >&2; exit 1; }
for tool in docker-registry skopeo; do
  command -v $tool >/dev/null || { echo "needs $tool: scripts/install-deps --test" >&2; exit 1; }
done
work=$(mktemp -d)
registry_pid=
cleanup() {
  set +e
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null && wait "$registry_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# a one-layer OCI layout of the slim root, pushed to a registry on loopback
layout="$work/layout"
mkdir -p "$layout/blobs/sha256"
echo '{"imageLayoutVersion":"1.0.0"}' > "$layout/oci-layout"
blob() { # FILE MEDIATYPE -> prints a descriptor, moves FILE into the layout
  local d s; d=$(sha256sum "$1" | cut -d' ' -f1); s=$(stat -c %s "$1")
  mv "$1" "$layout/blobs/sha256/$d"
  printf '{"mediaType":"%s","digest":"sha256:%s","size":%s}' "$2" "$d" "$s"
}
tar --numeric-owner --xattrs -C "$slim" -cf "$work/layer.tar" .
diff="sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
gzip -1 -c "$work/layer.tar" > "$work/layer.tar.gz"; rm "$work/layer.tar"
layer=$(blob "$work/layer.tar.gz" application/vnd.oci.image.layer.v1.tar+gzip)
printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["bash"]},"rootfs":{"type":"layers","diff_ids":["%s"]}}' \
  "$diff" > "$work/config.json"
config=$(blob "$work/config.json" application/vnd.oci.image.config.v1+json)
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":%s,"layers":[%s]}' \
  "$config" "$layer" > "$work/manifest.json"
manifest=$(blob "$work/manifest.json" application/vnd.oci.image.manifest.v1+json)
printf '{"schemaVersion":2,"manifests":[%s]}' "${manifest%\}},\"annotations\":{\"org.opencontainers.image.ref.name\":\"slim\"}}" \
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
skopeo copy -q --dest-tls-verify=false "oci:$layout:slim" "docker://127.0.0.1:$port/bench/debian:slim"
image="127.0.0.1:$port/bench/debian:slim"
state="$work/state"

load_before=$(cut -d' ' -f1 /proc/loadavg)
"$racker" --root "$state" pull -q "$image" >/dev/null
t=$(now_ns)
"$racker" --root "$state" run --rm "$image" true 2>/dev/null
first=$(elapsed_ms "$t")
peer=(); ours=()
for i in $(seq "$runs"); do
  t=$(now_ns)
  "$racker" --root "$state" run --rm --rootfs "$peer_root" true
  peer+=("$(elapsed_ms "$t")")
  t=$(now_ns)
  "$racker" --root "$state" run --rm "$image" true
  ours+=("$(elapsed_ms "$t")")
done
p=$(printf '%s\n' "${peer[@]}" | median)
r=$(printf '%s\n' "${ours[@]}" | median)
size=$("$racker" --root "$state" images --format '{{.Tag}} {{.Size}}' | grep '+boot' | cut -d' ' -f2-)
echo "first run (pull done before; copy, apt-get update + install systemd from the mirror, boot): ${first} ms"
echo "bootable image: ${size}; runs: $runs (medians)"
echo "run --rm --rootfs ROOT_WITH_SYSTEMD true: ${p} ms"
echo "run --rm IMAGE true (its bootable image): ${r} ms"
echo "ratio image/rootfs:                     $(ratio "$r" "$p")  (goal about 1)"
echo "conditions: $(nproc) CPUs, load average $load_before before, $(cut -d' ' -f1 /proc/loadavg) after"
echo "all runs (ms): rootfs ${peer[*]}; image ${ours[*]}"
