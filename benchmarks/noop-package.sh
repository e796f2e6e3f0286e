#!/usr/bin/env bash
# No-op `mvn package` of a generated project (issue 20): where the time goes, per mojo.
#
#   benchmarks/noop-package.sh <project-dir> [rounds] [extra mvn args...]
#
# <project-dir>: a generated project that already built once (e.g. a copy of
# its/target/its-work/ImageNoOpIT/run/acme-odoo after `mvn generate-resources -Dodoo.python.refresh`;
# with the test base as tar://, pass -Dodoo.base.allowUnpinned), or a copy (`cp -a`) of the real-Odoo
# project its/target/its-work/RealOdooIT/real/real-odoo (its base is pinned on a registry that no
# longer runs: every run is -o, served from the base and Jib caches). Each round runs, one after the
# other: `mvn package` with nothing changed (jib:buildTar skipped by the stamp), the same with
# -Dodoo.image.rebuild (what every no-op paid before), and `mvn validate` of an empty pom (Maven
# start-up). Prints the wall time of each process, Maven's "Total time", and each mojo's time
# from the log's timestamps ("model+realms": from "Scanning for projects" to the first goal, i.e.
# reading the pom and building our extension realm). MVN (default: mvn on PATH; it must be Maven 3.9+, e.g. the wrapper's
# ~/.m2/wrapper/dists/apache-maven-3.9.9/*/bin/mvn), MAVEN_REPO (-Dmaven.repo.local),
# REBUILD=0 (leave out the -Dodoo.image.rebuild run of each round).
set -euo pipefail
project=$(cd "$1" && pwd); rounds=${2:-3}; shift $(( $# >= 2 ? 2 : 1 ))
mvn=${MVN:-mvn}
repo=${MAVEN_REPO:+-Dmaven.repo.local=$MAVEN_REPO}
opts=(-B -ntp -o $repo -Dorg.slf4j.simpleLogger.showDateTime=true
      -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS "$@")
out=$(mktemp -d); empty=$out/empty; mkdir "$empty"
cat > "$empty/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>x</groupId>
<artifactId>empty</artifactId><version>1</version><packaging>pom</packaging></project>
POM
per_mojo() {
  python3 - "$1" <<'PY'
import re, sys, datetime
ev = []
for l in open(sys.argv[1]).read().splitlines():
    m = re.match(r'(\d\d:\d\d:\d\d\.\d+) \[INFO\] (--- (\S+?):\S+:(\S+) |Total time|Scanning for projects)', l)
    if m:
        name = m.group(4) or ('model+realms' if m.group(2).startswith('Scanning') else 'end')
        ev.append((datetime.datetime.strptime(m.group(1), '%H:%M:%S.%f'), name))
print('   ', ', '.join(f"{n} {int((b - a).total_seconds() * 1000)} ms" for (a, n), (b, _) in zip(ev, ev[1:])))
PY
}
timed() { # name dir args...
  local name=$1 dir=$2; shift 2
  local s e; s=$(date +%s.%N)
  (cd "$dir" && $mvn "$@" > "$out/$name.log" 2>&1) || { echo "$name failed: $out/$name.log"; exit 1; }
  e=$(date +%s.%N)
  printf '%-10s %6.2f s  %s  %s\n' "$name" "$(echo "$e - $s" | bc)" \
    "$(grep -o 'Total time: *[0-9.]* s' "$out/$name.log" || true)" \
    "$(grep -q 'jib:buildTar skipped' "$out/$name.log" && echo '(buildTar skipped)' || true)"
}
echo "load: $(cut -d' ' -f1-3 /proc/loadavg); logs in $out"
timed warm "$project" "${opts[@]}" package
for r in $(seq 1 "$rounds"); do
  echo "round $r, load $(cut -d' ' -f1-3 /proc/loadavg)"
  timed "noop-$r" "$project" "${opts[@]}" package; per_mojo "$out/noop-$r.log"
  if [ "${REBUILD:-1}" != 0 ]; then
    timed "rebuild-$r" "$project" "${opts[@]}" package -Dodoo.image.rebuild; per_mojo "$out/rebuild-$r.log"
  fi
  timed "empty-$r" "$empty" -B -ntp -o $repo validate
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
