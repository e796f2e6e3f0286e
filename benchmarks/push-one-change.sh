#!/usr/bin/env bash
# Bytes a second push sends after one file of one repository changed (issue 20), on a given
# project with the aggregate skipped and the bytecode not recompiled (a quick look). The real
# flow (new commit, odoo:lock, mvn package jib:build, the real Odoo core) is
# benchmarks/push-one-change-real.sh.
#
#   benchmarks/push-one-change.sh <project-dir> [file-under-target/odoo/src] [extra mvn args...]
#
# <project-dir>: a generated project that packages (see noop-package.sh). Starts Debian's
# docker-registry on 127.0.0.1 (storage in a temp dir), pushes the image with
# `mvn package jib:build` (what `mvn deploy` runs for the image, without verify/smoke), appends
# one line to one source file (default src/odoo/odoo/release.py; the aggregate is skipped so that
# it does not restore the file), pushes again, and reports for each push the blobs that
# appeared in the registry's storage (what Jib uploaded: it sends only blobs the registry
# lacks; the manifest is stored as a blob too) next to the size of the changed repository's layer. MVN, MAVEN_REPO as in
# noop-package.sh. Not offline (Jib refuses to push in offline mode). The project's target/odoo is
# changed: use a copy.
set -euo pipefail
project=$(cd "$1" && pwd); file=${2:-src/odoo/odoo/release.py}; shift $(( $# >= 2 ? 2 : 1 ))
mvn=${MVN:-mvn}
repo=${MAVEN_REPO:+-Dmaven.repo.local=$MAVEN_REPO}
out=$(mktemp -d); port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$out/storage"
cat > "$out/config.yml" <<YML
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $out/storage
http:
  addr: 127.0.0.1:$port
  secret: bench
YML
/usr/bin/docker-registry serve "$out/config.yml" > "$out/registry.log" 2>&1 &
reg=$!
trap 'kill $reg 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/v2/" > /dev/null && break; sleep 0.2; done
blobs() { find "$out/storage" -path '*/blobs/sha256/*/data' -printf '%s %h\n' 2>/dev/null | sed 's#/data##; s# .*/# #' | sort; }
push() { # name extra-args...
  local name=$1; shift
  blobs > "$out/$name.before"
  (cd "$project" && $mvn -B -ntp $repo package jib:build -Djib.to.image="127.0.0.1:$port/acme/odoo:$name" \
      -Djib.allowInsecureRegistries=true "$@" > "$out/$name.log" 2>&1) || { echo "$name failed: $out/$name.log"; exit 1; }
  blobs > "$out/$name.after"
  local new; new=$(comm -13 "$out/$name.before" "$out/$name.after")
  echo "$name: $(echo "$new" | grep -c . || true) new blob(s), $(echo "$new" | awk '{s+=$1} END {print s+0}') bytes"
  echo "$new" | sed 's/^/    /'
}
echo "load: $(cut -d' ' -f1-3 /proc/loadavg); logs in $out"
push first "$@"
echo "# one changed line" >> "$project/target/odoo/$file"
push second -Dodoo.aggregate.skip "$@"
# The changed repository's layer: its compressed blob in the second image's manifest.
manifest=$(curl -fs -H 'Accept: application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json' \
  "http://127.0.0.1:$port/v2/acme/odoo/manifests/second")
echo "second image's layers (compressed bytes): $(echo "$manifest" | python3 -c 'import json,sys; print([l["size"] for l in json.load(sys.stdin)["layers"]])')"
echo "manifest bytes: $(printf '%s' "$manifest" | wc -c)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
