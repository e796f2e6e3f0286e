#!/usr/bin/env bash
# Times TreeExporter on a commit of an existing bare repository (ExportProbe, a test-scope
# main): reading every blob alone, the walk of every tree object a cache hit once did, then
# the export with its digest with 1, 2 and 4 writer threads (order rotating), and
# git archive | tar -x, per round.
# usage: benchmarks/aggregate/export-probe.sh <bare-repo> <commit> [rounds=3] [out-parent=$TMPDIR]
# env:   MAVEN_REPO_LOCAL, JAVA_OPTS (e.g. -Xmx512m)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
REPO_LOCAL=${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
(cd "$ROOT" && ./mvnw -B -q -ntp -Dmaven.repo.local="$REPO_LOCAL" -pl odoo-maven-plugin test-compile \
  dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test) >&2
uptime
java ${JAVA_OPTS:-} -cp "$ROOT/odoo-maven-plugin/target/test-classes:$ROOT/odoo-maven-plugin/target/classes:$(cat "$CP_FILE")" \
  dev.odooimage.aggregate.ExportProbe "$1" "$2" "${3:-3}" "${4:-${TMPDIR:-/tmp}}"
