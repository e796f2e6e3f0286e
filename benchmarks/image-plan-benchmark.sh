#!/usr/bin/env bash
# Times the Jib extension's layer planning (what odoo:prepare-image and the extension do before
# Jib writes layers) for a synthetic Odoo-sized work directory. Numbers go to docs/image.md.
# Usage: benchmarks/image-plan-benchmark.sh [files] [iterations]   (env MAVEN_REPO_LOCAL, MVN_OFFLINE=-o)
set -euo pipefail
cd "$(dirname "$0")/.."
files="${1:-60000}"
iterations="${2:-5}"
repo_local=(${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL})
./mvnw -B -q ${MVN_OFFLINE:-} "${repo_local[@]}" -pl odoo-maven-plugin test-compile
cp_file=odoo-maven-plugin/target/bench-classpath.txt
./mvnw -B -q ${MVN_OFFLINE:-} "${repo_local[@]}" -pl odoo-maven-plugin dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
work=odoo-maven-plugin/target/image-plan-benchmark-$files
mkdir -p "$work"
echo "host: $(nproc) cores, $(java -version 2>&1 | head -1)"
java -Xmx512m -cp "odoo-maven-plugin/target/test-classes:odoo-maven-plugin/target/classes:$(cat "$cp_file")" \
    dev.odooimage.image.bench.LayerPlanBenchmark "$work" "$files" "$iterations"
