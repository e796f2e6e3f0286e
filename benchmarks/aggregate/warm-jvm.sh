#!/usr/bin/env bash
# Warm aggregation inside a running build (issue 20): how much of odoo:aggregate's warm time is the
# fresh JVM. One `mvn validate` runs odoo:aggregate N+1 times in the same JVM, each execution into a
# new target directory from the same git cache: the first fills the cache (cold), the next N are
# "warm cache, new target" with JGit's, NIO's and the digest's code already JIT-compiled. Each round
# also times `git archive | tar -x` of the same tree. Compare with big.sh's warm case (a fresh
# `mvn odoo:aggregate` process per target).
# COLD=1: every execution has its own empty git cache and fetches from a local git daemon (as big.sh),
# so each one after the first is "cold" in a JVM that already fetched and exported once; the peer is
# `git clone --depth 1` from the same daemon.
#
#   benchmarks/aggregate/warm-jvm.sh [rounds]        (default 3)
#
# Env: MAVEN_REPO_LOCAL (default ~/.m2/repository; the plugin must be installed there),
#      FIXTURE (a bare or non-bare git repository; default: the real Odoo core that big.sh odoo
#      unpacked under ~/.cache/odoo-image-maven/bench/odoo-*/repo.git), EXECUTIONS (default 3).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=${1:-3}
N=${EXECUTIONS:-3}
REPO_LOCAL=${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}
FIXTURE=${FIXTURE:-$(ls -d "$HOME"/.cache/odoo-image-maven/bench/odoo-*/repo.git 2>/dev/null | head -1)}
[ -d "${FIXTURE:-}" ] || { echo "no fixture: run benchmarks/aggregate/big.sh odoo once, or set FIXTURE" >&2; exit 2; }
SHA=$(git --git-dir="$FIXTURE" rev-parse HEAD 2>/dev/null || git -C "$FIXTURE" rev-parse HEAD)
VERSION=$(sed -n 's|.*<version>\(.*SNAPSHOT\)</version>.*|\1|p' "$ROOT/pom.xml" | head -1)
MVN="$(cd "$ROOT" && ./mvnw -v | sed -n 's/^Maven home: //p')/bin/mvn"
W=$(mktemp -d /tmp/warm-jvm.XXXXXX)
DAEMON_PID=
trap '[ -z "$DAEMON_PID" ] || kill "$DAEMON_PID" 2>/dev/null; rm -rf "$W"' EXIT
URL="file://$FIXTURE"
if [ "${COLD:-0}" = 1 ]; then
  . "$(dirname "$0")/git-daemon.sh"
  serve_fixture "$FIXTURE" "$W/srv" /dev/null
fi
cat >"$W/repos.lock.yaml" <<LOCK
./odoo:
  remotes:
    origin: $URL
  merges:
    - origin $SHA
LOCK
executions=""
for i in $(seq 0 "$N"); do
  executions+="<execution><id>e$i</id><phase>validate</phase><goals><goal>aggregate</goal></goals>
  <configuration><workDirectory>\${odoo.bench.dir}/e$i</workDirectory>$([ "${COLD:-0}" = 1 ] && echo "<gitCache>\${odoo.bench.dir}/cache-e$i</gitCache>")</configuration></execution>"
done
cat >"$W/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>warm-jvm</artifactId><version>1</version><packaging>pom</packaging>
<build><plugins><plugin><groupId>dev.odooimage</groupId><artifactId>odoo-maven-plugin</artifactId>
<version>$VERSION</version><executions>$executions</executions></plugin></plugins></build></project>
POM
echo "fixture $FIXTURE ($SHA), $N warm executions per JVM, load $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$ROUNDS"); do
  rm -rf "$W/r" "$W/cache" "$W/tar"; mkdir -p "$W/r" "$W/tar"; sync
  (cd "$W" && "$MVN" -B -o -Dmaven.repo.local="$REPO_LOCAL" validate -Dodoo.repos.lock="$W/repos.lock.yaml" \
    -Dodoo.aggregate.gitCache="$W/cache" -Dodoo.bench.dir="$W/r") >"$W/mvn.log" 2>&1 \
    || { tail -30 "$W/mvn.log"; exit 1; }
  goals=$(sed -n 's/.*Aggregated [0-9]* aggregate(s).*, \([0-9][0-9.]*\) s *$/\1/p' "$W/mvn.log" | tr '\n' ' ')
  sync; t0=$EPOCHREALTIME
  if [ "${COLD:-0}" = 1 ]; then
    peer="git clone --depth 1"
    git clone --quiet --depth 1 "$URL" "$W/tar/odoo"
  else
    peer="git archive | tar -x"
    git --git-dir="$FIXTURE" archive "$SHA" 2>/dev/null | tar -x -C "$W/tar" \
      || git -C "$FIXTURE" archive "$SHA" | tar -x -C "$W/tar"
  fi
  t1=$EPOCHREALTIME
  tar_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  echo "round $r (load $(cut -d' ' -f1 /proc/loadavg)): odoo:aggregate per execution (first: fresh JVM$([ "${COLD:-0}" = 1 ] || echo ', cold cache')): $goals s; $peer: $tar_s s"
done
