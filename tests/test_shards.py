"""`echowall validate` checks a large ledger in shards (forked workers, each with a slice of
the item files): it must report exactly what one process reports, problems across shards
(a duplicate id, a link) included, and nothing twice."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

import echowall.pipeline as pipeline
from conftest import only
from echowall.pipeline import check_ledger, validate_ledger

NOW = datetime(2026, 11, 22, tzinfo=timezone.utc)


@pytest.fixture
def small_shards(monkeypatch):
    monkeypatch.setattr(pipeline, "SHARD_MIN_FILES", 5)  # the demo's 35 items make 2 shards


def test_a_clean_ledger_in_shards(repo, small_shards):
    result = validate_ledger(repo.root, now=NOW, workers=2)
    one = check_ledger(repo.root, now=NOW)
    assert result.problems == one.problems == []
    assert (result.items, result.buildings) == (len(one.ledger.items), len(one.ledger.buildings)) == (35, 12)


def test_shards_report_what_one_process_reports(repo, small_shards):
    first, last = "ledger/items/2026/260305-dm3a.yml", "ledger/items/2026/261120-gd6e.yml"
    # a duplicate id across the two shards: the last file claims the first one's id
    repo.edit(last, "id: 261120-gd6e", "id: 260305-dm3a")
    # a privacy problem and a missing building late in the ledger, a bad role in estate.yml
    repo.edit("ledger/items/2026/260415-7kq2.yml", 'building: "5"', 'building: "55"')
    text = repo.read("ledger/items/2026/261119-wf5d.yml")
    repo.write("ledger/items/2026/261119-wf5d.yml", text.replace("title: ", "title: 请回电13812345678 ", 1))
    repo.write("ledger/items/2026/260999-zzzz.yaml", "id: x\n")  # a listing problem
    one = check_ledger(repo.root, now=NOW).problems
    sharded = validate_ledger(repo.root, now=NOW, workers=2).problems
    assert [str(p) for p in sharded] == [str(p) for p in one]
    assert len({str(p) for p in sharded}) == len(sharded)  # nothing twice
    only(sharded, "id-duplicate", first, 2)
    only(sharded, "id-duplicate", last, repo.line_of(last, "id: 260305-dm3a"))
    only(sharded, "ref-building", "ledger/items/2026/260415-7kq2.yml", 8)
    find_codes = {p.code for p in sharded}
    assert {"privacy-phone", "file-name", "id-file-name"} <= find_codes


def test_one_worker_or_a_base_revision_checks_in_one_process(repo, small_shards, monkeypatch):
    calls = []
    monkeypatch.setattr(pipeline, "_check_shard", lambda *a: calls.append(a))
    assert validate_ledger(repo.root, now=NOW, workers=1).problems == []
    assert calls == []


def test_photos_listed_in_another_shard_are_not_unreferenced(repo, small_shards):
    last = "ledger/items/2026/261120-gd6e.yml"  # in the last shard; media/ is checked by the first
    photo = repo.path("ledger/media/2026/260415-7kq2-1.jpg").read_bytes()
    repo.write("ledger/media/2026/261120-gd6e-1.jpg", photo)
    repo.write("ledger/media/2026/261120-gd6e-2.jpg", photo)  # listed by nobody
    repo.edit(last, "\nevents:", "\nphotos:\n  - 2026/261120-gd6e-1.jpg\nevents:")
    one = check_ledger(repo.root, now=NOW).problems
    sharded = validate_ledger(repo.root, now=NOW, workers=2).problems
    assert [str(p) for p in sharded] == [str(p) for p in one]
    assert [(p.code, p.path) for p in sharded] == [("media-unreferenced", "ledger/media/2026/261120-gd6e-2.jpg")]


@pytest.mark.parametrize("cpus", [1, 2])
def test_checks_started_beside_the_build_report_what_check_ledger_reports(repo, monkeypatch, cpus):
    """pipeline.start_check (the build's: the ledger read here, its checks in a forked
    process meanwhile; in this process on one CPU) gives check_ledger's problems, in its
    order, and the same records."""
    import echowall.parallel as parallel

    monkeypatch.setattr(parallel, "available_workers", lambda: cpus)
    repo.edit("ledger/items/2026/260415-7kq2.yml", 'building: "5"', 'building: "55"')
    repo.edit("ledger/items/2026/260305-dm3a.yml", "kind: problem", "kind: bug")
    pending = pipeline.start_check(repo.root)
    assert (pending._pool._pool is not None) == (cpus > 1)  # forked only beside a second CPU
    started = pending.result()
    one = check_ledger(repo.root)
    assert [str(p) for p in started.problems] == [str(p) for p in one.problems]
    only(started.problems, "ref-building", "ledger/items/2026/260415-7kq2.yml", 8)
    assert "schema-enum" in {p.code for p in started.problems}
    assert [i.id for i in started.ledger.items] == [i.id for i in one.ledger.items]
    assert pending.result() is started  # asked again: the same verdict, no second run
