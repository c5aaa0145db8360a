"""The independent privacy corpus (benchmarks/privacy_corpus/corpus.jsonl): its format, its
coverage of classes, written forms and near misses, and that make_corpus.py rewrites it byte
for byte. It says nothing about how well any detector does on it."""
from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DIR = REPO / "benchmarks" / "privacy_corpus"
CLASSES = {"phone", "id_card", "email", "qq", "wechat", "plate", "bank_card", "room", "name"}
GENRES = {"complaint", "reply", "notice", "revenue", "note", "comment"}


def _maker():
    spec = importlib.util.spec_from_file_location("echowall_privacy_corpus_maker", DIR / "make_corpus.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _items():
    raw = (DIR / "corpus.jsonl").read_text(encoding="utf-8")
    assert raw.endswith("\n") and "\r" not in raw
    return [json.loads(line) for line in raw.split("\n") if line]


def test_records_are_well_formed():
    items = _items()
    assert len(items) >= 1500
    ids = [it["id"] for it in items]
    assert len(set(ids)) == len(ids)
    assert ids == [f"c{i:04d}" for i in range(1, len(items) + 1)]
    for it in items:
        assert set(it) == {"id", "genre", "text", "spans", "near_misses"}, it["id"]
        assert it["genre"] in GENRES
        assert isinstance(it["text"], str) and it["text"]
        end = 0
        for s in it["spans"]:
            assert set(s) == {"start", "end", "class", "form"}, it["id"]
            assert s["class"] in CLASSES, it["id"]
            assert end <= s["start"] < s["end"] <= len(it["text"]), it["id"]  # ordered, no overlap
            span = it["text"][s["start"]:s["end"]]
            assert span.strip() == span and span.strip(), it["id"]
            end = s["end"]
        if not it["spans"]:
            assert it["near_misses"], it["id"]  # every clean snippet carries near misses


def test_coverage_of_classes_forms_and_near_misses():
    items = _items()
    planted = [it for it in items if it["spans"]]
    assert 0.45 <= len(planted) / len(items) <= 0.55
    by_class = Counter(s["class"] for it in items for s in it["spans"])
    by_form = Counter((s["class"], s["form"].split("/")[0]) for it in items for s in it["spans"])
    for cls in CLASSES:
        assert by_class[cls] >= 40, cls
    for key, n in by_form.items():
        assert n >= 20, key
    for form in ("zero-width", "split-line", "chinese-numerals", "financial-numerals", "fullwidth-digits", "landline"):
        assert by_form[("phone", form)] >= 20, form
    texts = [it["text"][s["start"]:s["end"]] for it in items for s in it["spans"]]
    assert sum(any(z in t for z in "\u200b\u200c\u2060\ufeff") for t in texts) >= 20
    assert sum("\n" in t for t in texts) >= 20
    tags = Counter(t for it in items if not it["spans"] for t in it["near_misses"])
    for tag in {t for it in items for t in it["near_misses"]}:
        assert tags[tag] >= 20, tag
    for tag in ("case-number", "invoice-number", "property-cert", "credit-code", "doc-number", "public-number",
                "office-room", "street-address", "building-no-room", "role", "surname-in-word", "lao-word",
                "housing-word", "hotline", "iso-date", "version-model", "long-number"):
        assert tags[tag] >= 20, tag


def test_self_check_passes_on_the_committed_file():
    _maker().self_check(_items())


def test_generator_rewrites_the_file_byte_for_byte():
    m = _maker()
    items = m.Gen().build()
    m.self_check(items)  # includes the check that nothing personal-looking is left unlabelled
    assert m.to_jsonl(items) == (DIR / "corpus.jsonl").read_text(encoding="utf-8")
