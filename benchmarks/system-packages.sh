#!/usr/bin/env bash
# Times the Debian packages steps as a user meets them, through SystemPackagesIT (real archive,
# test base image, real Jib): odoo:system-lock, a cold `mvn package` (empty .deb cache for the
# project), an offline warm `mvn -o package` from a second copy, and the sizes. Numbers go to
# docs/system-packages.md. Needs the plugin installed in the local repo first:
#   ./mvnw -B -ntp -Dmaven.repo.local=$MAVEN_REPO_LOCAL install -DskipTests -DskipITs
# Usage: benchmarks/system-packages.sh   (env MAVEN_REPO_LOCAL)
set -euo pipefail
cd "$(dirname "$0")/.."
repo_local=(${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL})
rm -rf its/target/its-work/SystemPackagesIT
log=its/target/system-packages-benchmark.log
mkdir -p its/target
echo "host: $(nproc) cores, $(java -version 2>&1 | head -1)"
./mvnw -B -ntp "${repo_local[@]}" -pl its verify -Dit.test=SystemPackagesIT -Dsurefire.skip=true >"$log" 2>&1 \
    || { tail -40 "$log"; exit 1; }
grep -h "system-packages benchmark" "$log"
work=$(ls -d its/target/its-work/SystemPackagesIT/*/)
grep -h "Package layer:\|Wrote .*system-packages.lock\|Jib builds on" "$work"/*.log | sed 's/^\[INFO\] //'
ls -l "$work"app/target/odoo/system/packages-layer.tar | awk '{print "package layer tar bytes: " $5}'
