#!/usr/bin/env python3
"""Summary of the aggregation benchmark: median and min of every cell, ratios of medians.

usage: summarize.py <samples.tsv> <meta.tsv> <results.md> <results.json>

samples.tsv: round, case, tool, figure, seconds, load1 (one line per timed run, header first).
meta.tsv:    key, value (machine, versions, fixture sizes, settings), printed as they come.
Writes the Markdown report and the same numbers as JSON (with every raw sample).
"""
import csv
import json
import statistics
import sys

CASES = [
    ("cold", "cold: empty cache / empty dirs"),
    ("warm", "warm: ours cache full + new target; git, gitaggregate re-run in their clones"),
    ("unchanged", "unchanged rerun: ours no-op on its target; git, gitaggregate re-run in their clones (= their warm)"),
    ("moved", "one merge moved: ours rebuilds 1 aggregate in its target; git, gitaggregate re-run in their clones"),
]
FIGURES = [("ours", "process"), ("ours", "goal"), ("git", "process"), ("gitaggregate", "process")]


def load(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def main():
    samples_tsv, meta_tsv, md_path, json_path = sys.argv[1:5]
    samples = load(samples_tsv)
    meta = [(r["key"], r["value"]) for r in load(meta_tsv)]
    cells = {}
    for s in samples:
        cells.setdefault((s["case"], s["tool"], s["figure"]), []).append(float(s["seconds"]))
    stats = {k: {"median": statistics.median(v), "min": min(v), "n": len(v), "samples": v} for k, v in cells.items()}

    def cell(case, tool, figure):
        s = stats.get((case, tool, figure))
        return "n/a" if s is None else "%.2f s [%.2f]" % (s["median"], s["min"])

    def ratio(case, tool, figure):
        a, b = stats.get((case, tool, "process")), stats.get((case, "ours", figure))
        if a is None or b is None:
            return "n/a"
        if b["median"] == 0:
            return "inf"
        return "%.2fx" % (a["median"] / b["median"])

    lines = ["| case | ours: mvn process | ours: goal (log) | plain git | gitaggregate "
             "| git / ours process | git / ours goal | gitaggregate / ours process | gitaggregate / ours goal |",
             "|---|---|---|---|---|---|---|---|---|"]
    for case, label in CASES:
        lines.append("| %s | %s |" % (label, " | ".join(
            [cell(case, t, f) for t, f in FIGURES]
            + [ratio(case, t, f) for t in ("git", "gitaggregate") for f in ("process", "goal")])))
    lines.append("| Maven start-up (`mvn validate`, empty pom) | %s | | | | | | | |"
                 % cell("mvn-startup", "maven", "process"))
    rounds = sorted({int(s["round"]) for s in samples})
    doc = ["Median [min] of %d round(s); ratios are medians of the baseline over medians of ours "
           "(> 1 means odoo:aggregate is faster)." % len(rounds), ""] + lines + [""]
    doc += ["- %s: %s" % kv for kv in meta]
    loads = [float(s["load1"]) for s in samples]
    doc.append("- load average (1 min) at the timed runs: min %.2f, median %.2f, max %.2f"
               % (min(loads), statistics.median(loads), max(loads)))
    text = "\n".join(doc) + "\n"
    with open(md_path, "w") as f:
        f.write(text)
    with open(json_path, "w") as f:
        json.dump({"meta": dict(meta),
                   "cells": [{"case": c, "tool": t, "figure": fig, **v} for (c, t, fig), v in sorted(stats.items())],
                   "samples": samples}, f, indent=1)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
