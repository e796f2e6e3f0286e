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

REAL_ODOO=${ODOO_ITS_REAL_ODOO:-$ROOT/../shared/fixtures/odoo-16.0-core.tar.xz}
if [ -f "$REAL_ODOO" ]; then SERIES=16.0; else SERIES=17.0; fi

step "create the bundled example sources (local git repositories) in $EX/sources"
rm -rf "$EX"
mkdir -p "$EX"
$MVN -q -pl its exec:java -Dexec.mainClass=dev.odooimage.its.kit.ExampleFixtures \
    -Dexec.args="$EX/sources $SERIES" >"$EX/sources.properties"
prop() { grep "^$2=" "$1" | head -1 | cut -d= -f2-; }
ODOO_URL=$(prop "$EX/sources.properties" odoo.url)
OCA_URL=$(prop "$EX/sources.properties" oca-tools.url)
CUSTOMER_URL=$(prop "$EX/sources.properties" customer-addon.url)
if [ -f "$REAL_ODOO" ]; then
  step "use the real Odoo 16.0 core ($REAL_ODOO) as the Odoo repository"
  $MVN -q -pl its exec:java -Dexec.mainClass=dev.odooimage.its.kit.RealOdoo \
      -Dexec.args="$EX/real-odoo" -Dodoo.its.realOdoo="$REAL_ODOO" >"$EX/real-odoo.properties"
  ODOO_URL=$(prop "$EX/real-odoo.properties" odoo.url)
else
  echo "no real Odoo core at $REAL_ODOO: using the test kit's small stand-in for Odoo $SERIES"
fi

step "build (or reuse from cache) the Debian bookworm + python3 test base image"
$MVN -q -pl its exec:java -Dexec.mainClass=dev.odooimage.its.kit.BuildTestBaseImage \
    -Dexec.args=--info >"$EX/base.properties"
BASE_TAR=$(prop "$EX/base.properties" tarball)

step "serve it from a registry on 127.0.0.1 (Debian's docker-registry), as a real base would be"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$EX/registry/storage"
cat >"$EX/registry/config.yml" <<YAML
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $EX/registry/storage
http:
  addr: 127.0.0.1:$PORT
  secret: odoo-image-example
YAML
/usr/bin/docker-registry serve "$EX/registry/config.yml" >"$EX/registry/registry.log" 2>&1 &
REGISTRY_PID=$!
trap 'kill $REGISTRY_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$PORT/v2/" >/dev/null 2>&1 && break; sleep 0.2; done
BASE="127.0.0.1:$PORT/odoo-test-base:bookworm"
skopeo --insecure-policy copy --quiet --dest-tls-verify=false "docker-archive:$BASE_TAR" "docker://$BASE"
echo "base image: $BASE"
# The registry speaks plain HTTP on loopback: Jib has to be told.
export MAVEN_OPTS="${MAVEN_OPTS:-} -Djib.allowInsecureRegistries=true"

step "generate the client image repository from the archetype: $EX/example-odoo-image"
cd "$EX"
$MVN -q archetype:generate -DarchetypeCatalog=local \
    -DarchetypeGroupId=dev.odooimage -DarchetypeArtifactId=odoo-image-archetype \
    -DarchetypeVersion=$VERSION \
    -DgroupId=com.example -DartifactId=example-odoo-image -DodooVersion=$SERIES \
    -DbaseImage="$BASE" -DpythonVersion=3.11 -DpythonInterpreter=/usr/bin/python3.11 \
    -DdebianRelease=bookworm -Dregistry=127.0.0.1:$PORT/example
cd "$EX/example-odoo-image"

step "point repos.yaml at the example sources (Odoo, an OCA-like repository, a customer addon)"
sed -i "s#https://github.com/odoo/odoo.git#$ODOO_URL#" repos.yaml
cat >>repos.yaml <<YAML

# --- OCA ----------------------------------------------------------------------
./oca/tools:
  remotes:
    oca: $OCA_URL
  merges:
    - oca $SERIES
  target: oca $SERIES

# --- Owner --------------------------------------------------------------------
./customer/addon:
  remotes:
    customer: $CUSTOMER_URL
  merges:
    - customer $SERIES
  target: customer $SERIES
YAML
grep -v '^#' repos.yaml | sed '/^$/d'

step "lock sources, base image and Python packages: ./mvnw odoo:lock odoo:pin-base odoo:system-lock generate-resources -Dodoo.python.refresh"
# The generated repository's own wrapper, as its README says (same Maven as this project's).
MVN="./mvnw -B -ntp"
$MVN odoo:lock odoo:pin-base odoo:system-lock generate-resources -Dodoo.python.refresh
echo "--- repos.lock.yaml"; cat repos.lock.yaml
echo "--- base image in pom.xml"; grep '<odoo.base.image>' pom.xml
echo "--- requirements.lock.txt (first lines)"; head -12 requirements.lock.txt

step "build the image tarball (./mvnw package)"
$MVN package
ls -l target/jib-image.tar
echo "addons_path: $(cat target/odoo/addons_path)"

if command -v podman >/dev/null 2>&1 || command -v docker >/dev/null 2>&1; then
  step "verify the image: static checks, then run it with a throw-away PostgreSQL (./mvnw verify)"
  $MVN verify
  ENGINE=$(command -v podman || command -v docker)
  IMAGE_ID=$("$ENGINE" load -q -i target/jib-image.tar | awk '{print $NF}')
  echo "--- $ENGINE run $IMAGE_ID --version"
  "$ENGINE" run --rm "$IMAGE_ID" --version
  step "push it: ./mvnw deploy (to the registry on 127.0.0.1)"
  $MVN deploy
else
  step "no podman or docker on this machine: the image was built but not run"
fi

step "done: the example client repository is $EX/example-odoo-image"
