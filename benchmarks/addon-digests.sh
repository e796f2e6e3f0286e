#!/usr/bin/env bash
# Times the per-addon digests (addons.digests, for odoo-update --changed) that odoo:addons-path
# computes: reading every addon file against reusing the aggregate step's recorded hashes.
# Default tree: the real Odoo 16.0 core of ../shared/fixtures (unpacked to a temp directory).
# Numbers go to docs/addons.md.
# Usage: benchmarks/addon-digests.sh [tree] [iterations]   (env MAVEN_REPO_LOCAL, MVN_OFFLINE=-o)
set -euo pipefail
cd "$(dirname "$0")/.."
tree="${1:-}"
iterations="${2:-5}"
if [ -z "$tree" ]; then
  tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
  tar -xJf ../shared/fixtures/odoo-16.0-core.tar.xz -C "$tmp"
  tree="$tmp/odoo-16.0-core"
fi
repo_local=(${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL})
./mvnw -B -q ${MVN_OFFLINE:-} "${repo_local[@]}" -pl odoo-maven-plugin test-compile
cp_file=odoo-maven-plugin/target/bench-classpath.txt
./mvnw -B -q ${MVN_OFFLINE:-} "${repo_local[@]}" -pl odoo-maven-plugin dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
echo "host: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
java -Xmx256m -cp "odoo-maven-plugin/target/test-classes:odoo-maven-plugin/target/classes:$(cat "$cp_file")" \
    dev.odooimage.aggregate.AddonDigestBenchmark "$tree" "$iterations"
