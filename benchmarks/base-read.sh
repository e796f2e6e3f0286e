#!/usr/bin/env bash
# Benchmark of the base image reader (odoo:base-info): a cold read (layers streamed, index and
# kept files cached by digest) then a warm one (cache only) and an offline one (-o), of the same
# image. Prints Maven's wall time, CPU time and peak RSS per run. Numbers go to docs/base.md.
# Needs the plugin installed (./mvnw install -pl odoo-maven-plugin -DskipTests) and, by default,
# the kit's test base image (its/: BuildTestBaseImage, or any IT that uses it).
# Usage: benchmarks/base-read.sh [IMAGE]   IMAGE: tar://<docker-save archive> or a pinned
#        registry reference (default: the newest test base image tarball). Env MAVEN_REPO_LOCAL, KEEP=1.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
repo_local=(${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL})
IMAGE="${1:-}"
if [ -z "$IMAGE" ]; then
  tarball="$(ls -t "${ODOO_IMAGE_TEST_CACHE:-$HOME/.cache/odoo-image-maven/test-base}"/*/image.tar 2>/dev/null | head -1)"
  [ -n "$tarball" ] || { echo "no test base image: build it first (its BuildTestBaseImage)" >&2; exit 2; }
  IMAGE="tar://$tarball"
fi
WORK="$(mktemp -d /tmp/bench-base.XXXXXX)"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$WORK"' EXIT
VERSION="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$ROOT/odoo-maven-plugin/pom.xml" | head -1)"
cd "$WORK"
cat > pom.xml <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>bench</artifactId><version>1</version><packaging>pom</packaging></project>
POM
echo "image: $IMAGE"
case "$IMAGE" in tar://*) ls -l "${IMAGE#tar://}" | awk '{print "archive bytes: " $5}';; esac
for run in cold warm offline; do
  extra=(); [ "$run" = offline ] && extra=(-o)
  /usr/bin/time -f "%e s wall, %U+%S s cpu, %M KB max RSS" -o "$WORK/$run.time" \
    "$ROOT/mvnw" -B -ntp -q "${repo_local[@]}" "${extra[@]}" "dev.odooimage:odoo-maven-plugin:$VERSION:base-info" \
    "-Djib.from.image=$IMAGE" "-Dodoo.base.cacheDirectory=$WORK/cache" > "$WORK/$run.log" 2>&1 \
    || { cat "$WORK/$run.log"; exit 1; }
  printf '%-8s %s\n' "$run" "$(cat "$WORK/$run.time")"
done
du -sk "$WORK/cache" | awk '{print "cache: " $1 " KB"}'
find "$WORK/cache" -name index.tsv -exec wc -l {} + | awk 'NR==1{print "indexed paths: " $1}'
