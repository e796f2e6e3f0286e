#!/usr/bin/env bash
# Aggregation benchmark: odoo:aggregate against plain git and against gitaggregate (PyPI).
#
# usage: benchmarks/aggregate/run.sh [small|large|long]
# env:   MAVEN_REPO_LOCAL   Maven local repository to install the plugin into and run from
#                           (default ~/.m2/repository)
#        SKIP_INSTALL=1     reuse the plugin already installed there
#        THREADS            parallel aggregates for all three tools (default 2)
#        REPEAT             rounds; every cell reports median and min (default 3)
#        WARMUP=0           skip the untimed warm-up run of each tool (default 1)
#        GITAGGREGATOR_VERSION  git-aggregator release installed from PyPI (default 4.1)
#        KEEP=1             keep the work directory (fixtures, outputs) for inspection
#
# Each round runs four cases; within a case the three tools run one after the other, the
# order rotating from round to round, so that machine noise and page-cache effects hit all
# of them alike:
#   cold       empty cache / empty directories
#   warm       ours: cache full, new target directory (a second project or CI job);
#              git, gitaggregate: re-run in their existing clones
#   unchanged  ours: re-run on its own target (no-op); git, gitaggregate: re-run in their
#              clones again (for them the same as warm)
#   moved      repos.lock.moved.yaml (./oca/repo1 pinned to main~5): ours re-runs on its
#              target (rebuilds one aggregate), git, gitaggregate re-run in their clones
# After every case the three outputs must be the same files (content, symlinks, types,
# executable bits; .git and gitaggregate's repos.yaml excluded) and ours' log must show it
# did what the case says; otherwise the script fails loudly.
#
# Ours is timed twice: the whole Maven process, and the goal's own time from its log (what
# aggregation costs inside a `mvn package` where Maven already runs). Maven is started from
# the wrapper's distribution directly (mvnw adds ~0.4 s per call), and `mvn validate` of the
# empty pom is timed every round. Everything happens in a mktemp directory, removed on exit;
# the results (Markdown, JSON, raw TSV, ours' logs) go to a second mktemp directory that is
# kept and printed.
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; }
PROFILE=${1:-small}
case "$PROFILE" in
  small | large | long) ;;
  -h | --help) usage; exit 0 ;;
  *) usage; exit 2 ;;
esac
THREADS=${THREADS:-2}
REPEAT=${REPEAT:-3}
WARMUP=${WARMUP:-1}
GA_VERSION=${GITAGGREGATOR_VERSION:-4.1}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
REPO_LOCAL=${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}

BENCH=$(mktemp -d /tmp/odoo-aggregate-bench.XXXXXX)
OUT=$(mktemp -d /tmp/odoo-aggregate-results.XXXXXX)
mkdir -p "$OUT/logs"
DAEMON_PID=
cleanup() {
  if [ -n "$DAEMON_PID" ]; then
    kill "$DAEMON_PID" 2>/dev/null || true
    wait "$DAEMON_PID" 2>/dev/null || true
  fi
  if [ "${KEEP:-0}" = 1 ]; then echo "# kept $BENCH" >&2; else rm -rf "$BENCH"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  echo >&2
  echo "BENCHMARK FAILED: $*" >&2
  echo "(results and logs so far: $OUT)" >&2
  exit 1
}
say() { echo "# $*" >&2; }

# The git CLI tools see neither the user's nor the system's git config, and merge with a
# fixed identity and date, so their runs are the same on every machine.
: >"$BENCH/gitconfig"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$BENCH/gitconfig" GIT_TERMINAL_PROMPT=0
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.com GIT_AUTHOR_DATE='1700000000 +0000'
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.com GIT_COMMITTER_DATE='1700000000 +0000'

# --- fixtures and git daemon ------------------------------------------------------------
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
say "profile=$PROFILE threads=$THREADS repeat=$REPEAT bench=$BENCH results=$OUT"
python3 "$HERE/make-fixtures.py" "$BENCH" "git://127.0.0.1:$PORT" "$PROFILE"
LOCK="$BENCH/repos.lock.yaml"
MOVED="$BENCH/repos.lock.moved.yaml"
# git-daemon itself, not `git daemon`, so that DAEMON_PID is the server and kill stops it.
"$(git --exec-path)/git-daemon" --reuseaddr --export-all --base-path="$BENCH/srv" \
  --listen=127.0.0.1 --port="$PORT" "$BENCH/srv" 2>"$OUT/logs/git-daemon.log" &
DAEMON_PID=$!
for _ in $(seq 100); do
  git ls-remote "git://127.0.0.1:$PORT/repo0.git" >/dev/null 2>&1 && break
  kill -0 "$DAEMON_PID" 2>/dev/null || fail "git daemon did not start: $(cat "$OUT/logs/git-daemon.log")"
  sleep 0.1
done
git ls-remote "git://127.0.0.1:$PORT/repo0.git" >/dev/null || fail "git daemon does not answer on port $PORT"
NAGG=$(grep -c '^[^ #].*:$' "$LOCK")
REPOS=$(ls -d "$BENCH"/srv/repo*.git | wc -l)
SRV_SIZE=$(du -sh "$BENCH/srv" | cut -f1)
FILES=$(for r in "$BENCH"/srv/repo*.git; do git -C "$r" ls-tree -r main | wc -l; done | paste -sd+ | bc)
COMMITS=$(for r in "$BENCH"/srv/repo*.git; do git -C "$r" rev-list --count main; done | paste -sd+ | bc)

# --- odoo:aggregate through Maven, started from the wrapper's distribution ----------------
if [ "${SKIP_INSTALL:-0}" != 1 ]; then
  say "installing the plugin into $REPO_LOCAL"
  (cd "$ROOT" && ./mvnw -B -q -o -Dmaven.repo.local="$REPO_LOCAL" -pl odoo-maven-plugin install -DskipTests) >&2
fi
MAVEN_HOME=$(cd "$ROOT" && ./mvnw -v | sed -n 's/^Maven home: //p')
MVN="$MAVEN_HOME/bin/mvn"
[ -x "$MVN" ] || fail "no mvn in the wrapper's distribution ($MAVEN_HOME)"
VERSION=$(sed -n 's|.*<version>\(.*SNAPSHOT\)</version>.*|\1|p' "$ROOT/pom.xml" | head -1)
PLUGIN="dev.odooimage:odoo-maven-plugin:$VERSION"
mkdir -p "$BENCH/project"
cat >"$BENCH/project/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>bench</artifactId><version>1</version><packaging>pom</packaging></project>
POM

# --- gitaggregate from PyPI in a throw-away venv --------------------------------------------
GA=
if python3 -m venv "$BENCH/venv" >"$OUT/logs/pip.log" 2>&1 \
  && "$BENCH/venv/bin/pip" install --no-cache-dir -q "git-aggregator==$GA_VERSION" >>"$OUT/logs/pip.log" 2>&1; then
  GA="$BENCH/venv/bin/gitaggregate"
  GA_INSTALLED=$("$BENCH/venv/bin/python" -c 'import importlib.metadata as m; print(m.version("git-aggregator"))')
else
  GA_INSTALLED="not installable (see $OUT/logs/pip.log): column n/a"
  echo "WARNING: git-aggregator==$GA_VERSION could not be installed; gitaggregate is left out" >&2
fi

# --- timing and checks ------------------------------------------------------------------------
SECS=
timed() { # run "$@", its wall time in seconds goes to SECS (microsecond clock, no fork)
  local t0=$EPOCHREALTIME rc=0
  "$@" || rc=$?
  local us=$((${EPOCHREALTIME/./} - ${t0/./}))
  SECS=$(printf '%d.%06d' $((us / 1000000)) $((us % 1000000)))
  return $rc
}
ROUND=0
printf 'round\tcase\ttool\tfigure\tseconds\tload1\n' >"$OUT/samples.tsv"
record() { # case tool figure seconds
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$ROUND" "$1" "$2" "$3" "$4" "$(cut -d' ' -f1 /proc/loadavg)" >>"$OUT/samples.tsv"
}

mvn_aggregate() { # lock workdir log
  (cd "$BENCH/project" && exec "$MVN" -B -o -Dmaven.repo.local="$REPO_LOCAL" "$PLUGIN:aggregate" \
    -Dodoo.repos.lock="$1" -Dodoo.aggregate.gitCache="$BENCH/cache" -Dodoo.workDirectory="$2" \
    -Dodoo.aggregate.threads="$THREADS") >"$3" 2>&1
}
plain_git() { # lock dest log
  python3 "$HERE/plain-git.py" "$1" "$2" "$THREADS" >"$3" 2>&1
}
gitaggregate() { # log; runs ga/repos.yaml, resolving the aggregate paths against its cwd
  (cd "$BENCH/ga" && exec "$GA" -c repos.yaml -j "$THREADS" aggregate) >"$1" 2>&1
}
goal_secs() { # the goal's own time from its log: "Aggregated ..., N s" or "nothing to do [N ms]"
  local s ms
  s=$(sed -n 's/.*Aggregated [0-9]* aggregate(s).*, \([0-9][0-9.]*\) s *$/\1/p' "$1" | tail -1)
  if [ -z "$s" ]; then
    ms=$(sed -n 's/.*nothing to do \[\([0-9]*\) ms\].*/\1/p' "$1" | tail -1)
    [ -n "$ms" ] && s=$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))
  fi
  [ -n "$s" ] || fail "no goal time (Aggregated ..., N s / nothing to do [N ms]) in $1"
  echo "$s"
}
check_ours() { # case log: ours did what the case says
  local log=$2
  case $1 in
    cold)
      grep -q "Aggregated $NAGG aggregate(s)" "$log" || fail "cold: ours did not aggregate all $NAGG aggregates ($log)"
      ! grep -q "cache hit" "$log" || fail "cold: ours reports a cache hit on an empty cache ($log)" ;;
    warm)
      grep -q "Aggregated $NAGG aggregate(s)" "$log" || fail "warm: ours did not aggregate all $NAGG aggregates ($log)"
      [ "$(grep -c "cache hit" "$log")" = "$NAGG" ] || fail "warm: not every aggregate was a cache hit ($log)" ;;
    unchanged)
      grep -q "Sources up to date" "$log" || fail "unchanged: ours' rerun was not a no-op ($log)" ;;
    moved)
      grep -q "Aggregated 1 aggregate(s)" "$log" || fail "moved: ours did not rebuild exactly 1 aggregate ($log)" ;;
  esac
}
listing() { # type of every entry and the executable bit of files, .git and repos.yaml excluded
  (cd "$1" && find . \( -name .git -o -path ./repos.yaml \) -prune -o -type f -perm -u=x -printf '%p x\n' \
    -o -printf '%p %y\n' | LC_ALL=C sort)
}
same_files() { # case label dir-a dir-b
  diff -r --no-dereference -x .git -x repos.yaml "$3" "$4" >"$OUT/logs/diff.txt" 2>&1 \
    || fail "$1: $2 produced different files: $(head -20 "$OUT/logs/diff.txt")"
  diff <(listing "$3") <(listing "$4") >"$OUT/logs/diff.txt" 2>&1 \
    || fail "$1: $2 differ in file types or executable bits: $(head -20 "$OUT/logs/diff.txt")"
}

run_tool() { # case tool
  local case=$1 lock=$LOCK target=$BENCH/ours log
  [ "$case" = moved ] && lock=$MOVED
  [ "$case" = cold ] && target=$BENCH/ours-cold
  case $2 in
    ours)
      log="$OUT/logs/ours-$ROUND-$case.log"
      timed mvn_aggregate "$lock" "$target" "$log" || fail "$case: odoo:aggregate failed: $(tail -30 "$log")"
      check_ours "$case" "$log"
      local goal
      goal=$(goal_secs "$log") || exit 1
      record "$case" ours process "$SECS"
      record "$case" ours goal "$goal" ;;
    git)
      log="$OUT/logs/git-$ROUND-$case.log"
      timed plain_git "$lock" "$BENCH/git" "$log" || fail "$case: plain git failed: $(tail -30 "$log")"
      record "$case" git process "$SECS" ;;
    gitaggregate)
      log="$OUT/logs/gitaggregate-$ROUND-$case.log"
      cp "$lock" "$BENCH/ga/repos.yaml" # its config file; untimed
      timed gitaggregate "$log" || fail "$case: gitaggregate failed: $(tail -30 "$log")"
      record "$case" gitaggregate process "$SECS" ;;
  esac
}
verify_case() { # case
  local src=$BENCH/ours/src
  [ "$1" = cold ] && src=$BENCH/ours-cold/src
  same_files "$1" "odoo:aggregate and plain git" "$src" "$BENCH/git"
  [ -z "$GA" ] || same_files "$1" "odoo:aggregate and gitaggregate" "$src" "$BENCH/ga"
  if [ "$1" = moved ]; then # the moved lock really changed what was produced
    ! diff -rq "$BENCH/ours-cold/src/oca/repo1" "$src/oca/repo1" >/dev/null \
      || fail "moved: ./oca/repo1 is the same as with the original lock"
  fi
}
fresh_dirs() {
  rm -rf "$BENCH/cache" "$BENCH/ours-cold" "$BENCH/ours" "$BENCH/git" "$BENCH/ga"
  mkdir -p "$BENCH/git" "$BENCH/ga"
}

TOOLS=(ours git)
[ -z "$GA" ] || TOOLS+=(gitaggregate)

if [ "$WARMUP" = 1 ]; then
  # One untimed run of each tool, so that round 1 does not alone pay for reading the JVM,
  # Maven, the plugin, git and Python from disk into the page cache.
  say "warm-up (untimed)"
  fresh_dirs
  mvn_aggregate "$LOCK" "$BENCH/ours-cold" "$OUT/logs/warmup-ours.log" || fail "warm-up: odoo:aggregate failed"
  plain_git "$LOCK" "$BENCH/git" "$OUT/logs/warmup-git.log" || fail "warm-up: plain git failed"
  if [ -n "$GA" ]; then
    cp "$LOCK" "$BENCH/ga/repos.yaml"
    gitaggregate "$OUT/logs/warmup-gitaggregate.log" || fail "warm-up: gitaggregate failed"
  fi
fi

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
for ROUND in $(seq "$REPEAT"); do
  fresh_dirs
  timed "$MVN" -B -q -o -Dmaven.repo.local="$REPO_LOCAL" -f "$BENCH/project/pom.xml" validate \
    || fail "mvn validate of the empty pom failed"
  record mvn-startup maven process "$SECS"
  # rotate the order of the tools: round 1 ours first, round 2 git first, ...
  k=$(((ROUND - 1) % ${#TOOLS[@]}))
  ORDER=("${TOOLS[@]:k}" "${TOOLS[@]:0:k}")
  for case in cold warm unchanged moved; do
    for tool in "${ORDER[@]}"; do run_tool "$case" "$tool"; done
    verify_case "$case"
  done
  say "round $ROUND/$REPEAT done (order ${ORDER[*]}; load $(cut -d' ' -f1-3 /proc/loadavg))"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- report ------------------------------------------------------------------------------------
FETCHED=$(sed -n 's/.*Aggregated .*, fetched \(.*\) in [0-9]* fetch(es).*/\1/p' "$OUT/logs/ours-1-cold.log" | tail -1)
SRC_FILES=$(find "$BENCH/ours/src" -type f | wc -l)
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$ROOT" diff --quiet HEAD -- odoo-maven-plugin 2>/dev/null || COMMIT="$COMMIT + uncommitted changes"
if [ "${SKIP_INSTALL:-0}" = 1 ]; then
  COMMIT="installed earlier (SKIP_INSTALL=1); source tree at $COMMIT"
else
  COMMIT="installed from commit $COMMIT"
fi
{
  printf 'key\tvalue\n'
  printf 'profile\t%s: %s repositories + 1 fork, %s files and %s commits on main, %s served by git daemon; %s aggregates (one of 4 merges), %s files aggregated\n' \
    "$PROFILE" "$REPOS" "$FILES" "$COMMITS" "$SRV_SIZE" "$NAGG" "$SRC_FILES"
  printf 'odoo:aggregate cold fetch\t%s\n' "${FETCHED:-?}"
  printf 'settings\tTHREADS=%s for all three tools (plain git runs its aggregates on as many workers), REPEAT=%s, tool order rotated every round, warm-up=%s\n' \
    "$THREADS" "$REPEAT" "$WARMUP"
  printf 'ours\t%s (%s), run as %s (the distribution behind mvnw, called directly: mvnw adds ~0.4 s per call)\n' \
    "$PLUGIN" "$COMMIT" "$MVN"
  printf 'ours: goal\tthe goal'"'"'s own time from its log: "Aggregated ..., N s" (0.1 s resolution) or "nothing to do [N ms]"\n'
  printf 'maven\t%s; MAVEN_OPTS=%s\n' "$("$MVN" -v 2>/dev/null | head -1)" "${MAVEN_OPTS:-}"
  printf 'java\t%s\n' "$(java -version 2>&1 | head -1)"
  printf 'git\t%s\n' "$(git --version)"
  printf 'gitaggregate\tgit-aggregator %s, -j %s\n' "$GA_INSTALLED" "$THREADS"
  printf 'machine\t%s CPUs (nproc), %s, %s RAM, %s\n' "$(nproc)" \
    "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" \
    "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)" "$(uname -sr)"
  printf 'load average\tbefore %s, after %s (1, 5, 15 min)\n' "$LOAD_BEFORE" "$LOAD_AFTER"
  printf 'date\t%s (start of round 1)\n' "$STARTED"
  printf 'outputs\tall three tools produced the same files (diff -r --no-dereference, types, executable bits) in every case of every round\n'
} >"$OUT/meta.tsv"
python3 "$HERE/summarize.py" "$OUT/samples.tsv" "$OUT/meta.tsv" "$OUT/results.md" "$OUT/results.json"
echo
echo "Results: $OUT/results.md, $OUT/results.json (raw samples: $OUT/samples.tsv, logs: $OUT/logs/)"
