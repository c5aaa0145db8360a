"""The privacy scorer (benchmarks/privacy.py) runs on a slice of the frozen corpus and says
what it measured; the targets hold on that slice. Speed is measured only by the benchmark
(`make bench`, `benchmarks/privacy.py`), never asserted here."""
from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def scorer():
    spec = importlib.util.spec_from_file_location("privacy_bench", REPO / "benchmarks" / "privacy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_scorer_scores_a_slice_per_span_and_per_class(capsys):
    bench = scorer()
    rows = bench.load(300)
    assert len(rows) == 300 and all({"text", "spans", "near_misses"} <= set(r) for r in rows)
    result = bench.score(rows)
    total = result["total"]
    assert total["spans"] == sum(len(r["spans"]) for r in rows)
    assert sum(result["classes"][c]["spans"] for c in bench.CLASSES) == total["spans"]
    assert total["found"] / total["spans"] >= 0.98
    assert total["wrong"] <= 0.03 * total["hits"]
    assert bench.main(["--limit", "300", "--repeat", "0"]) == 0
    out = capsys.readouterr().out
    assert "recall" in out and "wrong" in out and "targets:" in out and "speed" not in out


def test_a_hit_counts_only_over_a_span_of_its_class():
    bench = scorer()
    rows = [{"id": "t1", "text": "电话13912345678，住6幢603", "near_misses": [],
             "spans": [{"start": 2, "end": 13, "class": "phone"}, {"start": 15, "end": 20, "class": "name"}]}]
    result = bench.score(rows, frozenset())
    by = result["classes"]
    assert (by["phone"]["found"], by["name"]["found"]) == (1, 0)  # the room hit is over the "name" span
    assert by["room"]["hits"] == 1 and by["room"]["other"] == 1 and result["total"]["wrong"] == 0
