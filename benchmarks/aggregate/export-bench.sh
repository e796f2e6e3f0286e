#!/usr/bin/env bash
# Export benchmark: TreeExporter writing a synthetic Odoo-like tree (N files, ~8 KiB each)
# from a packed bare repository, with the digest computed while writing, against the same
# export followed by TreeDigest.of re-reading the directory (what odoo:aggregate did before).
# Medians over the rounds after two warm-up rounds; the first round is shown too (a fresh JVM).
#
# usage: benchmarks/aggregate/export-bench.sh [files=4000] [rounds=21] [work-dir-parent=$TMPDIR]
# env:   MAVEN_REPO_LOCAL  Maven local repository (default ~/.m2/repository)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
REPO_LOCAL=${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
(cd "$ROOT" && ./mvnw -B -q -o -Dmaven.repo.local="$REPO_LOCAL" -pl odoo-maven-plugin test-compile \
  dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test) >&2
uptime
java -cp "$ROOT/odoo-maven-plugin/target/test-classes:$ROOT/odoo-maven-plugin/target/classes:$(cat "$CP_FILE")" \
  dev.odooimage.aggregate.ExportBenchmark "${1:-4000}" "${2:-21}" "${3:-${TMPDIR:-/tmp}}"
