#!/usr/bin/env python3
"""run_golden.py - golden tests: run the CLI on tests/golden/<case>/input.{txt,jsonl} and
compare each article's events, as a set of (source key, CAMEO root, target key), and its quote
speakers with tests/golden/<case>/expected.jsonl.

usage: run_golden.py NEWSEVENTS_BINARY [GOLDEN_DIR] [CASE ...]

Case names: y_* must extract exactly the expected events and speakers; n_* must extract no
event (and expected.jsonl lists none); i_* are tolerated: the result is reported but never
fails the run (see i_ notes in tests/golden/README.md). Each case is run with -j1 and -j2 and
the two outputs must be byte-identical. A .txt input is coded with --date 2024-06-18 and its id
is "input.txt".

expected.jsonl holds one line per article:
  {"id": "...", "events": [{"source": "KOR", "root": "19", "target": "PRK"}, ...],
   "quotes": [{"speaker": "Wang Yi"}, ...]}
Keys are the first three letters of an actor code ("" for none); roots are two digits.

NEV_GOLDEN_UPDATE=1 rewrites every expected.jsonl from the current output (review the diff
with git before committing). Exit status: 0 when no y_/n_ case failed, 1 otherwise.
"""
import json
import os
import subprocess
import sys

ARTICLE_DATE = "2024-06-18"


def key(code):
    if code is None:
        return ""
    if isinstance(code, dict):
        code = code.get("code")
    return (code or "")[:3]


def speaker_name(q):
    sp = q.get("speaker")
    if isinstance(sp, dict):
        sp = sp.get("name")
    return sp or ""


def summarize(rec):
    """A record of the engine -> the comparable summary."""
    evs = sorted({(key(e.get("source")), (e.get("cameo") or "")[:2], key(e.get("target")))
                  for e in rec.get("events", [])})
    quotes = sorted(speaker_name(q) for q in rec.get("quotes", []))
    return {"id": rec.get("id"),
            "events": [{"source": s, "root": r, "target": t} for s, r, t in evs],
            "quotes": [{"speaker": s} for s in quotes]}


def normalize(exp):
    """An expected line -> the same shape as summarize() (tolerates cameo instead of root)."""
    evs = sorted({(key(e.get("source")), (e.get("root") or e.get("cameo") or "")[:2],
                   key(e.get("target"))) for e in exp.get("events", [])})
    quotes = sorted(speaker_name(q) for q in exp.get("quotes", []))
    return {"id": exp.get("id"),
            "events": [{"source": s, "root": r, "target": t} for s, r, t in evs],
            "quotes": [{"speaker": s} for s in quotes]}


def ev_set(summary):
    return {(e["source"], e["root"], e["target"]) for e in summary["events"]}


def sp_list(summary):
    return [q["speaker"].casefold() for q in summary["quotes"]]


def run_case(binary, case_dir):
    """Code the case's input with -j1 and -j2; returns (summaries, error or None)."""
    if os.path.exists(os.path.join(case_dir, "input.jsonl")):
        args = ["input.jsonl"]
    elif os.path.exists(os.path.join(case_dir, "input.txt")):
        args = ["--date", ARTICLE_DATE, "input.txt"]
    else:
        return None, "no input.txt or input.jsonl"
    outs = []
    for j in ("-j1", "-j2"):
        p = subprocess.run([binary, "code", "-q", j] + args, cwd=case_dir,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
        if p.returncode != 0:
            return None, "exit status %d: %s" % (p.returncode, p.stderr.decode(errors="replace"))
        outs.append(p.stdout)
    if outs[0] != outs[1]:
        return None, "-j1 and -j2 outputs differ"
    recs = [json.loads(ln) for ln in outs[0].decode("utf-8").splitlines() if ln.strip()]
    return [summarize(r) for r in recs], None


def fmt_events(s):
    return " ".join("(%s %s %s)" % t for t in sorted(s)) or "(none)"


def compare(case, got, expected):
    """A list of differences (empty when the case passes)."""
    diffs = []
    if case.startswith("n_"):
        for e in expected:
            if e["events"]:
                diffs.append("n_ case with expected events for %s" % e["id"])
    exp_by_id = {e["id"]: e for e in expected}
    got_by_id = {g["id"]: g for g in got}
    if [g["id"] for g in got] != [e["id"] for e in expected]:
        diffs.append("articles %r, expected %r" % ([g["id"] for g in got],
                                                    [e["id"] for e in expected]))
    for aid, e in exp_by_id.items():
        g = got_by_id.get(aid)
        if g is None:
            continue
        ge, ee = ev_set(g), ev_set(e)
        if ge != ee:
            diffs.append("%s: events %s; expected %s; missing %s; extra %s" % (
                aid, fmt_events(ge), fmt_events(ee), fmt_events(ee - ge), fmt_events(ge - ee)))
        if sp_list(g) != sp_list(e):
            diffs.append("%s: quote speakers %r, expected %r" % (aid, sp_list(g), sp_list(e)))
    return diffs


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    binary = os.path.abspath(sys.argv[1])
    gdir = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(__file__))
    only = set(sys.argv[3:])
    update = os.environ.get("NEV_GOLDEN_UPDATE", "") not in ("", "0")
    cases = sorted(c for c in os.listdir(gdir)
                   if os.path.isdir(os.path.join(gdir, c)) and c[:2] in ("y_", "n_", "i_"))
    if only:
        missing = only - set(cases)
        if missing:
            print("no such case: %s" % " ".join(sorted(missing)))
            return 2
        cases = [c for c in cases if c in only]
    failed, tolerated, passed = [], [], []
    for case in cases:
        cdir = os.path.join(gdir, case)
        got, err = run_case(binary, cdir)
        exp_path = os.path.join(cdir, "expected.jsonl")
        if err is None and update:
            with open(exp_path, "w") as f:
                for g in got:
                    f.write(json.dumps(g, ensure_ascii=False) + "\n")
            print("updated %s" % case)
            continue
        if err is None:
            try:
                with open(exp_path) as f:
                    expected = [normalize(json.loads(ln)) for ln in f if ln.strip()]
            except (OSError, ValueError) as e:
                err = "cannot read expected.jsonl: %s" % e
        diffs = [err] if err else compare(case, got, expected)
        if not diffs:
            passed.append(case)
            print("ok    %s" % case)
        elif case.startswith("i_"):
            tolerated.append(case)
            print("i-bad %s (tolerated)" % case)
            for d in diffs:
                print("        %s" % d)
        else:
            failed.append(case)
            print("FAIL  %s" % case)
            for d in diffs:
                print("        %s" % d)
    if not update:
        n_i = sum(1 for c in cases if c.startswith("i_"))
        print("golden: %d passed, %d failed, %d of %d i_ cases not passing (tolerated)"
              % (len(passed), len(failed), len(tolerated), n_i))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
