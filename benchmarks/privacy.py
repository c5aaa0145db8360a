"""Score the privacy rules on the frozen labelled corpus (benchmarks/privacy_corpus/), per
planted span and per class, and time them.

    .venv/bin/python benchmarks/privacy.py            # the table, as in README
    .venv/bin/python benchmarks/privacy.py --show 20  # also the first misses and wrong hits
    .venv/bin/python benchmarks/privacy.py --limit 200  # a slice (tests/test_privacy_bench.py)

- **recall**: a planted span is found when a hit of its class's problem code overlaps it;
- **wrong hits**: hits that overlap no planted span, as a share of all hits (a hit over a
  planted span of another class is counted apart, as `other class`);
- **speed**: MB of UTF-8 text per second through `find_personal_data`, one process, one
  core: CPU time of this process (so other work on a shared machine does not count), best
  of `--repeat` runs.

The corpus was written by someone else and frozen before the rules were tuned on it (its
README). The scorer configures the rules the way an estate would: the public numbers the
corpus's notices print as public (物业公开值班电话 …) are listed, as `contact.public_numbers`
would list them; `--no-public` scores without that list (those numbers then count as
wrong hits: unlisted public numbers are refused by design).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "benchmarks" / "privacy_corpus" / "corpus.jsonl"
sys.path.insert(0, str(ROOT / "tooling"))

from echowall.privacy import find_personal_data  # noqa: E402

CODES = {"phone": "privacy-phone", "id_card": "privacy-id-card", "email": "privacy-email", "qq": "privacy-qq",
         "wechat": "privacy-wechat", "plate": "privacy-plate", "bank_card": "privacy-bank-card",
         "room": "privacy-room", "name": "privacy-name"}
CLASSES = tuple(CODES)
# The corpus estate's public numbers, as its notices print them (what contact.public_numbers lists).
PUBLIC_NUMBERS = frozenset({"057187005123", "057185001235", "057188156600", "057186972210", "057186120011",
                            "057156887700", "4008261235"})
TARGETS = {"recall": 0.98, "wrong": 0.03, "mb_s": 5.0}


def load(limit: int | None = None) -> list[dict]:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows[:limit] if limit else rows


def score(rows: list[dict], public: frozenset = PUBLIC_NUMBERS) -> dict:
    """Per class and overall: spans, found, hits, wrong hits; and the misses and wrong hits."""
    by = {c: Counter() for c in CLASSES}
    forms = defaultdict(Counter)
    misses, wrong, other = [], [], []
    code_class = {v: k for k, v in CODES.items()}
    for row in rows:
        text, spans = row["text"], row["spans"]
        hits = find_personal_data(text, public)
        for s in spans:
            c = s["class"]
            by[c]["spans"] += 1
            forms[(c, s.get("form", ""))]["spans"] += 1
            if any(h.code == CODES[c] and h.start < s["end"] and s["start"] < h.end for h in hits):
                by[c]["found"] += 1
                forms[(c, s.get("form", ""))]["found"] += 1
            else:
                misses.append((row["id"], c, s.get("form", ""), text[s["start"]:s["end"]], text,
                               [(h.code, h.text) for h in hits]))
        for h in hits:
            c = code_class[h.code]
            by[c]["hits"] += 1
            over = [s for s in spans if h.start < s["end"] and s["start"] < h.end]
            if not over:
                by[c]["wrong"] += 1
                wrong.append((row["id"], h.code, h.text, text, row["near_misses"]))
            elif all(CODES[s["class"]] != h.code for s in over):
                by[c]["other"] += 1
                other.append((row["id"], h.code, h.text, text))
    total = Counter()
    for c in CLASSES:
        total.update(by[c])
    return {"classes": by, "total": total, "forms": forms, "misses": misses, "wrong": wrong, "other": other}


def speed(rows: list[dict], repeat: int = 5, public: frozenset = PUBLIC_NUMBERS) -> tuple[float, float]:
    """(MB/s, snippets/s): the best of `repeat` runs over every snippet, one process."""
    texts = [r["text"] for r in rows]
    size = sum(len(t.encode("utf-8")) for t in texts)
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        for x in texts:
            find_personal_data(x, public)
        best = min(best, time.process_time() - t)
    return size / best / 1e6, len(texts) / best


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f} %" if b else "    —  "


def report(result: dict, mb_s: float | None, per_s: float | None, rows: int) -> tuple[str, bool]:
    by, t = result["classes"], result["total"]
    lines = [f"privacy: {rows} snippets of benchmarks/privacy_corpus/corpus.jsonl, {t['spans']} planted spans",
             f"  {'class':10s} {'spans':>6s} {'found':>6s} {'recall':>8s} {'hits':>6s} {'wrong':>6s} {'wrong %':>8s}"
             f" {'other class':>11s}"]
    for c in CLASSES:
        b = by[c]
        lines.append(f"  {c:10s} {b['spans']:6d} {b['found']:6d} {_pct(b['found'], b['spans']):>8s} {b['hits']:6d}"
                     f" {b['wrong']:6d} {_pct(b['wrong'], b['hits']):>8s} {b['other']:11d}")
    recall = t["found"] / t["spans"] if t["spans"] else 1.0
    wrong = t["wrong"] / t["hits"] if t["hits"] else 0.0
    lines.append(f"  {'all':10s} {t['spans']:6d} {t['found']:6d} {_pct(t['found'], t['spans']):>8s} {t['hits']:6d}"
                 f" {t['wrong']:6d} {_pct(t['wrong'], t['hits']):>8s} {t['other']:11d}")
    ok = recall >= TARGETS["recall"] and wrong <= TARGETS["wrong"]
    if mb_s is not None:
        lines.append(f"  speed {mb_s:.2f} MB/s ({per_s:,.0f} snippets/s), one core")
        ok = ok and mb_s >= TARGETS["mb_s"]
    lines.append(f"  targets: recall >= 98 %, wrong hits <= 3 % of hits, >= 5 MB/s: {'met' if ok else 'MISSED'}")
    return "\n".join(lines), ok


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, help="only the first N snippets")
    ap.add_argument("--show", type=int, default=0, help="print this many misses and wrong hits")
    ap.add_argument("--forms", action="store_true", help="recall per written form")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs (the best counts); 0: no timing")
    ap.add_argument("--no-public", action="store_true", help="score without the estate's public numbers")
    args = ap.parse_args(argv)
    rows = load(args.limit)
    public = frozenset() if args.no_public else PUBLIC_NUMBERS
    result = score(rows, public)
    mb_s, per_s = speed(rows, args.repeat, public) if args.repeat else (None, None)
    text, ok = report(result, mb_s, per_s, len(rows))
    print(text)
    if args.forms:
        for (c, form), n in sorted(result["forms"].items()):
            print(f"  {c:10s} {form:28s} {n['found']:4d}/{n['spans']:<4d} {_pct(n['found'], n['spans'])}")
    if args.show:
        print("misses:")
        for m in result["misses"][:args.show]:
            print("  ", m)
        print("wrong hits:")
        for w in result["wrong"][:args.show]:
            print("  ", w)
        print("other class:")
        for w in result["other"][:args.show]:
            print("  ", w)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
