#!/usr/bin/env bash
# Aggregation benchmark: odoo:aggregate (cold cache, warm cache, no-op) against plain git
# (clone --depth 1 / fetch / merge doing the same work) and against gitaggregate from PyPI.
#
# usage: benchmarks/aggregate/run.sh [small|large]
# env:   MAVEN_REPO_LOCAL  Maven local repository to install the plugin into and run from
#        SKIP_INSTALL=1    reuse the plugin already installed there
#        THREADS           parallel aggregates for odoo:aggregate and gitaggregate -j (default 2)
# Prints a Markdown table; outputs of all three tools are compared file for file.
set -euo pipefail
PROFILE=${1:-small}
THREADS=${THREADS:-2}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
REPO_LOCAL=${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}
BENCH=$(mktemp -d /tmp/odoo-aggregate-bench.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
DAEMON_PID=
cleanup() { [ -n "$DAEMON_PID" ] && kill "$DAEMON_PID" 2>/dev/null; rm -rf "$BENCH"; }
trap cleanup EXIT

now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2-$1:.2f}')"; }

echo "# profile=$PROFILE threads=$THREADS bench=$BENCH" >&2
python3 "$ROOT/benchmarks/aggregate/make-fixtures.py" "$BENCH" "git://127.0.0.1:$PORT" "$PROFILE"
git daemon --reuseaddr --export-all --base-path="$BENCH/srv" --listen=127.0.0.1 --port="$PORT" "$BENCH/srv" &
DAEMON_PID=$!
sleep 1
LOCK="$BENCH/repos.lock.yaml"
SRV_SIZE=$(du -sh "$BENCH/srv" | cut -f1)
FILES=$(for r in "$BENCH"/srv/repo*.git; do git -C "$r" ls-tree -r main | wc -l; done | paste -sd+ | bc)
COMMITS=$(for r in "$BENCH"/srv/repo*.git; do git -C "$r" rev-list --count main; done | paste -sd+ | bc)

if [ "${SKIP_INSTALL:-0}" != 1 ]; then
  (cd "$ROOT" && ./mvnw -B -q -o -Dmaven.repo.local="$REPO_LOCAL" -pl odoo-maven-plugin install -DskipTests) >&2
fi
VERSION=$(cd "$ROOT" && sed -n 's|.*<version>\(.*SNAPSHOT\)</version>.*|\1|p' pom.xml | head -1)
mkdir -p "$BENCH/project"
cat > "$BENCH/project/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>bench</artifactId><version>1</version><packaging>pom</packaging></project>
POM
ours() { # $1 = work dir
  (cd "$BENCH/project" && "$ROOT/mvnw" -B -o -Dmaven.repo.local="$REPO_LOCAL" \
    "dev.odooimage:odoo-maven-plugin:$VERSION:aggregate" -Dodoo.lockFile="$LOCK" \
    -Dodoo.gitCache="$BENCH/cache" -Dodoo.workDirectory="$1" -Dodoo.aggregate.threads="$THREADS") > "$BENCH/ours.log" 2>&1 \
    || { cat "$BENCH/ours.log" >&2; exit 1; }
}

# --- odoo:aggregate ---------------------------------------------------------------
t0=$(now); ours "$BENCH/ours1"; t1=$(now)
OURS_COLD=$(secs "$t0" "$t1")
OURS_BYTES=$(grep -o 'fetched [0-9.]* [KMG]*i*B' "$BENCH/ours.log" | tail -1 | cut -d' ' -f2-)
t0=$(now); ours "$BENCH/ours2"; t1=$(now)
OURS_WARM=$(secs "$t0" "$t1")
grep -q "cache hit" "$BENCH/ours.log" || { echo "warm run was not a cache hit" >&2; exit 1; }
t0=$(now); ours "$BENCH/ours2"; t1=$(now)
OURS_NOOP=$(secs "$t0" "$t1")
grep -q "Sources up to date" "$BENCH/ours.log" || { echo "third run was not a no-op" >&2; exit 1; }
# Maven's own start-up, to separate it from the goal's work.
t0=$(now); (cd "$BENCH/project" && "$ROOT/mvnw" -B -q -o -Dmaven.repo.local="$REPO_LOCAL" validate); t1=$(now)
MVN_START=$(secs "$t0" "$t1")

# --- plain git: clone --depth 1 / fetch / merge, one aggregate after the other ---------
plain_git() { # $1 = dest dir
  python3 - "$LOCK" "$1" <<'PY'
import os, re, subprocess, sys
lock, dest = sys.argv[1], sys.argv[2]
aggs, cur = [], None
for line in open(lock):
    if re.match(r"^\S.*:$", line): cur = {"path": line.strip()[:-1], "remotes": {}, "merges": []}; aggs.append(cur)
    m = re.match(r"^    (\w+): (\S+)$", line)
    if m and cur is not None and not cur["merges"]: cur["remotes"][m.group(1)] = m.group(2)
    m = re.match(r"^    - (\w+) ([0-9a-f]{40})$", line)
    if m: cur["merges"].append((m.group(1), m.group(2)))
def git(d, *a): subprocess.run(["git", "-C", d, "-c", "user.name=b", "-c", "user.email=b@b", *a], check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for a in aggs:
    d = os.path.join(dest, a["path"])
    first = not os.path.isdir(os.path.join(d, ".git"))
    if first:
        os.makedirs(d); git(d, "init", "-q")
        for n, u in a["remotes"].items(): git(d, "remote", "add", n, u)
    single = len(a["merges"]) == 1
    for n, sha in a["merges"]:
        git(d, "fetch", "-q", *(["--depth", "1"] if single else []), n, sha)
    git(d, "reset", "-q", "--hard", a["merges"][0][1])
    for n, sha in a["merges"][1:]:
        git(d, "merge", "-q", "--no-edit", sha)
PY
}
t0=$(now); plain_git "$BENCH/git"; t1=$(now)
GIT_COLD=$(secs "$t0" "$t1")
t0=$(now); plain_git "$BENCH/git"; t1=$(now)
GIT_WARM=$(secs "$t0" "$t1")

# --- gitaggregate from PyPI -----------------------------------------------------------
GA_COLD=n/a; GA_WARM=n/a; GA_SAME=n/a
if python3 -m venv "$BENCH/venv" >/dev/null 2>&1 && "$BENCH/venv/bin/pip" install -q git-aggregator >/dev/null 2>&1; then
  mkdir -p "$BENCH/ga"; cp "$LOCK" "$BENCH/ga/repos.yaml"
  t0=$(now); (cd "$BENCH/ga" && "$BENCH/venv/bin/gitaggregate" -c repos.yaml -j "$THREADS" aggregate >/dev/null 2>&1); t1=$(now)
  GA_COLD=$(secs "$t0" "$t1")
  t0=$(now); (cd "$BENCH/ga" && "$BENCH/venv/bin/gitaggregate" -c repos.yaml -j "$THREADS" aggregate >/dev/null 2>&1); t1=$(now)
  GA_WARM=$(secs "$t0" "$t1")
  if diff -r --no-dereference -x .git -x repos.yaml "$BENCH/ga" "$BENCH/ours1/src" >/dev/null; then GA_SAME=yes; else GA_SAME=NO; fi
fi
if diff -r --no-dereference -x .git "$BENCH/git" "$BENCH/ours1/src" >/dev/null; then GIT_SAME=yes; else GIT_SAME=NO; fi

ratio() { python3 -c "print('n/a' if '$1'=='n/a' else f'{float(\"$1\")/float(\"$2\"):.1f}x')"; }
cat <<TABLE
Profile \`$PROFILE\`: $(ls -d "$BENCH"/srv/repo*.git | wc -l) repositories + 1 fork, $FILES files, $COMMITS commits on main, served ${SRV_SIZE} by git daemon; $THREADS threads.

| run | odoo:aggregate | plain git | gitaggregate | git / ours | gitaggregate / ours |
|---|---|---|---|---|---|
| cold (empty cache / empty dirs) | ${OURS_COLD} s (fetched ${OURS_BYTES}) | ${GIT_COLD} s | ${GA_COLD} s | $(ratio "$GIT_COLD" "$OURS_COLD") | $(ratio "$GA_COLD" "$OURS_COLD") |
| warm (cache full, new target / existing clones) | ${OURS_WARM} s | ${GIT_WARM} s | ${GA_WARM} s | $(ratio "$GIT_WARM" "$OURS_WARM") | $(ratio "$GA_WARM" "$OURS_WARM") |
| no-op (src.json matches, digests verified) | ${OURS_NOOP} s | - | - | | |

Maven start-up alone (\`mvn validate\` on an empty pom): ${MVN_START} s, included in every odoo:aggregate figure.
Same files as plain git: ${GIT_SAME}; same files as gitaggregate: ${GA_SAME}.
TABLE
