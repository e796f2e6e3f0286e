#!/usr/bin/env bash
# Container start to /web/health 200, with and without the .pyc that odoo:bytecode makes, on one
# Odoo image built without them (e.g. the example image of scripts/example.sh on the real core).
# The .pyc are made by the real goal (installed plugin) from the image's own /opt/odoo, with the
# given base image, then added to a copy of the image by `podman build`; both variants run the
# image's entrypoint (odoo-run) with no reachable database (/web/health does not need one).
# Numbers go to docs/bytecode.md.
#
# Usage: benchmarks/bytecode-start.sh IMAGE BASE [runs]
#   IMAGE  an image without .pyc, e.g. 127.0.0.1:PORT/example/example-odoo-image:16.0-...
#   BASE   its base as Jib takes it: tar:///path/image.tar or registry/repo:tag@sha256:...
#   env MAVEN_REPO_LOCAL (where the plugin is installed), ENGINE (podman|docker)
set -euo pipefail
image="${1:?IMAGE}"
base="${2:?BASE}"
runs="${3:-5}"
root="$(cd "$(dirname "$0")/.." && pwd)"
engine="${ENGINE:-$(command -v podman || command -v docker)}"
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)"
work="$(mktemp -d /tmp/bytecode-start.XXXXXX)"
tag="localhost/bytecode-start-pyc:$$"
cleanup() {
  "$engine" rmi "$tag" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "host: $(nproc) cores; engine $("$engine" --version); image $image"
odoo="$work/target/odoo"
mkdir -p "$odoo/src" "$odoo/stamps"
aggregates="$("$engine" image inspect --format '{{ index .Config.Labels "dev.odooimage.aggregates" }}' "$image")"
cid="$("$engine" create "$image")"
"$engine" cp "$cid:/opt/odoo/venv" "$odoo/venv"
json='{"format": 1, "aggregates": ['
sep=""
for a in ${aggregates//,/ }; do
  mkdir -p "$(dirname "$odoo/src/$a")"
  "$engine" cp "$cid:/opt/odoo/src/$a" "$odoo/src/$a"
  json="$json$sep{\"path\": \"./$a\", \"dir\": \"$a\", \"digest\": \"bench-$a\"}"
  sep=", "
done
"$engine" rm "$cid" >/dev/null
echo "$json]}" > "$odoo/src.json"
echo bench > "$odoo/stamps/python-env"
cat > "$work/pom.xml" <<EOF
<project><modelVersion>4.0.0</modelVersion><groupId>bench</groupId><artifactId>bench</artifactId>
<version>1</version><packaging>pom</packaging></project>
EOF

repo_local=(${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL})
start=$(date +%s.%N)
"$root/mvnw" -B -ntp -q -f "$work/pom.xml" "${repo_local[@]}" \
  "dev.odooimage:odoo-maven-plugin:$version:bytecode" -Djib.from.image="$base" -Dodoo.workDirectory="$odoo"
echo "odoo:bytecode (cold, incl. Maven start): $(echo "$(date +%s.%N) - $start" | bc) s"
start=$(date +%s.%N)
"$root/mvnw" -B -ntp -q -f "$work/pom.xml" "${repo_local[@]}" \
  "dev.odooimage:odoo-maven-plugin:$version:bytecode" -Djib.from.image="$base" -Dodoo.workDirectory="$odoo"
echo "odoo:bytecode (no-op, incl. Maven start): $(echo "$(date +%s.%N) - $start" | bc) s"

{
  echo "FROM $image"
  echo "COPY bytecode/venv/ /opt/odoo/venv/"
  for a in ${aggregates//,/ }; do echo "COPY bytecode/src/$a/ /opt/odoo/src/$a/"; done
} > "$odoo/Containerfile"
"$engine" build -q -t "$tag" -f "$odoo/Containerfile" "$odoo" >/dev/null
pyc_files=$(find "$odoo/bytecode" -name '*.pyc' | wc -l)
raw=$(du -sb --exclude=stamps "$odoo/bytecode" | cut -f1)
gz=$(tar -C "$odoo/bytecode" --exclude=stamps -cf - . | gzip -6 | wc -c)
echo ".pyc: $pyc_files files, $((raw / 1024 / 1024)) MiB on disk, $((gz / 1024 / 1024)) MiB gzip (layer size)"

# One start: seconds from `run` to the first 200 of /web/health; SyntaxWarnings in its log.
measure() {
  local img="$1" port cid t0 t1 code warnings
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  t0=$(date +%s.%N)
  cid=$("$engine" run -d -p "127.0.0.1:$port:8069" -e ODOO_DB_HOST=127.0.0.9 -e ODOO_DB_WAIT_TIMEOUT=0 "$img")
  code=000
  for _ in $(seq 1 1200); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/web/health" || true)
    [ "$code" = 200 ] && break
    sleep 0.05
  done
  t1=$(date +%s.%N)
  warnings=$("$engine" logs "$cid" 2>&1 | grep -c SyntaxWarning || true)
  "$engine" rm -f "$cid" >/dev/null
  [ "$code" = 200 ] || { echo "no /web/health 200 from $img" >&2; exit 1; }
  echo "$(echo "$t1 - $t0" | bc) $warnings"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

without=()
with=()
for i in $(seq 1 "$runs"); do
  read -r t w <<<"$(measure "$image")"; without+=("$t"); echo "run $i without .pyc: $t s ($w SyntaxWarning lines)"
  read -r t w <<<"$(measure "$tag")"; with+=("$t"); echo "run $i with .pyc:    $t s ($w SyntaxWarning lines)"
done
echo "median without .pyc: $(printf '%s\n' "${without[@]}" | median) s"
echo "median with .pyc:    $(printf '%s\n' "${with[@]}" | median) s"
