#!/usr/bin/env bash
# Bytes a second push sends after one commit changed one file of the real Odoo 16.0 core
# (issue 20: "a change of one file in one repository: mvn package + push re-sends at most 1.1x
# that repository's layer"). The real flow, end to end:
#
#   1. a project generated from the installed archetype, its only repository the real core
#      (../shared/fixtures/odoo-16.0-core.tar.xz, committed by the its kit's RealOdoo into a bare
#      repository), the Debian test base served by Debian's docker-registry on 127.0.0.1;
#   2. `mvnw odoo:lock odoo:pin-base odoo:system-lock generate-resources -Dodoo.python.refresh`,
#      then `mvnw package jib:build` to that registry (push "first");
#   3. one commit appending one line to one .py file (CHANGE_PY), `mvnw odoo:lock
#      -Dodoo.repos.refresh=./odoo`,
#      `mvnw package jib:build` (push "py");
#   4. the same with one .xml file (CHANGE_XML) (push "xml").
#
# For each push: the blobs that appeared in the registry's storage (Jib sends only the blobs the
# registry lacks; the manifest is stored as a blob too), their bytes, and the ratio of the bytes
# sent to the largest new layer (the changed repository's layer), what odoo:bytecode compiled,
# and the seconds of each plugin goal and of Jib (from Maven's time-stamped log). Run from anywhere; needs the plugin, the archetype and the its kit
# installed in MAVEN_REPO (`./mvnw install -DskipTests -DskipITs -Dmaven.repo.local=...`),
# podman, skopeo, docker-registry, network to PyPI (the venv).
#
#   MAVEN_REPO   local Maven repository with the installed snapshot (default: ~/.m2/repository)
#   ODOO_CORE    the real core tarball (default: <repo>/../shared/fixtures/odoo-16.0-core.tar.xz)
#   WORK         work directory, kept for inspection (default: a new temp dir)
#   CHANGE_PY    the .py file changed (default: odoo/release.py)
#   CHANGE_XML   the .xml file changed (default: odoo/addons/base/views/res_users_views.xml)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REPO=${MAVEN_REPO:-$HOME/.m2/repository}
CORE=${ODOO_CORE:-$ROOT/../shared/fixtures/odoo-16.0-core.tar.xz}
WORK=${WORK:-$(mktemp -d /tmp/push-real.XXXXXX)}
CHANGE_PY=${CHANGE_PY:-odoo/release.py}
CHANGE_XML=${CHANGE_XML:-odoo/addons/base/views/res_users_views.xml}
MVN="$ROOT/mvnw -B -ntp -Dmaven.repo.local=$REPO"
mkdir -p "$WORK"
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "work: $WORK; load: $(load); $(date -u +%FT%TZ)"

# The registry, for the base and for the pushes.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$WORK/storage"
cat > "$WORK/registry.yml" <<YML
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $WORK/storage
http:
  addr: 127.0.0.1:$port
  secret: bench
YML
/usr/bin/docker-registry serve "$WORK/registry.yml" > "$WORK/registry.log" 2>&1 &
reg=$!
trap 'kill $reg 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/v2/" > /dev/null && break; sleep 0.2; done

prop() { grep "^$2=" "$1" | head -1 | cut -d= -f2-; }
(cd "$ROOT" && $MVN -q -pl its exec:java -Dexec.mainClass=dev.odooimage.its.kit.RealOdoo \
    -Dexec.args="$WORK/sources" -Dodoo.its.realOdoo="$CORE") > "$WORK/real-odoo.properties"
url=$(prop "$WORK/real-odoo.properties" odoo.url)
(cd "$ROOT" && $MVN -q -pl its exec:java -Dexec.mainClass=dev.odooimage.its.kit.BuildTestBaseImage \
    -Dexec.args=--info) > "$WORK/base.properties"
base="127.0.0.1:$port/odoo-test-base:bookworm"
skopeo --insecure-policy copy --quiet --dest-tls-verify=false "docker-archive:$(prop "$WORK/base.properties" tarball)" \
    "docker://$base"

cd "$WORK"
rm -rf project
$MVN -q archetype:generate -DarchetypeCatalog=local -DarchetypeGroupId=dev.odooimage \
    -DarchetypeArtifactId=odoo-image-archetype -DarchetypeVersion=0.1.0-SNAPSHOT -DgroupId=com.example \
    -DartifactId=project -DodooVersion=16.0 -DbaseImage="$base" -DpythonVersion=3.11 \
    -DpythonInterpreter=/usr/bin/python3.11 -DdebianRelease=bookworm -Dregistry=127.0.0.1:$port/bench \
    -DinteractiveMode=false > "$WORK/generate.log"
sed -i "s#https://github.com/odoo/odoo.git#$url#" project/repos.yaml
export MAVEN_OPTS="${MAVEN_OPTS:-} -Djib.allowInsecureRegistries=true"
pmvn() { (cd "$WORK/project" && $MVN "$@"); }
pmvn odoo:lock odoo:pin-base odoo:system-lock generate-resources -Dodoo.python.refresh > "$WORK/lock.log" 2>&1 \
  || { echo "lock failed: $WORK/lock.log"; exit 1; }

blobs() { find "$WORK/storage" -path '*/blobs/sha256/*/data' -printf '%s %h\n' 2>/dev/null | sed 's#/data##; s# .*/# #' | sort; }
manifest() {
  curl -fs -H 'Accept: application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json' \
    "http://127.0.0.1:$port/v2/bench/odoo/manifests/$1"
}
push() { # name
  local name=$1 t0 t1
  blobs > "$WORK/$name.before"
  t0=$(date +%s.%N)
  pmvn package jib:build -Djib.to.image="127.0.0.1:$port/bench/odoo:$name" -Dorg.slf4j.simpleLogger.showDateTime=true \
      -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS > "$WORK/$name.log" 2>&1 \
    || { echo "$name failed: $WORK/$name.log"; exit 1; }
  t1=$(date +%s.%N)
  blobs > "$WORK/$name.after"
  local new layers; new=$(comm -13 "$WORK/$name.before" "$WORK/$name.after")
  layers=$(manifest "$name" | python3 -c 'import json,sys; print(" ".join(l["digest"].split(":")[1]+"="+str(l["size"]) for l in json.load(sys.stdin)["layers"]))')
  echo "$name: $(echo "$new" | grep -c . || true) new blob(s), $(echo "$new" | awk '{s+=$1} END {print s+0}') bytes;" \
    "mvn $(printf '%.1f' "$(echo "$t1 - $t0" | bc)") s; load $(load)"
  echo "$new" | while read -r size digest; do
    [ -n "$size" ] || continue
    what=other; echo "$layers" | grep -q "$digest" && what=layer
    echo "    $size $what ${digest:0:12}"
  done
  echo "$new" | python3 -c '
import sys
layers = set(x.split("=")[0] for x in sys.argv[1].split())
new = [l.split() for l in sys.stdin if l.strip()]
total = sum(int(s) for s, _ in new)
big = max([int(s) for s, d in new if d in layers] or [0])
print("    sent / largest new layer: %s" % ("%.3fx" % (total / big) if big else "-"))' "$layers"
  grep -E 'odoo:bytecode: (src|venv|compiling|bytecode up)' "$WORK/$name.log" | sed 's/^[0-9:.]* \[INFO\] /    /' || true
  steps "$WORK/$name.log"
}
steps() { # the seconds of each plugin goal and of Jib, from the log's time stamps
  python3 - "$1" <<'PY'
import re, sys
marks = []
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"(\d\d):(\d\d):(\d\d\.\d+) \[INFO\] (--- (\S+?):\S+?:(\S+) |BUILD )", line)
    if m:
        t = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
        marks.append((t, (m.group(5) or "") + ":" + (m.group(6) or "end")))
out = []
for (t, name), (t2, _) in zip(marks, marks[1:]):
    if name.startswith(("odoo:", "jib")):
        out.append("%s %.1f" % (name, t2 - t))
print("    steps (s): " + ", ".join(out))
PY
}
commit() { # file
  rm -rf "$WORK/clone"
  git clone -q "$url" "$WORK/clone"
  echo "# one changed line ($(date +%s%N))" >> "$WORK/clone/$1"
  git -C "$WORK/clone" -c user.name=bench -c user.email=bench@odooimage.dev commit -qam "bench: change $1"
  git -C "$WORK/clone" push -q origin HEAD:16.0
  pmvn odoo:lock -Dodoo.repos.refresh=./odoo > "$WORK/lock-$(basename "$1").log" 2>&1 || { echo "odoo:lock failed"; exit 1; }
}
case "$CHANGE_XML" in *.xml) ;; *) echo "CHANGE_XML must name an .xml file"; exit 2;; esac
push first
commit "$CHANGE_PY"
push py
# An XML comment, so that the file stays valid for a later install.
rm -rf "$WORK/clone"; git clone -q "$url" "$WORK/clone"
sed -i '$ a <!-- one changed line -->' "$WORK/clone/$CHANGE_XML"
git -C "$WORK/clone" -c user.name=bench -c user.email=bench@odooimage.dev commit -qam "bench: change $CHANGE_XML"
git -C "$WORK/clone" push -q origin HEAD:16.0
pmvn odoo:lock -Dodoo.repos.refresh=./odoo > "$WORK/lock-xml.log" 2>&1 || { echo "odoo:lock failed"; exit 1; }
push xml
echo "layers of the last image (compressed bytes): $(manifest xml | python3 -c 'import json,sys; print([l["size"] for l in json.load(sys.stdin)["layers"]])')"
echo "load: $(load); $(date -u +%FT%TZ)"
