#!/usr/bin/env bash
# The main job on the bundled example: build and install the plugin and the archetype,
# generate a client image repository from the archetype OUTSIDE this source tree, point
# it at the bundled example sources (local git repositories standing in for Odoo, an OCA
# repository and a customer addon), lock it, build its image tarball and, when podman or
# docker is present, run it against a throw-away PostgreSQL and show that it answers HTTP.
#
#   ODOO_EXAMPLE_DIR   where the example goes (default: ${TMPDIR:-/tmp}/odoo-image-example)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
EX=${ODOO_EXAMPLE_DIR:-${TMPDIR:-/tmp}/odoo-image-example}
MVN="$ROOT/mvnw -B -ntp"
VERSION=0.1.0-SNAPSHOT
step() { printf '\n==> %s\n' "$*"; }

cd "$ROOT"
bash scripts/setup-host.sh

step "build and install odoo-maven-plugin and odoo-image-archetype (tests: scripts/test.sh)"
$MVN -q install -DskipTests

step "create the bundled example sources (local git repositories) in $EX/sources"
rm -rf "$EX"
mkdir -p "$EX"
$MVN -q -pl its exec:java -Dexec.mainClass=dev.odooimage.its.kit.ExampleFixtures \
    -Dexec.args="$EX/sources" >"$EX/sources.properties"
prop() { grep "^$2=" "$1" | head -1 | cut -d= -f2-; }
ODOO_URL=$(prop "$EX/sources.properties" odoo.url)
OCA_URL=$(prop "$EX/sources.properties" oca-tools.url)
CUSTOMER_URL=$(prop "$EX/sources.properties" customer-addon.url)

step "build (or reuse from cache) the Debian bookworm + python3 test base image"
$MVN -q -pl its exec:java -Dexec.mainClass=dev.odooimage.its.kit.BuildTestBaseImage \
    -Dexec.args=--info >"$EX/base.properties"
BASE=$(prop "$EX/base.properties" jib.from)
echo "base image: $BASE"

step "generate the client image repository from the archetype: $EX/example-odoo-image"
cd "$EX"
$MVN -q archetype:generate -DarchetypeCatalog=local \
    -DarchetypeGroupId=dev.odooimage -DarchetypeArtifactId=odoo-image-archetype \
    -DarchetypeVersion=$VERSION \
    -DgroupId=com.example -DartifactId=example-odoo-image -DodooVersion=17.0 \
    -DbaseImage="$BASE" -DpythonVersion=3.11 -DpythonInterpreter=/usr/bin/python3.11 \
    -DdebianRelease=bookworm -Dregistry=127.0.0.1:5000/example
cd "$EX/example-odoo-image"

step "point repos.yaml at the example sources (Odoo, an OCA-like repository, a customer addon)"
sed -i "s#https://github.com/odoo/odoo.git#$ODOO_URL#" repos.yaml
cat >>repos.yaml <<YAML

# --- OCA ----------------------------------------------------------------------
./oca/tools:
  remotes:
    oca: $OCA_URL
  merges:
    - oca 17.0
  target: oca 17.0

# --- Owner --------------------------------------------------------------------
./customer/addon:
  remotes:
    customer: $CUSTOMER_URL
  merges:
    - customer 17.0
  target: customer 17.0
YAML
grep -v '^#' repos.yaml | sed '/^$/d'

step "lock the sources and the Python environment (mvn odoo:lock odoo:python-lock)"
$MVN odoo:lock
$MVN odoo:python-lock
echo "--- repos.lock.yaml"; cat repos.lock.yaml
echo "--- requirements.lock.txt (first lines)"; head -12 requirements.lock.txt

step "build the image tarball (mvn package)"
$MVN package
ls -l target/jib-image.tar
echo "addons_path: $(cat target/odoo/addons_path)"

if command -v podman >/dev/null 2>&1 || command -v docker >/dev/null 2>&1; then
  step "verify the image: static checks, then run it with a throw-away PostgreSQL (mvn verify)"
  $MVN verify
  ENGINE=$(command -v podman || command -v docker)
  IMAGE_ID=$("$ENGINE" load -q -i target/jib-image.tar | awk '{print $NF}')
  echo "--- $ENGINE run $IMAGE_ID --version"
  "$ENGINE" run --rm "$IMAGE_ID" --version
else
  step "no podman or docker on this machine: the image was built but not run"
fi

step "done: the example client repository is $EX/example-odoo-image"
