"""Python dependency consistency of an image, without pip (odoo:smoke).

Every installed distribution's requirements (Requires-Dist, markers evaluated for this
interpreter, extras followed) must be installed in a matching version. Uses
importlib.metadata only; `packaging` when the image has it, else a small PEP 440/508
subset that covers what wheels declare. Prints one line per problem; exit 1 if any.
"""
import importlib.metadata as md
import os
import platform
import re
import sys

try:
    if os.environ.get("ODOO_SMOKE_BUILTIN_MARKERS"):
        raise ImportError("builtin markers requested")
    from packaging.requirements import Requirement as _PReq
    from packaging.version import Version as _PVer
except Exception:  # pragma: no cover - depends on the image
    _PReq = None


def canon(name):
    return re.sub(r"[-_.]+", "-", name).lower()


ENV = {
    "os_name": os.name,
    "sys_platform": sys.platform,
    "platform_machine": platform.machine(),
    "platform_python_implementation": platform.python_implementation(),
    "platform_release": platform.release(),
    "platform_system": platform.system(),
    "platform_version": platform.version(),
    "python_version": "%d.%d" % sys.version_info[:2],
    "python_full_version": platform.python_version(),
    "implementation_name": sys.implementation.name,
    "implementation_version": platform.python_version(),
    "extra": "",
}
VERSION_VARS = {"python_version", "python_full_version", "implementation_version", "platform_release"}


def vkey(v):
    """A sortable key for a PEP 440 version (release, pre, post, dev; local ignored)."""
    v = v.strip().lower().split("+")[0]
    m = re.match(r"^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d*))?"
                 r"(?:(?:-(\d+))|(?:[-_.]?(post|rev|r)[-_.]?(\d*)))?(?:[-_.]?(dev)[-_.]?(\d*))?$", v)
    if not m:
        return (0, (0,), (3, 0), (-1, 0), (1, 0), v)
    epoch = int(m.group(1) or 0)
    rel = [int(x) for x in m.group(2).split(".")]
    while len(rel) > 1 and rel[-1] == 0:
        rel.pop()
    pre_l = {"a": 0, "alpha": 0, "b": 1, "beta": 1, "c": 2, "rc": 2, "pre": 2, "preview": 2}.get(m.group(3))
    pre = (pre_l, int(m.group(4) or 0)) if pre_l is not None else (3, 0)
    post = int(m.group(5) or m.group(7) or 0) if (m.group(5) or m.group(6)) else -1
    dev = (0, int(m.group(9) or 0)) if m.group(8) else (1, 0)
    if m.group(8) and pre_l is None and post < 0:
        pre = (-1, 0)  # 1.0.dev1 sorts before 1.0a1
    return (epoch, tuple(rel), pre, (post, 0), dev, "")


def spec_ok(version, op, want):
    if op == "===":
        return version == want
    if want.endswith(".*"):
        prefix = [int(x) for x in re.findall(r"\d+", want[:-2].split("+")[0])]
        have = list(vkey(version)[1]) + [0] * len(prefix)
        match = have[:len(prefix)] == prefix
        return match if op == "==" else not match
    a, b = vkey(version), vkey(want)
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    if op == ">=":
        return a >= b
    if op == "<=":
        return a <= b
    if op == ">":
        return a > b
    if op == "<":
        return a < b
    if op == "~=":
        parts = re.findall(r"\d+", want.split("+")[0].split("a")[0].split("b")[0].split("rc")[0])
        upper = [int(x) for x in parts[:-1]]
        return a >= b and list(a[1][:len(upper)]) + [0] * (len(upper) - len(a[1])) == upper
    return True


TOKEN = re.compile(r"\s*(\(|\)|and\b|or\b|not in\b|in\b|not\b|===|==|!=|~=|<=|>=|<|>|'[^']*'|\"[^\"]*\"|[A-Za-z_.]+)")


def eval_marker(text, env):
    toks = []
    pos = 0
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            if text[pos:].strip() == "":
                break
            raise ValueError("cannot parse marker: " + text)
        toks.append(m.group(1))
        pos = m.end()
    i = [0]

    def peek():
        return toks[i[0]] if i[0] < len(toks) else None

    def take():
        i[0] += 1
        return toks[i[0] - 1]

    def value():
        t = take()
        if t[0] in "'\"":
            return ("lit", t[1:-1])
        return ("var", t.replace(".", "_") if t.replace(".", "_") in env else t)

    def atom():
        if peek() == "(":
            take()
            r = expr()
            take()
            return r
        left = value()
        op = take()
        if op == "not":
            op = "not in"
            take()
        right = value()
        var = left[1] if left[0] == "var" else right[1] if right[0] == "var" else None
        lv = env.get(left[1], "") if left[0] == "var" else left[1]
        rv = env.get(right[1], "") if right[0] == "var" else right[1]
        if var == "extra":
            lv, rv = canon(lv), canon(rv)
        if op in ("in", "not in"):
            r = lv in rv
            return r if op == "in" else not r
        if var in VERSION_VARS and re.match(r"^\d", lv or "") and re.match(r"^\d", rv or ""):
            return spec_ok(lv, op, rv)
        return {"==": lv == rv, "!=": lv != rv, "<": lv < rv, ">": lv > rv, "<=": lv <= rv,
                ">=": lv >= rv, "===": lv == rv, "~=": lv == rv}.get(op, False)

    def conj():
        r = atom()
        while peek() == "and":
            take()
            r2 = atom()
            r = r and r2
        return r

    def expr():
        r = conj()
        while peek() == "or":
            take()
            r2 = conj()
            r = r or r2
        return r

    return expr()


REQ = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(\(?[^;]*?\)?)\s*(;(.*))?$")


def parse_req(line):
    m = REQ.match(line)
    if not m:
        raise ValueError("cannot parse requirement: " + line)
    extras = [canon(e) for e in (m.group(2) or "[]")[1:-1].split(",") if e.strip()]
    spec = m.group(3).strip().strip("()")
    specs = []
    for part in [p.strip() for p in spec.split(",") if p.strip()]:
        sm = re.match(r"^(===|==|!=|~=|<=|>=|<|>)\s*(.+)$", part)
        if sm:
            specs.append((sm.group(1), sm.group(2).strip()))
    return canon(m.group(1)), extras, specs, (m.group(5) or "").strip()


def satisfied(req_line, extra, installed):
    """None when fine or not applicable, else a problem string."""
    env = dict(ENV, extra=extra)
    if _PReq is not None:
        r = _PReq(req_line)
        if r.marker is not None and not r.marker.evaluate(env):
            return None, canon(r.name), []
        name = canon(r.name)
        if name not in installed:
            return "requires %s, which is not installed" % req_line, name, []
        ok = r.specifier.contains(installed[name], prereleases=True)
        return (None if ok else "requires %s, but %s %s is installed" % (req_line, name, installed[name])), \
            name, sorted(canon(e) for e in r.extras)
    name, extras, specs, marker = parse_req(req_line)
    if marker and not eval_marker(marker, env):
        return None, name, []
    if name not in installed:
        return "requires %s, which is not installed" % req_line, name, extras
    for op, want in specs:
        if not spec_ok(installed[name], op, want):
            return "requires %s, but %s %s is installed" % (req_line, name, installed[name]), name, extras
    return None, name, extras


def main():
    dists = {}
    for d in md.distributions():
        name = d.metadata["Name"]
        if name and canon(name) not in dists:
            dists[canon(name)] = d
    installed = {n: d.version for n, d in dists.items()}
    problems = []
    todo = [(n, "") for n in dists]
    seen = set()
    while todo:
        name, extra = todo.pop()
        if (name, extra) in seen or name not in dists:
            continue
        seen.add((name, extra))
        for line in dists[name].requires or []:
            try:
                problem, dep, dep_extras = satisfied(line, extra, installed)
            except Exception as e:  # an unparsable requirement is reported, not ignored
                problems.append("%s %s: %s" % (name, installed[name], e))
                continue
            if problem:
                problems.append("%s %s %s" % (name, installed[name], problem))
            if not problem:
                # dep_extras is empty when the requirement does not apply here
                for e in dep_extras:
                    todo.append((dep, e))
    for p in sorted(set(problems)):
        print(p)
    print("checked %d distributions (%s)" % (len(dists), "packaging" if _PReq else "builtin markers"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
