#!/usr/bin/env python3
"""A large git repository shaped like Odoo's, built once and cached, for the big aggregation benchmark.

usage: make-large-repo.py <profile> <cache-dir>      prints the bare repository's path

profiles:
  large   ~600 addons, ~31,000 files, ~350 MiB checked out, three 16 MiB binaries,
          2,000 commits of history on `main` (base tree, then small edits)
  odoo    the real Odoo 16.0 core of ../shared/fixtures/odoo-16.0-core.tar.xz (4,023 files)
          committed the way its/.../kit/RealOdoo does (one commit on `16.0`, fixed identity)

The repository goes to <cache-dir>/<profile>-<hash of this script and the profile>/repo.git
and is reused while that directory is complete (a COMPLETE marker is written last), so the
fixture is generated once per machine. Everything is deterministic (seeded PRNG, fixed
dates): the same script gives the same SHAs everywhere.

Shape of `large` (what makes real Odoo expensive to materialise): many small Python / XML /
JS files, big translation (.po) files, a few big binaries (fonts, a demo database dump),
executable scripts, one symlink, a long linear history whose commits touch a few files.
"""
import hashlib
import os
import random
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ENV = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, GIT_TERMINAL_PROMPT="0",
           GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.com", GIT_AUTHOR_DATE="1700000000 +0000",
           GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.com",
           GIT_COMMITTER_DATE="1700000000 +0000")

ADDONS = 600
HISTORY = 2000
BIG = 3
BIG_SIZE = 16 << 20


def words(rng, n):
    vocab = ("self env record model field partner invoice account stock sale purchase product line "
             "compute depends api return if else for in and or not none true false string help "
             "domain context view form tree kanban search action menu company currency amount "
             "date state draft done cancel name code sequence active").split()
    return " ".join(rng.choice(vocab) for _ in range(n))


class Text:
    """Slices of one big pseudo-random text: fast to produce, compresses like source code."""

    def __init__(self, rng):
        lines = [words(rng, rng.randint(3, 14)) for _ in range(60000)]
        self.buf = ("\n".join(lines) + "\n").encode()
        self.rng = rng

    def make(self, header, size):
        start = self.rng.randrange(0, len(self.buf) - size - 1)
        return header.encode() + b"\n" + self.buf[start:start + size]


def data(out, payload):
    out.write(b"data %d\n" % len(payload))
    out.write(payload)
    out.write(b"\n")


def large_files(rng, text):
    """(path, mode, bytes) of the base tree."""
    files = [("odoo-bin", "100755", b"#!/usr/bin/env python3\nimport odoo\nodoo.cli.main()\n"),
             ("setup.py", "100644", text.make("# setup", 3000)),
             ("requirements.txt", "100644", b"Babel==2.9.1\nlxml==4.9.2\npsycopg2==2.9.5\n"),
             ("LICENSE", "100644", text.make("LGPL-3", 7600))]
    for i in range(900):
        files.append(("odoo/%s/m%04d.py" % (["models", "fields", "tools", "service", "osv", "modules"][i % 6], i),
                      "100644", text.make("# odoo core %d" % i, rng.randint(2000, 40000))))
    for i in range(ADDONS):
        a = "addons/addon_%03d" % i
        files.append((a + "/__init__.py", "100644", b"from . import models\n"))
        files.append((a + "/__manifest__.py", "100644",
                      ("{'name': 'Addon %d', 'version': '16.0.1.0.0', 'depends': ['base'], 'license': 'LGPL-3'}\n"
                       % i).encode()))
        for k in range(5):
            files.append(("%s/models/model_%d.py" % (a, k), "100644", text.make("# %s %d" % (a, k), rng.randint(1000, 12000))))
        for k in range(4):
            files.append(("%s/views/view_%d.xml" % (a, k), "100644", text.make("<odoo><!-- %s %d -->" % (a, k),
                                                                            rng.randint(1000, 16000))))
        for k in range(6):
            files.append(("%s/static/src/js/w_%d.js" % (a, k), "100644", text.make("/** %s %d */" % (a, k),
                                                                               rng.randint(500, 12000))))
        files.append((a + "/static/description/icon.png", "100644", rng.randbytes(rng.randint(2000, 9000))))
        for k in range(30):
            files.append(("%s/i18n/l%02d.po" % (a, k), "100644", text.make("# %s lang %d" % (a, k),
                                                                        rng.randint(2000, 24000))))
        if i % 50 == 0:
            files.append((a + "/tools/run.sh", "100755", b"#!/bin/sh\nexec python3 -m " + a.encode() + b" \"$@\"\n"))
    files.append(("addons/web/static/fonts/big.woff", "100644", rng.randbytes(BIG_SIZE)))
    files.append(("addons/web/static/lib/bundle.min.js", "100644",
                  b"".join(text.make("/* part %d */" % k, BIG_SIZE // 16) for k in range(16))))
    files.append(("odoo/addons/base/data/demo.dump", "100644", rng.randbytes(BIG_SIZE)))
    return files


def build_large(repo):
    rng = random.Random(16)
    text = Text(rng)
    subprocess.run(["git", "init", "--quiet", "--bare", repo], check=True, env=ENV)
    fi = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=repo, stdin=subprocess.PIPE, env=ENV)
    out = fi.stdin
    files = large_files(rng, text)
    date = 1600000000
    out.write(b"commit refs/heads/main\nmark :1\ncommitter Bench <bench@example.com> %d +0000\n" % date)
    data(out, b"Base tree\n")
    for path, mode, payload in files:
        out.write(("M %s inline %s\n" % (mode, path)).encode())
        data(out, payload)
    out.write(b"M 120000 inline addons/web/static/lib/current\n")
    data(out, b"bundle.min.js")
    small = [f[0] for f in files if f[1] == "100644" and len(f[2]) < 20000]
    for c in range(HISTORY):
        date += 3600
        out.write(b"commit refs/heads/main\ncommitter Bench <bench@example.com> %d +0000\n" % date)
        data(out, b"Change %d\n" % c)
        for _ in range(rng.randint(1, 4)):
            path = rng.choice(small)
            out.write(("M 100644 inline %s\n" % path).encode())
            data(out, text.make("# %s rev %d" % (path, c), rng.randint(1000, 12000)))
    out.close()
    if fi.wait() != 0:
        raise SystemExit("git fast-import failed")


def build_odoo(repo, work):
    tarball = os.environ.get("ODOO_CORE_TARBALL") or os.path.join(HERE, "..", "..", "..", "shared", "fixtures",
                                                                  "odoo-16.0-core.tar.xz")
    if not os.path.isfile(tarball):
        raise SystemExit("the real Odoo core fixture is not there: %s (set ODOO_CORE_TARBALL)" % tarball)
    subprocess.run(["tar", "-xJf", tarball, "-C", work], check=True)
    tree = os.path.join(work, "odoo-16.0-core")

    def git(*args):
        subprocess.run(["git", "-c", "core.autocrlf=false", *args], cwd=tree, check=True, env=ENV)

    git("init", "--quiet", "--initial-branch=16.0")
    git("add", "--all")
    git("commit", "--quiet", "--no-gpg-sign", "-m", "Odoo 16.0 core")
    subprocess.run(["git", "clone", "--quiet", "--bare", tree, repo], check=True, env=ENV)
    subprocess.run(["git", "gc", "--quiet"], cwd=repo, check=True, env=ENV)


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("large", "odoo"):
        sys.exit(__doc__)
    profile, cache = sys.argv[1], sys.argv[2]
    with open(os.path.abspath(__file__), "rb") as f:
        key = hashlib.sha256(f.read() + profile.encode()).hexdigest()[:12]
    home = os.path.join(cache, "%s-%s" % (profile, key))
    repo = os.path.join(home, "repo.git")
    if os.path.isfile(os.path.join(home, "COMPLETE")):
        print(repo)
        return
    shutil.rmtree(home, ignore_errors=True)
    os.makedirs(home)
    work = tempfile.mkdtemp(dir=home)
    if profile == "large":
        build_large(repo)
    else:
        build_odoo(repo, work)
    shutil.rmtree(work)
    with open(os.path.join(home, "COMPLETE"), "w") as f:
        f.write("ok\n")
    print(repo)


if __name__ == "__main__":
    main()
