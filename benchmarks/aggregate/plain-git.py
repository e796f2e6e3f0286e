#!/usr/bin/env python3
"""The plain-git baseline of the aggregation benchmark: what a shell script with git does.

usage: plain-git.py <lock> <dest-dir> <threads>

For each aggregate of the lock (the benchmark's own, regular format; no YAML library
needed): `git init` + `remote add` on the first run, then fetch every pinned SHA
(`--depth 1` for a single-merge aggregate, the full history otherwise, since the merges
need their merge base), `reset --hard` to the first merge and `merge` the others in lock
order. Re-running in an existing directory is git's incremental case (fetch finds the
objects it has, reset, merge). Aggregates run in parallel on <threads> workers, like
odoo:aggregate and `gitaggregate -j`, so no tool wins by parallelism alone.
"""
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor


def parse(lock):
    aggs, cur = [], None
    for line in open(lock):
        if re.match(r"^\S.*:$", line):
            cur = {"path": line.strip()[:-1], "remotes": {}, "merges": []}
            aggs.append(cur)
            continue
        m = re.match(r"^    (\w+): (\S+)$", line)
        if m and cur is not None and not cur["merges"]:
            cur["remotes"][m.group(1)] = m.group(2)
        m = re.match(r"^    - (\w+) ([0-9a-f]{40})$", line)
        if m:
            cur["merges"].append((m.group(1), m.group(2)))
    return aggs


def git(d, *args):
    r = subprocess.run(["git", "-C", d, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        raise RuntimeError("git %s in %s failed:\n%s" % (" ".join(args), d, r.stdout))


def aggregate(dest, a):
    d = os.path.join(dest, a["path"])
    if not os.path.isdir(os.path.join(d, ".git")):
        os.makedirs(d, exist_ok=True)
        git(d, "init", "-q")
        for name, url in a["remotes"].items():
            git(d, "remote", "add", name, url)
    single = len(a["merges"]) == 1
    for name, sha in a["merges"]:
        git(d, "fetch", "-q", *(["--depth", "1"] if single else []), name, sha)
    git(d, "reset", "-q", "--hard", a["merges"][0][1])
    for _, sha in a["merges"][1:]:
        git(d, "merge", "-q", "--no-edit", sha)


def main():
    lock, dest, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        for f in [pool.submit(aggregate, dest, a) for a in parse(lock)]:
            f.result()


if __name__ == "__main__":
    main()
