#!/usr/bin/env bash
# Benchmark of odoo:verify: wall time and peak memory on a synthetic image tarball shaped
# like an Odoo release (one layer of many small source files, one venv-like layer).
#   scripts/bench-verify.sh [files=60000] [kib-per-file=8]
# Needs the plugin installed in the Maven repo given by MAVEN_REPO (default ~/.m2/repository)
# and GNU time (/usr/bin/time). The checks themselves fail (the synthetic image follows no
# contract); only the time and memory of reading and checking every byte are measured.
set -euo pipefail
files=${1:-60000}
kib=${2:-8}
root=$(cd "$(dirname "$0")/.." && pwd)
repo=${MAVEN_REPO:-$HOME/.m2/repository}
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work/jib-image.tar" "$files" "$kib" <<'PY'
import gzip, hashlib, io, json, os, random, sys, tarfile
out, files, kib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(1)
words = [("".join(rnd.choice("abcdefghijklmnopqrstuvwxyz_") for _ in range(rnd.randint(2, 12)))).encode()
         for _ in range(5000)]
def layer(entries):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as t:
        for path, data in entries:
            info = tarfile.TarInfo(path); info.size = len(data); info.mode = 0o644
            t.addfile(info, io.BytesIO(data))
    raw = raw.getvalue()
    return raw, gzip.compress(raw, 6)
def text(n):
    b = bytearray()
    while len(b) < n:
        b += rnd.choice(words) + b" "
    return bytes(b[:n])
src = [("opt/odoo/src/odoo/addons/m%04d/models/f%d.py" % (i // 20, i % 20), text(kib * 1024)) for i in range(files)]
venv = [("opt/odoo/venv/lib/python3.11/site-packages/p%03d/mod%d.py" % (i // 50, i % 50), text(kib * 1024))
        for i in range(files // 4)]
layers = [layer(src), layer(venv)]
config = {"architecture": "amd64", "os": "linux", "config": {"User": "1000:1000"},
          "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(r).hexdigest() for r, _ in layers]}}
cfg = json.dumps(config).encode()
with tarfile.open(out, "w") as t:
    names = []
    for _, gz in layers:
        name = hashlib.sha256(gz).hexdigest() + ".tar.gz"; names.append(name)
        info = tarfile.TarInfo(name); info.size = len(gz); t.addfile(info, io.BytesIO(gz))
    for name, data in (("config.json", cfg), ("manifest.json", json.dumps(
            [{"Config": "config.json", "RepoTags": ["bench/odoo:1"], "Layers": names}]).encode())):
        info = tarfile.TarInfo(name); info.size = len(data); t.addfile(info, io.BytesIO(data))
uncompressed = sum(len(r) for r, _ in layers)
print("tarball %s: %d files, %.0f MiB uncompressed, %.0f MiB on disk" % (
    out, files + files // 4, uncompressed / 2**20, os.path.getsize(out) / 2**20))
PY

cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>bench</artifactId><version>1</version><packaging>pom</packaging></project>
POM
cat > "$work/settings-secret.xml" <<'SET'
<settings><servers><server><id>bench</id><password>bench-secret-value-0123</password></server></servers></settings>
SET
cd "$work"
/usr/bin/time -f "elapsed %e s, cpu %U s user + %S s sys, peak RSS %M KiB" "$root/mvnw" -B -q -o -Dmaven.repo.local="$repo" \
    -s settings-secret.xml -Dodoo.image.tarball="$work/jib-image.tar" \
    "dev.odooimage:odoo-maven-plugin:$version:verify" >"$work/mvn.log" 2>"$work/time.log" || true
grep -q "checks failed" "$work/mvn.log" || { echo "odoo:verify did not run:"; tail -20 "$work/mvn.log"; exit 1; }
tail -1 "$work/time.log"
echo "load average: $(cut -d" " -f1-3 /proc/loadavg) on $(nproc) cores"
