#!/usr/bin/env bash
# Aggregation of one big repository: odoo:aggregate against its physical peers.
#
# usage: benchmarks/aggregate/big.sh [large|odoo]
#   large  generated Odoo-shaped repository (make-large-repo.py: ~30,000 files, ~340 MiB,
#          three 16 MiB binaries, 2,000 commits), built once into $BENCH_CACHE
#   odoo   the real Odoo 16.0 core fixture (../shared/fixtures/odoo-16.0-core.tar.xz)
# env:   MAVEN_REPO_LOCAL   Maven local repository the plugin is installed in (default ~/.m2/repository)
#        SKIP_INSTALL=1     reuse the plugin already installed there
#        REPEAT             rounds (default 3); each cell is the median [min] over the rounds
#        XMX                heap of the Maven JVM running odoo:aggregate (default 512m)
#        BENCH_CACHE        where fixtures are cached (default ~/.cache/odoo-image-maven/bench)
#        GA=0               leave gitaggregate out (it is installed from PyPI into a temp venv)
#        BEFORE_VERSION     a second plugin version installed in MAVEN_REPO_LOCAL (e.g. main built
#                           with another version number) run as "before" in the same rounds
#
# Every round, with the tools run one after the other in the same minute (order rotating):
#   cold   ours: empty cache and target          | git clone --depth 1 (git daemon, same commit)
#                                                | gitaggregate (-j 1) when pip installs it
#   warm   ours: cache full, new target          | git archive <sha> | tar -x from the bare repository
#   (with BEFORE_VERSION, "before" runs right after ours in cold, warm and noop, on its own cache)
#   noop   ours: same target again (nothing to do)
# `sync` runs (untimed) before every timed command, so no tool pays another's write-back.
# Ours runs with -Xmx$XMX; its peak RSS (GNU time) is recorded. Besides wall time, every
# command's CPU time (user+sys of it and its children, bash's `times`) is recorded: on a
# machine shared with other work, CPU time varies far less than wall time. Ours' output must be the same
# files as git archive's (diff -r, exec bits), else the script fails.
set -euo pipefail
PROFILE=${1:-large}
case "$PROFILE" in large | odoo) ;; *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;; esac
REPEAT=${REPEAT:-3}
XMX=${XMX:-512m}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
REPO_LOCAL=${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}
CACHE=${BENCH_CACHE:-$HOME/.cache/odoo-image-maven/bench}
mkdir -p "$CACHE"
FIXTURE=$(python3 "$HERE/make-large-repo.py" "$PROFILE" "$CACHE")
BRANCH=$(git -C "$FIXTURE" for-each-ref --format="%(refname:short)" refs/heads | head -1) # its only branch
SHA=$(git -C "$FIXTURE" rev-parse "$BRANCH")

BENCH=$(mktemp -d /tmp/odoo-big-bench.XXXXXX)
OUT=$(mktemp -d /tmp/odoo-big-results.XXXXXX)
mkdir -p "$OUT/logs" "$BENCH/srv"
DAEMON_PID=
cleanup() {
  [ -z "$DAEMON_PID" ] || { kill "$DAEMON_PID" 2>/dev/null || true; wait "$DAEMON_PID" 2>/dev/null || true; }
  rm -rf "$BENCH"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
fail() { echo "BENCHMARK FAILED: $* (logs: $OUT)" >&2; exit 1; }
say() { echo "# $*" >&2; }
: >"$BENCH/gitconfig"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$BENCH/gitconfig" GIT_TERMINAL_PROMPT=0

. "$(dirname "$0")/git-daemon.sh"
serve_fixture "$FIXTURE" "$BENCH/srv" "$OUT/logs/git-daemon.log"
cat >"$BENCH/repos.lock.yaml" <<LOCK
./odoo:
  remotes:
    origin: $URL
  merges:
    # locked-from: origin $BRANCH
    - origin $SHA
LOCK

if [ "${SKIP_INSTALL:-0}" != 1 ]; then
  (cd "$ROOT" && ./mvnw -B -q -o -Dmaven.repo.local="$REPO_LOCAL" -pl odoo-maven-plugin install -DskipTests) >&2
fi
MAVEN_HOME=$(cd "$ROOT" && ./mvnw -v | sed -n 's/^Maven home: //p')
MVN="$MAVEN_HOME/bin/mvn"
VERSION=$(sed -n 's|.*<version>\(.*SNAPSHOT\)</version>.*|\1|p' "$ROOT/pom.xml" | head -1)
mkdir -p "$BENCH/project"
cat >"$BENCH/project/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>bench</artifactId><version>1</version><packaging>pom</packaging></project>
POM

WANT_GA=${GA:-1}
GA=
if [ "$WANT_GA" != 0 ] && timeout 120 python3 -m venv "$BENCH/venv" >"$OUT/logs/pip.log" 2>&1 \
  && timeout 120 "$BENCH/venv/bin/pip" install -q git-aggregator==4.1 >>"$OUT/logs/pip.log" 2>&1; then
  GA="$BENCH/venv/bin/gitaggregate"
else
  say "gitaggregate left out (GA=0 or pip could not install it in 2 min: $OUT/logs/pip.log)"
fi

SECS=
CPU=
child_cpu() { # user+sys seconds of every child this shell waited for, from the times builtin's file $1
  tail -1 "$1" | awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); t += a[1] * 60 + a[2] } printf "%.3f", t }'
}
timed() { # wall time to SECS, CPU time (user+sys of the command and its children) to CPU
  local t0=$EPOCHREALTIME rc=0
  times >"$BENCH/times0" # in this shell (a $(...) subshell would see none of its children)
  "$@" || rc=$?
  local us=$((${EPOCHREALTIME/./} - ${t0/./}))
  times >"$BENCH/times1"
  SECS=$(printf '%d.%06d' $((us / 1000000)) $((us % 1000000)))
  CPU=$(awk -v a="$(child_cpu "$BENCH/times0")" -v b="$(child_cpu "$BENCH/times1")" 'BEGIN { printf "%.3f", b - a }')
  return $rc
}
ROUND=0
printf 'round\tcase\ttool\tfigure\tseconds\tload1\n' >"$OUT/samples.tsv"
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$ROUND" "$1" "$2" "$3" "$4" "$(cut -d' ' -f1 /proc/loadavg)" >>"$OUT/samples.tsv"; }
record_run() { record "$1" "$2" process "$SECS"; record "$1" "$2" cpu "$CPU"; } # case tool
ours() { # workdir log [version [cache]]
  (cd "$BENCH/project" && MAVEN_OPTS="-Xmx$XMX" exec /usr/bin/time -f 'maxrss_kb %M' -o "$2.rss" \
    "$MVN" -B -o -Dmaven.repo.local="$REPO_LOCAL" "dev.odooimage:odoo-maven-plugin:${3:-$VERSION}:aggregate" \
    -Dodoo.repos.lock="$BENCH/repos.lock.yaml" -Dodoo.aggregate.gitCache="${4:-$BENCH/cache}" -Dodoo.workDirectory="$1") >"$2" 2>&1
}
goal_secs() {
  local s ms
  s=$(sed -n 's/.*Aggregated [0-9]* aggregate(s).*, \([0-9][0-9.]*\) s *$/\1/p' "$1" | tail -1)
  if [ -z "$s" ]; then
    ms=$(sed -n 's/.*nothing to do \[\([0-9]*\) ms\].*/\1/p' "$1" | tail -1)
    [ -n "$ms" ] && s=$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))
  fi
  echo "${s:?no goal time in $1}"
}
run_ours() { # case workdir [tool version cache]
  local tool=${3:-ours} log="$OUT/logs/${3:-ours}-$ROUND-$1.log"
  sync
  timed ours "$2" "$log" "${4:-}" "${5:-}" || fail "$1: odoo:aggregate ($tool) failed: $(tail -30 "$log")"
  record_run "$1" "$tool"
  record "$1" "$tool" goal "$(goal_secs "$log")"
  record "$1" "$tool" maxrss_mib "$(awk '/maxrss_kb/ {printf "%.0f", $2/1024}' "$log.rss")"
}
run_before() { [ -z "${BEFORE_VERSION:-}" ] || run_ours "$1" "$2" before "$BEFORE_VERSION" "$BENCH/cache-before"; }
clone_depth1() { git clone --quiet --depth 1 --branch "$BRANCH" "$URL" "$1"; }
archive_tar() { mkdir -p "$1" && git --git-dir="$BENCH/srv/odoo.git" archive "$SHA" | tar -x -C "$1"; }
gitaggregate() { (cd "$1" && exec "$GA" -c repos.yaml aggregate) >"$OUT/logs/ga-$ROUND.log" 2>&1; }
listing() { (cd "$1" && find . -name .git -prune -o -type f -perm -u=x -printf '%p x\n' -o -printf '%p %y\n' | LC_ALL=C sort); }
same_files() {
  diff -r --no-dereference -x .git "$1" "$2" >"$OUT/logs/diff.txt" 2>&1 || fail "$1 and $2 differ: $(head "$OUT/logs/diff.txt")"
  diff <(listing "$1") <(listing "$2") >"$OUT/logs/diff.txt" || fail "types/exec bits differ: $(head "$OUT/logs/diff.txt")"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
say "profile=$PROFILE fixture=$FIXTURE sha=$SHA rounds=$REPEAT Xmx=$XMX results=$OUT"
TOOLS=(ours peer)
for ROUND in $(seq "$REPEAT"); do
  rm -rf "$BENCH/cache" "$BENCH/cache-before" "$BENCH"/w-* "$BENCH"/b-* "$BENCH/clone" "$BENCH/archive" "$BENCH/ga"
  sync
  timed "$MVN" -B -q -o -Dmaven.repo.local="$REPO_LOCAL" -f "$BENCH/project/pom.xml" validate
  record_run mvn-startup maven
  k=$(((ROUND - 1) % 2)); ORDER=("${TOOLS[@]:k}" "${TOOLS[@]:0:k}")
  for tool in "${ORDER[@]}"; do
    if [ "$tool" = ours ]; then run_ours cold "$BENCH/w-cold"; run_before cold "$BENCH/b-cold"; else
      sync; timed clone_depth1 "$BENCH/clone" || fail "git clone --depth 1 failed"; record_run cold "git clone --depth 1"
      if [ -n "$GA" ]; then
        mkdir -p "$BENCH/ga" && cp "$BENCH/repos.lock.yaml" "$BENCH/ga/repos.yaml"; sync
        timed gitaggregate "$BENCH/ga" || fail "gitaggregate failed: $(tail "$OUT/logs/ga-$ROUND.log")"
        record_run cold gitaggregate
      fi
    fi
  done
  for tool in "${ORDER[@]}"; do
    if [ "$tool" = ours ]; then run_ours warm "$BENCH/w-warm"; run_before warm "$BENCH/b-warm"; else
      sync; timed archive_tar "$BENCH/archive" || fail "git archive | tar -x failed"; record_run warm "git archive + tar -x"
    fi
  done
  run_ours noop "$BENCH/w-warm"
  run_before noop "$BENCH/b-warm"
  grep -q "Sources up to date" "$OUT/logs/ours-$ROUND-noop.log" || fail "noop: not a no-op"
  same_files "$BENCH/w-warm/src/odoo" "$BENCH/archive"
  same_files "$BENCH/w-cold/src/odoo" "$BENCH/archive"
  say "round $ROUND/$REPEAT done (order ${ORDER[*]}; load $(cut -d' ' -f1-3 /proc/loadavg))"
done
FILES=$(git -C "$FIXTURE" ls-tree -r "$SHA" | wc -l)
MIB=$(git -C "$FIXTURE" ls-tree -r -l "$SHA" | awk '{s+=$4} END {printf "%.0f", s/1048576}')
python3 - "$OUT/samples.tsv" <<PY | tee "$OUT/results.md"
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
cells = {}
for r in rows:
    cells.setdefault((r["case"], r["tool"], r["figure"]), []).append(float(r["seconds"]))
print("profile $PROFILE: $FILES files, $MIB MiB, $(git -C "$FIXTURE" rev-list --count "$SHA") commits;"
      " $REPEAT rounds; Xmx $XMX; load before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg)")
print()
print("| case | tool | figure | median | min | max | load1 during |")
print("|---|---|---|---|---|---|---|")
loads = {}
for r in rows:
    loads.setdefault((r["case"], r["tool"], r["figure"]), []).append(float(r["load1"]))
for k, v in cells.items():
    unit = " MiB" if k[2] == "maxrss_mib" else " s"  # cpu: user+sys seconds
    print("| %s | %s | %s | %.2f%s | %.2f | %.2f | %.1f-%.1f |" % (k + (statistics.median(v), unit, min(v), max(v),
          min(loads[k]), max(loads[k]))))
def med(c, t, f): return statistics.median(cells[(c, t, f)]) if (c, t, f) in cells else None
print()
for c, peer in (("cold", "git clone --depth 1"), ("cold", "gitaggregate"), ("warm", "git archive + tar -x")):
    p = med(c, peer, "process")
    for t in ("ours", "before"):
        if p and med(c, t, "goal"):
            line = "- %s: %s / %s = %.2fx (goal), %.2fx (process)" % (c, t, peer, med(c, t, "goal") / p,
                                                                     med(c, t, "process") / p)
            if med(c, peer, "cpu"):
                cpu = med(c, t, "cpu") - med("mvn-startup", "maven", "cpu")
                line += "; CPU: %.2fx (process minus Maven start-up), %.2fx (process)" % (
                    cpu / med(c, peer, "cpu"), med(c, t, "cpu") / med(c, peer, "cpu"))
            print(line)
PY
echo "raw samples and logs: $OUT"
