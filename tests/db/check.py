#!/usr/bin/env python3
"""check.py - independent expectations for the database tests (tests/db/*.sh).

Reads the engine's JSON records (src/out_json.c format, one article a line) and computes,
without the C code, what a store of them must hold:

  check.py expect RECORDS.jsonl...
      prints "articles mentions events places quotes unattributed_quotes": the row counts,
      where events are grouped as docs/database.md says (same source code, target code, CAMEO
      code and date; places within 50 km of the group's first mention, or both without a
      place).
  check.py uquotes RECORDS.jsonl...
      prints one line per unattributed quote: article id, index, text, sentence, span start,
      span end (tab-separated, tabs and line breaks in the text as spaces, as `newsevents
      query` prints them; lines in byte order), to compare with the unattributed_quotes table.
  check.py groups RECORDS.jsonl...
      prints one line per expected event: source, target, cameo, date, num_mentions,
      num_sources, num_articles (tab-separated, sorted), to compare with the events table.
  check.py addsource ARTICLES.jsonl RECORDS.jsonl
      prints the records with each article's source name added as "_source".
  check.py gdelt EVENTS.tsv RECORDS.jsonl...
      checks a GDELT 2.0 Events export: 61 tab-separated columns on every line, each line's
      actor codes, event code, root code and SQLDATE are those of a coded event in the
      records, NumMentions adds up to the number of coded events, and the number of lines
      equals the number of event groups.
  check.py mentions MENTIONS.tsv RECORDS.jsonl...
      checks a GDELT 2.0 Mentions export: 16 columns, one line per coded event.
Exit status 0 when the check passes, 1 with a message otherwise.
"""
import json
import math
import sys


def load(paths):
    """Records by id; a later record with the same id replaces the earlier one."""
    recs = {}
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line:
                    r = json.loads(line)
                    recs[r["id"]] = r
    return recs


def code(a):
    if isinstance(a, dict):
        return a.get("code") or ""
    return a or ""


def km(a, b):
    r = 6371.0088
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(h)))


def groups(recs):
    """List of (key, [mentions]) in the documented grouping."""
    ments = []
    for aid, r in recs.items():
        for i, e in enumerate(r.get("events") or []):
            loc = e.get("location")
            ll = (loc["lat"], loc["lon"]) if loc and loc.get("lat") is not None else None
            key = (code(e.get("source")), code(e.get("target")), e["cameo"], e.get("date") or "")
            ments.append((key, aid.encode(), i, ll, e))
    ments.sort(key=lambda m: (m[0], m[1], m[2]))
    out = []
    bykey = {}
    for key, aid, i, ll, e in ments:
        gs = bykey.setdefault(key, [])
        for g in gs:
            a = g[0][3]
            if (a is None) == (ll is None) and (ll is None or km(a, ll) <= 50.0):
                g.append((key, aid, i, ll, e))
                break
        else:
            gs.append([(key, aid, i, ll, e)])
            out.append((key, gs[-1]))
    return out


def fail(msg):
    print("check.py: " + msg, file=sys.stderr)
    sys.exit(1)


def main():
    cmd = sys.argv[1]
    if cmd == "expect":
        recs = load(sys.argv[2:])
        n_m = sum(len(r.get("events") or []) for r in recs.values())
        n_p = sum(len(r.get("locations") or []) for r in recs.values())
        n_q = sum(len(r.get("quotes") or []) for r in recs.values())
        n_u = sum(len(r.get("unattributed_quotes") or []) for r in recs.values())
        print(len(recs), n_m, len(groups(recs)), n_p, n_q, n_u)
        return
    if cmd == "uquotes":
        recs = load(sys.argv[2:])
        rows = []
        for aid, r in recs.items():
            for i, q in enumerate(r.get("unattributed_quotes") or []):
                text = q.get("text")
                text = "" if text is None else text.translate({9: 32, 10: 32, 13: 32})
                span = q.get("span") or [-1, -1]
                rows.append("\t".join([aid, str(i), text, str(q.get("sentence", -1)),
                                       str(span[0]), str(span[1])]))
        for r in sorted(rows, key=lambda x: x.encode()):
            print(r)
        return
    if cmd == "addsource":
        src = {}
        with open(sys.argv[2], encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    a = json.loads(line)
                    src[a["id"]] = a.get("source")
        with open(sys.argv[3], encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    r["_source"] = src.get(r["id"])
                    print(json.dumps(r, ensure_ascii=False))
        return
    if cmd == "groups":
        recs = load(sys.argv[2:])
        rows = []
        for key, ms in groups(recs):
            srcs = {recs[m[1].decode()].get("_source") or recs[m[1].decode()].get("source") or ""
                    for m in ms}
            arts = {m[1] for m in ms}
            rows.append("\t".join(list(key) + [str(len(ms)), str(len(srcs)), str(len(arts))]))
        for r in sorted(rows):
            print(r)
        return
    recs = load(sys.argv[3:])
    with open(sys.argv[2], encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip()]
    n_events = sum(len(r.get("events") or []) for r in recs.values())
    if cmd == "mentions":
        for l in lines:
            if len(l.split("\t")) != 16:
                fail("mentions line has %d columns: %r" % (len(l.split("\t")), l[:80]))
        if len(lines) != n_events:
            fail("%d mention lines, %d coded events" % (len(lines), n_events))
        return
    keys = set()
    for r in recs.values():
        for e in r.get("events") or []:
            d = (e.get("date") or "").replace("-", "")
            keys.add((code(e.get("source")), code(e.get("target")), e["cameo"], e["cameo"][:2], d))
    total = 0
    for l in lines:
        c = l.split("\t")
        if len(c) != 61:
            fail("GDELT line has %d columns, not 61: %r" % (len(c), l[:80]))
        k = (c[5], c[15], c[26], c[28], c[1])
        if k not in keys:
            fail("GDELT line with codes/date %r is no coded event" % (k,))
        if c[1] and (c[2] != c[1][:6] or c[3] != c[1][:4]):
            fail("MonthYear/Year disagree with SQLDATE: %r" % (c[1:4],))
        if c[27] != c[26][:3]:
            fail("EventBaseCode %r for EventCode %r" % (c[27], c[26]))
        total += int(c[31])
    if total != n_events:
        fail("NumMentions add up to %d, the records have %d events" % (total, n_events))
    if len(lines) != len(groups(recs)):
        fail("%d GDELT lines, %d event groups expected" % (len(lines), len(groups(recs))))


if __name__ == "__main__":
    main()
