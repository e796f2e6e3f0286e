#!/usr/bin/env bash
# Benchmark: odoo:python-env (cold / warm / offline / no-op) against `python -m venv` + `pip install -r`
# on the host, for a requirement set shaped like Odoo 17's (see odoo17-requirements.txt).
# Needs: the plugin installed in the Maven repo given by M2, network access to PyPI, python3.11.
# Usage: M2=/work/m2/python benchmarks/python-env/run.sh   (numbers go to stdout, as a Markdown table)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
M2=${M2:-$HOME/.m2/repository}
HOSTPY=${HOSTPY:-/usr/bin/python3.11}
VERSION=${PLUGIN_VERSION:-0.1.0-SNAPSHOT}
WORK=$(mktemp -d /tmp/odoo-python-bench.XXXXXX)
PROJ=$WORK/proj
CACHE=$WORK/cache
mkdir -p "$PROJ/target/odoo/src/odoo"
cp "$HERE/pom.xml" "$HERE/requirements-overrides.in" "$PROJ/"
cp "$HERE/odoo17-requirements.txt" "$PROJ/target/odoo/src/odoo/requirements.txt"
touch "$PROJ/target/odoo/src/odoo/odoo-bin" "$PROJ/requirements.in" "$PROJ/requirements-constraints.in"

mvn_goal() { (cd "$PROJ" && "$ROOT/mvnw" -B -q -Dmaven.repo.local="$M2" "$@" \
    -Dodoo.python.cacheDirectory="$CACHE" "dev.odooimage:odoo-maven-plugin:$VERSION:$GOAL" >"$WORK/last.log" 2>&1) \
    || { cat "$WORK/last.log"; exit 1; }; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
row() { printf '| %s | %s ms |\n' "$1" "$2"; }

echo "| step | time |"
echo "|---|---|"
s=$(date +%s%N); GOAL=python-lock mvn_goal; row "odoo:python-lock, empty cache (pip tool bootstrap, 5 pure sdists built)" "$(ms "$s")"
PKGS=$(grep -c '^[a-z0-9].*==' "$PROJ/requirements.lock.txt")
rm -rf "$CACHE/artifacts" "$CACHE/built" "$CACHE/pip-http"
s=$(date +%s%N); GOAL=python-env mvn_goal; row "odoo:python-env cold ($PKGS packages: download, build sdists, lay out)" "$(ms "$s")"
rm -rf "$PROJ/target/odoo/venv" "$PROJ/target/odoo/stamps"
s=$(date +%s%N); GOAL=python-env mvn_goal; row "odoo:python-env warm cache (venv deleted)" "$(ms "$s")"
rm -rf "$PROJ/target/odoo/venv" "$PROJ/target/odoo/stamps"
s=$(date +%s%N); GOAL=python-env mvn_goal -o; row "odoo:python-env warm cache, offline (-o)" "$(ms "$s")"
s=$(date +%s%N); GOAL=python-env mvn_goal -o; row "odoo:python-env no-op (stamp matches)" "$(ms "$s")"
s=$(date +%s%N); (cd "$PROJ" && "$ROOT/mvnw" -B -q -o -Dmaven.repo.local="$M2" validate >/dev/null 2>&1); row "(Maven start-up alone: mvn -o validate)" "$(ms "$s")"
VENV_SIZE=$(du -sh "$PROJ/target/odoo/venv" | cut -f1)

# Baseline: the host's own venv + pip install of the same effective requirements (host = target here).
REQ=$PROJ/target/odoo/requirements.effective.in
s=$(date +%s%N); "$HOSTPY" -m venv "$WORK/pipvenv" && "$WORK/pipvenv/bin/pip" install -q --disable-pip-version-check \
    --cache-dir "$WORK/pipcache" -r "$REQ" >/dev/null; row "python -m venv + pip install -r, cold pip cache" "$(ms "$s")"
rm -rf "$WORK/pipvenv"
s=$(date +%s%N); "$HOSTPY" -m venv "$WORK/pipvenv" && "$WORK/pipvenv/bin/pip" install -q --disable-pip-version-check \
    --cache-dir "$WORK/pipcache" -r "$REQ" >/dev/null; row "python -m venv + pip install -r, warm pip cache" "$(ms "$s")"
echo
echo "venv: $VENV_SIZE; pip baseline: $("$WORK/pipvenv/bin/pip" --version | cut -d' ' -f1-2), $(du -sh "$WORK/pipvenv" | cut -f1)"
echo "machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d)"
rm -rf "$WORK"
