#!/usr/bin/env python3
"""Synthetic git remotes and a repos.lock.yaml for the aggregation benchmark.

usage: make-fixtures.py <out-dir> <git-daemon-base-url> <profile: small|large|long>

Writes bare repositories under <out-dir>/srv (served by git daemon),
<out-dir>/repos.lock.yaml, and <out-dir>/repos.lock.moved.yaml: the same lock except that
the single-merge aggregate ./oca/repo1 pins main~5 (one merge moved, as after a
`mvn odoo:lock` that went back on one repository). Each repository has a long linear history on main; one
"odoo-like" repository also has a fork with three feature branches that branch off
in the history (the middle of it; in `long`, 25 to 39 commits below the tip of a 4,000-commit
history), so its aggregate needs three real merges (git-aggregator style).
Content is deterministic (seeded), so every run measures the same work.
"""
import os
import random
import subprocess
import sys

PROFILES = {
    # repos, files per repo, commits per repo, files touched per commit, bytes per file
    "small": dict(repos=3, files=60, commits=30, touch=3, size=600),
    "large": dict(repos=4, files=4000, commits=600, touch=12, size=2500),
    # Long histories, as real Odoo and OCA repositories have, and a fork whose feature
    # branches start a few dozen commits below the tip (a pull request on a recent branch).
    "long": dict(repos=4, files=2000, commits=4000, touch=6, size=1500, base_back=25),
}


def fast_import(repo, stream):
    subprocess.run(["git", "init", "-q", "--bare", repo], check=True)
    subprocess.run(["git", "-C", repo, "fast-import", "--quiet"], input=stream, check=True)
    subprocess.run(["git", "-C", repo, "config", "uploadpack.allowReachableSHA1InWant", "true"], check=True)
    subprocess.run(["git", "-C", repo, "gc", "-q"], check=True)


def text(rnd, size, salt):
    words = ["odoo", "model", "field", "record", "partner", "invoice", "stock", "account", "view", "self", salt]
    out = []
    n = 0
    while n < size:
        w = rnd.choice(words)
        out.append(w)
        n += len(w) + 1
    return (" ".join(out) + "\n").encode()


def history(name, p, seed, features=0):
    rnd = random.Random(seed)
    files = ["%s/module_%03d/models/file_%04d.py" % (name, i % 97, i) for i in range(p["files"])]
    files += ["%s/bin/tool_%d.sh" % (name, i) for i in range(3)]
    chunks = []
    mark = 0
    t = 1700000000
    main_marks = []
    for c in range(p["commits"]):
        mark += 1
        t += 60
        msg = ("%s commit %d\n" % (name, c)).encode()
        body = [b"commit refs/heads/main\n", b"mark :%d\n" % mark,
                b"committer Bench <bench@example.com> %d +0000\n" % t, b"data %d\n" % len(msg), msg]
        if c > 0:
            body.append(b"from :%d\n" % main_marks[-1])
        touched = files if c == 0 else rnd.sample(files, p["touch"])
        for f in touched:
            data = text(rnd, p["size"], "c%d" % c)
            mode = b"100755" if "/bin/" in f else b"100644"
            body.append(b"M %s inline %s\ndata %d\n" % (mode, f.encode(), len(data)) + data)
        chunks.append(b"".join(body))
        main_marks.append(mark)
    for fnum in range(features):
        back = p.get("base_back")
        base = main_marks[len(main_marks) // 2 - fnum * 7] if back is None else main_marks[-1 - back - fnum * 7]
        prev = base
        for k in range(2):
            mark += 1
            t += 60
            msg = ("feature %d step %d\n" % (fnum, k)).encode()
            f = "%s/feature_%d/file_%d.py" % (name, fnum, k)
            data = text(rnd, p["size"], "f%d" % fnum)
            chunks.append(b"commit refs/heads/feature-%d\nmark :%d\ncommitter Bench <bench@example.com> %d +0000\n"
                          b"data %d\n%sfrom :%d\nM 100644 inline %s\ndata %d\n%s"
                          % (fnum, mark, t, len(msg), msg, prev, f.encode(), len(data), data))
            prev = mark
    return b"".join(chunks)


def rev(repo, ref):
    return subprocess.run(["git", "-C", repo, "rev-parse", ref], check=True, capture_output=True,
                          text=True).stdout.strip()


def main():
    out, base_url, profile = sys.argv[1], sys.argv[2].rstrip("/"), sys.argv[3]
    p = PROFILES[profile]
    srv = os.path.join(out, "srv")
    os.makedirs(srv, exist_ok=True)
    lock, moved = [], []
    for r in range(p["repos"]):
        name = "repo%d" % r
        repo = os.path.join(srv, name + ".git")
        fast_import(repo, history(name, p, seed=r, features=3 if r == 0 else 0))
        if r == 0:
            fork = os.path.join(srv, "fork0.git")
            subprocess.run(["git", "clone", "-q", "--mirror", repo, fork], check=True)
            subprocess.run(["git", "-C", fork, "config", "uploadpack.allowReachableSHA1InWant", "true"], check=True)
            for fnum in range(3):
                subprocess.run(["git", "-C", repo, "update-ref", "-d", "refs/heads/feature-%d" % fnum], check=True)
            lock.append("./odoo:\n  remotes:\n    origin: %s/%s.git\n    fork: %s/fork0.git\n  merges:\n"
                        "    # locked-from: origin main\n    - origin %s\n" % (base_url, name, base_url, rev(repo, "main"))
                        + "".join("    # locked-from: fork feature-%d\n    - fork %s\n" % (f, rev(fork, "feature-%d" % f))
                                  for f in range(3))
                        + "  target: origin aggregated\n")
            moved.append(lock[-1])
        else:
            entry = ("./oca/%s:\n  remotes:\n    oca: %s/%s.git\n  merges:\n    # locked-from: oca main\n"
                     "    - oca %%s\n  target: oca aggregated\n" % (name, base_url, name))
            lock.append(entry % rev(repo, "main"))
            moved.append(entry % rev(repo, "main~5" if r == 1 else "main"))
    for fname, entries in (("repos.lock.yaml", lock), ("repos.lock.moved.yaml", moved)):
        with open(os.path.join(out, fname), "w") as f:
            f.write("".join(entries))


if __name__ == "__main__":
    main()
