#!/usr/bin/env bash
# Benchmark of odoo:addons-path on a synthetic source tree shaped like a large deployment:
# an Odoo repository with ODOO_ADDONS addons plus REPOS repositories of PER_REPO addons each,
# every manifest a copy of a real-world shape (tests' resources/manifests). Prints the goal's
# own time (from its log), Maven's wall and CPU time and peak RSS. Numbers go to docs/addons.md.
# Needs the plugin installed (./mvnw install -pl odoo-maven-plugin -DskipTests).
# Usage: benchmarks/addons-path.sh   (env ODOO_ADDONS, REPOS, PER_REPO, MAVEN_REPO_LOCAL, KEEP=1)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
repo_local=(${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL})
ODOO_ADDONS="${ODOO_ADDONS:-600}"
REPOS="${REPOS:-40}"
PER_REPO="${PER_REPO:-50}"
WORK="$(mktemp -d /tmp/bench-addons.XXXXXX)"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$WORK"' EXIT
FIX="$ROOT/odoo-maven-plugin/src/test/resources/manifests"
VERSION="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$ROOT/odoo-maven-plugin/pom.xml" | head -1)"

cd "$WORK"
cat > pom.xml <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>bench</artifactId><version>1</version><packaging>pom</packaging></project>
POM
S=target/odoo/src
mkdir -p "$S/odoo/odoo/addons/base"; touch "$S/odoo/odoo-bin" "$S/odoo/odoo/addons/base/__init__.py"
echo "version_info = (17, 0, 0, 'final', 0, '')" > "$S/odoo/odoo/release.py"
echo "{'name': 'Base', 'version': '1.3', 'depends': []}" > "$S/odoo/odoo/addons/base/__manifest__.py"
{
  printf './odoo:\n  remotes:\n    odoo: https://github.com/odoo/odoo.git\n  merges:\n    - odoo %s\n' "$(printf 'a%.0s' {1..40})"
} > repos.lock.yaml
mk() { # dir manifest-fixture
  mkdir -p "$1"; touch "$1/__init__.py"
  sed -e "s/'depends' *: *\[[^]]*\]/'depends': ['base']/" -e 's/"depends": \[[^]]*\]/"depends": ["base"]/' \
      -e "s/\"python\": \[[^]]*\]/\"python\": []/" "$FIX/$2" > "$1/__manifest__.py"
}
for i in $(seq 1 "$ODOO_ADDONS"); do mk "$S/odoo/addons/core_$i" odoo_core_17.py; done
for r in $(seq 1 "$REPOS"); do
  printf './oca/repo%s:\n  remotes:\n    oca: https://github.com/OCA/repo%s.git\n  merges:\n    - oca %s\n' \
    "$r" "$r" "$(printf 'b%.0s' {1..40})" >> repos.lock.yaml
  for a in $(seq 1 "$PER_REPO"); do mk "$S/oca/repo$r/mod_${r}_$a" oca_17.py; done
done
TOTAL=$(( ODOO_ADDONS + 1 + REPOS * PER_REPO ))
echo "host: $(nproc) cores, load $(cut -d" " -f1-3 /proc/loadavg); tree: $TOTAL addons, $(( REPOS + 1 )) repositories"
for run in 1 2 3; do
  /usr/bin/time -f "run $run: maven wall %e s, CPU user %U s + sys %S s, peak RSS %M KiB" "$ROOT/mvnw" -B -o "${repo_local[@]}" \
    "dev.odooimage:odoo-maven-plugin:$VERSION:addons-path" -Dodoo.series=17.0 2>&1 \
    | grep -E "run [0-9]|addons_path \(" || true
done
