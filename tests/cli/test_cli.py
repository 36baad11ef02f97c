#!/usr/bin/env python3
"""test_cli.py - the contract of the `newsevents code` command, checked end to end.

usage: test_cli.py NEWSEVENTS_BINARY [CASE ...]     (no CASE: run all)

Each case writes its inputs (sentences written for these tests) to a temporary directory,
runs the binary and checks: one record per good line in input order, "FILE:LINE: reason" on
standard error per bad line, exit status 1 when any line failed (0 otherwise, 2 on usage
errors), byte-identical output for -j1 / -j2 / -j4, --help, standard input with "-", .txt
input named by its file name, --format tsv with a header and one line per event, -o FILE.
Exit status 0 when every case passes; the failures are printed.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

BIN = None

SENTENCES = [
    "Putin praised Kim Jong Un.",
    "China accused Japan of spying.",
    "Turkey urged Greece to return to negotiations.",
    "Germany criticized Hungary over the decision.",
    "Russia and China signed an agreement.",
    "India denied the claims by Pakistan.",
    "The European Union imposed new sanctions on Belarus.",
    "Kim Jong Un visited Moscow on Tuesday.",
    "The weather was calm and markets were quiet.",
    "\"We will respond,\" said Chinese Foreign Minister Wang Yi.",
]


class Failure(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failure(msg)


def run(args, stdin=None, cwd=None):
    p = subprocess.run([BIN] + args, input=stdin, cwd=cwd, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=300)
    return p.returncode, p.stdout, p.stderr


def write(path, data):
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode) as f:
        f.write(data)


def article(i, text, date="2024-06-18"):
    return json.dumps({"id": "art%d" % i, "date": date, "source": "test",
                       "title": "", "text": text}, ensure_ascii=False)


def records(out):
    lines = out.decode("utf-8").splitlines()
    recs = []
    for ln in lines:
        try:
            recs.append(json.loads(ln))
        except ValueError as e:
            raise Failure("output line is not JSON (%s): %r" % (e, ln[:200]))
    return recs


def multi_file(d, n):
    path = os.path.join(d, "multi.jsonl")
    lines = []
    for i in range(n):
        # vary the texts so the workers get articles of different sizes
        k = i % len(SENTENCES)
        text = " ".join(SENTENCES[(k + j) % len(SENTENCES)] for j in range(1 + i % 7))
        lines.append(article(i, text))
    write(path, "\n".join(lines) + "\n")
    return path


# ---- cases -------------------------------------------------------------------------------
def case_bad_lines(d):
    path = os.path.join(d, "mixed.jsonl")
    lines = [
        article(1, SENTENCES[0]).encode(),                    # 1 good
        b'{"id": "bad-json", "text": ',                        # 2 not JSON
        b'{"id": "no-text", "title": "A title only"}',         # 3 no "text"
        b'',                                                   # 4 blank: skipped, no error
        b'{"id": "utf8", "text": "Bad \xff\xfe bytes: ' + SENTENCES[1].encode() + b'"}',  # 5
        b'{"id": "empty", "text": ""}',                        # 6 empty text: a record
        b'[1, 2, 3]',                                          # 7 not an object
        b'{"id": "num-text", "text": 42}',                     # 8 text not a string
        article(9, SENTENCES[2]).encode(),                     # 9 good
    ]
    write(path, b"\n".join(lines) + b"\n")
    rc, out, err = run(["code", "-q", "-j2", "mixed.jsonl"], cwd=d)
    check(rc == 1, "exit status %d, want 1 (some lines failed)" % rc)
    ids = [r.get("id") for r in records(out)]
    check(ids == ["art1", "utf8", "empty", "art9"], "records %r, want art1 utf8 empty art9" % ids)
    errs = err.decode("utf-8", "replace").splitlines()
    pat = re.compile(r"^mixed\.jsonl:(\d+): \S.*$")
    bad = []
    for e in errs:
        m = pat.match(e)
        check(m is not None, "stderr line not FILE:LINE: reason: %r" % e)
        bad.append(int(m.group(1)))
    check(bad == [2, 3, 7, 8], "error lines %r, want [2, 3, 7, 8]" % bad)
    recs = records(out)
    utf8 = recs[1]
    check(len(utf8.get("warnings", [])) >= 1, "invalid UTF-8 record has no warning")
    check(any("UTF-8" in w for w in utf8["warnings"]), "warning does not name UTF-8")
    check(recs[2]["events"] == [] and recs[2]["sentences"] == 0,
          "empty text: %r" % recs[2])


def case_all_good_exit_0(d):
    path = multi_file(d, 5)
    rc, out, err = run(["code", "-q", path])
    check(rc == 0, "exit status %d on good input, want 0; stderr %r" % (rc, err[:300]))
    check(err == b"", "stderr not empty with -q: %r" % err[:300])
    check(len(records(out)) == 5, "want 5 records")


def case_summary_line(d):
    path = multi_file(d, 5)
    rc, out, err = run(["code", "-j1", path])
    check(rc == 0, "exit status %d" % rc)
    recs = records(out)
    n_ev = sum(len(r["events"]) for r in recs)
    n_sent = sum(r["sentences"] for r in recs)
    m = re.search(rb"(\d+) articles coded, (\d+) events, (\d+) sentences, (\d+) errors", err)
    check(m is not None, "no summary line on stderr: %r" % err[-300:])
    got = tuple(int(x) for x in m.groups())
    check(got == (5, n_ev, n_sent, 0), "summary %r, want %r" % (got, (5, n_ev, n_sent, 0)))


def case_jobs_identical(d):
    path = multi_file(d, 700)  # more than one batch of 512
    outs = []
    for j in ("-j1", "-j2", "-j4"):
        rc, out, err = run(["code", "-q", j, path])
        check(rc == 0, "%s: exit status %d" % (j, rc))
        outs.append(out)
    check(len(records(outs[0])) == 700, "want 700 records")
    check(outs[0] == outs[1], "-j1 and -j2 outputs differ")
    check(outs[0] == outs[2], "-j1 and -j4 outputs differ")
    ids = [r["id"] for r in records(outs[0])]
    check(ids == ["art%d" % i for i in range(700)], "records not in input order")
    rc, t1, _ = run(["code", "-q", "-j1", "-f", "tsv", path])
    rc2, t2, _ = run(["code", "-q", "-j2", "-f", "tsv", path])
    check(rc == 0 and rc2 == 0 and t1 == t2, "tsv -j1 and -j2 differ")


def case_help(d):
    for args in (["code", "--help"], ["code", "-h"], ["--help"], ["help"], ["help", "code"]):
        rc, out, _ = run(args)
        check(rc == 0, "%r: exit status %d, want 0" % (args, rc))
        check(b"usage:" in out, "%r: no usage text on stdout" % args)
    rc, out, _ = run(["version"])
    check(rc == 0 and out.startswith(b"newsevents "), "version: %d %r" % (rc, out))
    for args in ([], ["code"], ["code", "--bogus", "x.jsonl"], ["frobnicate"],
                 ["code", "-j", "0", "x.jsonl"], ["code", "-f", "xml", "x.jsonl"]):
        rc, _, err = run(args)
        check(rc == 2, "%r: exit status %d, want 2 (usage error)" % (args, rc))
        check(err != b"", "%r: no message on stderr" % args)


def case_stdin(d):
    path = multi_file(d, 20)
    with open(path, "rb") as f:
        data = f.read()
    rc1, out1, _ = run(["code", "-q", path])
    rc2, out2, _ = run(["code", "-q", "-"], stdin=data)
    check(rc1 == 0 and rc2 == 0, "exit status %d / %d" % (rc1, rc2))
    check(out1 == out2, "stdin output differs from file output")
    rc, out, err = run(["code", "-q", "-"], stdin=b'{"text": \n' + data[:200].split(b"\n")[0] + b"\n")
    check(rc == 1, "stdin with a bad line: exit status %d, want 1" % rc)
    check(re.search(rb"^<stdin>:1: ", err, re.M) is not None, "stdin error not <stdin>:1: %r" % err)
    check(len(records(out)) == 1, "stdin: want 1 record")


def case_txt_input(d):
    path = os.path.join(d, "story-one.txt")
    write(path, SENTENCES[0] + "\n\n" + SENTENCES[7] + "\n")
    rc, out, _ = run(["code", "-q", "--date", "2024-06-18", "story-one.txt"], cwd=d)
    check(rc == 0, "exit status %d" % rc)
    recs = records(out)
    check(len(recs) == 1, "want one record for a .txt file, got %d" % len(recs))
    check(recs[0]["id"] == "story-one.txt", "id %r, want the file name" % recs[0]["id"])
    check(recs[0]["date"] == "2024-06-18", "--date not applied: %r" % recs[0]["date"])
    check(recs[0]["sentences"] == 2, "want 2 sentences, got %r" % recs[0]["sentences"])
    rc, out, _ = run(["code", "-q", path])
    check(records(out)[0]["id"] == "story-one.txt", "id with a directory: %r" % records(out)[0]["id"])
    # several files: one record each, in argument order, JSONL and text mixed
    j = os.path.join(d, "two.jsonl")
    write(j, article(1, SENTENCES[1]) + "\n" + article(2, SENTENCES[2]) + "\n")
    rc, out, _ = run(["code", "-q", path, j, path])
    ids = [r["id"] for r in records(out)]
    check(ids == ["story-one.txt", "art1", "art2", "story-one.txt"], "ids %r" % ids)


def case_tsv(d):
    path = multi_file(d, 30)
    rc, out, _ = run(["code", "-q", path])
    n_ev = sum(len(r["events"]) for r in records(out))
    check(n_ev > 0, "the test file gives no events at all")
    rc, tsv, _ = run(["code", "-q", "--format", "tsv", path])
    check(rc == 0, "exit status %d" % rc)
    lines = tsv.decode("utf-8").split("\n")
    check(lines[-1] == "", "tsv does not end with a newline")
    lines = lines[:-1]
    header = lines[0].split("\t")
    check(header[:5] == ["id", "date", "source", "target", "cameo"], "header %r" % header)
    check(len(lines) - 1 == n_ev, "tsv has %d event lines, JSONL has %d events"
          % (len(lines) - 1, n_ev))
    for ln in lines[1:]:
        f = ln.split("\t")
        check(len(f) == len(header), "tsv line has %d fields, header %d: %r"
              % (len(f), len(header), ln))
        check(re.match(r"^\d{3,4}$", f[header.index("cameo")]) is not None, "cameo %r" % ln)
    rc, tsv, _ = run(["code", "-q", "-f", "tsv", "-"], stdin=b"")
    check(rc == 0 and tsv.decode().count("\n") == 1, "empty input: header only, got %r" % tsv)


def case_output_file(d):
    path = multi_file(d, 10)
    o = os.path.join(d, "out.jsonl")
    rc, out, _ = run(["code", "-q", "-o", o, path])
    check(rc == 0 and out == b"", "-o: exit %d, stdout %r" % (rc, out[:100]))
    rc2, out2, _ = run(["code", "-q", path])
    with open(o, "rb") as f:
        check(f.read() == out2, "-o FILE differs from standard output")


def case_missing_file(d):
    good = multi_file(d, 2)
    rc, out, err = run(["code", "-q", os.path.join(d, "nope.jsonl"), good])
    check(rc == 1, "missing file: exit status %d, want 1" % rc)
    check(b"nope.jsonl" in err, "missing file not named on stderr: %r" % err)
    check(len(records(out)) == 2, "the other file is still coded")


def case_crlf_and_blank(d):
    path = os.path.join(d, "crlf.jsonl")
    write(path, ("\r\n\r\n" + article(1, SENTENCES[0]) + "\r\n  \r\n" + article(2, SENTENCES[1])
                 + "\r\n").encode())
    rc, out, err = run(["code", "-q", path])
    check(rc == 0, "CRLF file: exit status %d, stderr %r" % (rc, err))
    check([r["id"] for r in records(out)] == ["art1", "art2"], "CRLF records")


def case_no_final_newline(d):
    path = os.path.join(d, "nofinal.jsonl")
    write(path, article(1, SENTENCES[0]) + "\n" + article(2, SENTENCES[1]))
    rc, out, _ = run(["code", "-q", path])
    check(rc == 0 and len(records(out)) == 2, "last line without newline lost")


CASES = {k[5:]: v for k, v in sorted(globals().items()) if k.startswith("case_")}


def main():
    global BIN
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    BIN = os.path.abspath(sys.argv[1])
    names = sys.argv[2:] or list(CASES)
    failed = 0
    for name in names:
        if name not in CASES:
            print("unknown case %s (have: %s)" % (name, " ".join(CASES)))
            return 2
        with tempfile.TemporaryDirectory(prefix="nevcli-") as d:
            try:
                CASES[name](d)
                print("ok   %s" % name)
            except Failure as e:
                failed += 1
                print("FAIL %s: %s" % (name, e))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
