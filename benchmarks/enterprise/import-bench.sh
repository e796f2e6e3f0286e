#!/usr/bin/env bash
# odoo:enterprise-import benchmark: EnterpriseImport on a synthetic bundle of C Community modules
# (one drifted) and E Enterprise modules of F files each, against a Community checkout locked and
# aggregated by the plugin's own code, with a fresh bare mirror per round: dry run, first apply,
# the same bundle again, a newer bundle with 5 modules changed. Medians and minima over the rounds
# (after one warm-up round). Prints a Markdown table for docs/enterprise.md.
#
# usage: benchmarks/enterprise/import-bench.sh [C=500] [E=250] [F=10] [rounds=3] [work-dir-parent=$TMPDIR]
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
  dev.odooimage.enterprise.EnterpriseImportBenchmark "${1:-500}" "${2:-250}" "${3:-10}" "${4:-3}" "${5:-${TMPDIR:-/tmp}}"
uptime
