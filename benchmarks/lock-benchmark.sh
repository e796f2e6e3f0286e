#!/usr/bin/env bash
# Times odoo:lock (refreshAll: every ref resolved) against git daemon remotes on 127.0.0.1:
# 1 merge from 1 remote vs 30 merges across 10 remotes. Numbers go to docs/locking.md.
# Usage: benchmarks/lock-benchmark.sh [iterations]   (env MAVEN_REPO_LOCAL, MVN_OFFLINE=-o)
set -euo pipefail
cd "$(dirname "$0")/.."
iterations="${1:-15}"
repo_local=(${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL})
./mvnw -B -q ${MVN_OFFLINE:-} "${repo_local[@]}" -pl odoo-maven-plugin test-compile
cp_file=odoo-maven-plugin/target/bench-classpath.txt
./mvnw -B -q ${MVN_OFFLINE:-} "${repo_local[@]}" -pl odoo-maven-plugin dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
work=odoo-maven-plugin/target/lock-benchmark
mkdir -p "$work"
echo "host: $(nproc) cores, $(java -version 2>&1 | head -1)"
java -cp "odoo-maven-plugin/target/test-classes:odoo-maven-plugin/target/classes:$(cat "$cp_file")" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    dev.odooimage.repos.bench.LockBenchmark "$work" "$iterations"
