"""The site plan without MkDocs or templates: which pages exist, what each list holds and in
which order, how lists are paged, and the per-building figures the building pages and the
status sheets share — asserted on plan_site's output alone, against the demo ledger's facts
as of AS_OF (2026-11-20 18:00 +08:00)."""
from __future__ import annotations

import pytest

from conftest import AS_OF, REPO
from echowall import plan as plan_module
from echowall.derive import resolve_as_of
from echowall.labels import load_labels
from echowall.pipeline import check_ledger, prepare
from echowall.plan import PageSpec, SiteConfig, paged, plan_site

SITE = "https://echowall.example.org/shiqiao/"


@pytest.fixture(scope="module")
def demo():
    checked = check_ledger(REPO, "ledger")
    assert checked.errors == []
    model = prepare(checked, resolve_as_of(AS_OF))
    labels = load_labels(REPO / "site_templates", "zh", model.ledger)
    return model, labels


@pytest.fixture(scope="module")
def site(demo):
    model, labels = demo
    return plan_site(model, SiteConfig(site_url=SITE), labels, model.as_of)


def ids(rows) -> list[str]:
    return [s.item.id for s in rows]


def test_every_item_and_building_has_its_page(site, demo):
    model, _ = demo
    items = {p for p in site if p.startswith("i/")}
    assert items == {f"i/{iid}.md" for iid in model.states} and len(items) == 35
    assert {p for p in site if p.startswith("b/") and p != "b/index.md"} == {f"b/{n}.md" for n in range(1, 13)}
    page = site["i/260415-7kq2.md"]
    assert (page.template, page.root, page.title) == ("item.md.j2", "../../", "260415-7kq2 5幢顶楼漏水，下雨天墙面渗水")
    assert page.ctx["it"].id == "260415-7kq2" and page.ctx["s"] is model.states["260415-7kq2"]
    assert all(isinstance(p, PageSpec) and p.title for p in site.values())
    # item and building pages first (a build renders in this order)
    order = list(site)
    assert max(order.index(p) for p in items) < order.index("b/1.md") < order.index("index.md")


def test_lists_hold_the_right_items_in_order(site):
    open_ = site["lists/open.md"]
    assert open_.title == "正在办理的事项"
    assert ids(open_.ctx["rows"]) == [
        "261120-gd6e", "261119-wf5d", "261118-bl4c", "261110-pt3b", "261102-mh2a", "261008-lk7z",
        "260905-sv3x", "260903-yc8w", "260812-wt2u", "260618-dt6q", "260615-dt5p", "260415-7kq2", "260320-hk8c"]
    assert (open_.ctx["total"], open_.ctx["pages"], open_.ctx["prev"], open_.ctx["next"]) == (13, 1, None, None)
    # overdue: the four whose promise has passed, newest filing first
    assert ids(site["lists/overdue.md"].ctx["rows"]) == ["261118-bl4c", "261110-pt3b", "261102-mh2a", "260618-dt6q"]
    # by role: only open items the role holds
    held = {p: ids(s.ctx["rows"]) for p, s in site.items() if p.startswith("lists/role/")}
    assert all(set(rows) <= set(ids(open_.ctx["rows"])) for rows in held.values())
    # resolved: latest closing first
    resolved = site["lists/resolved.md"].ctx["rows"]
    closed = [s.closed_at for s in resolved]
    assert closed == sorted(closed, reverse=True) and all(s.status == "resolved" for s in resolved)
    # the groups pages count what the per-group lists hold
    for c, open_count, total in site["lists/categories.md"].ctx["groups"]:
        rows = site[f"lists/category/{c.id}.md"].ctx["rows"]
        assert (open_count, total) == (sum(s.is_open for s in rows), len(rows))


def test_lists_are_paged(demo, monkeypatch):
    """With 5 rows a page, 13 open items are pages 1-3: lists/open.md, lists/open/2.md,
    lists/open/3.md, each linking the next and the previous relative to its own folder."""
    model, labels = demo
    whole = ids(plan_site(model, SiteConfig(), labels)["lists/open.md"].ctx["rows"])
    monkeypatch.setattr(plan_module, "PAGE_SIZE", 5)
    site = plan_site(model, SiteConfig(), labels)
    pages = [site["lists/open.md"], site["lists/open/2.md"], site["lists/open/3.md"]]
    assert "lists/open/4.md" not in site
    assert [len(p.ctx["rows"]) for p in pages] == [5, 5, 3]
    assert sum((ids(p.ctx["rows"]) for p in pages), []) == whole and len(whole) == 13
    assert [(p.ctx["prev"], p.ctx["next"]) for p in pages] == [(None, "2/"), ("../", "../3/"), ("../2/", None)]
    assert [p.root for p in pages] == ["../../", "../../../", "../../../"]
    assert [p.title for p in pages] == ["正在办理的事项", "正在办理的事项 · 第2页", "正在办理的事项 · 第3页"]
    # an empty list is one page saying so, never none
    empty = paged("lists/x", "X", [], labels)
    assert list(empty) == ["lists/x.md"] and empty["lists/x.md"].ctx["pages"] == 1


def test_per_building_figures(site):
    """Building 6: one open item in unit 2 and one resolved on 2026-10-27, filed in October
    (so last month's figures count it), resolved within 30 days of AS_OF."""
    f = site.figures["6"]
    assert ids(f.items) == ["260615-dt5p", "261025-yd9p"]
    assert {u: ids(rows) for u, rows in f.by_unit.items() if rows} == {"2": ["260615-dt5p"]}
    assert ids(f.whole) == ["261025-yd9p"]
    assert ids(f.open) == ["260615-dt5p"] and f.open_count == 1
    assert (f.month.filed, f.month.resolved, f.month.response.numerator, f.month.response.denominator) == (1, 1, 1, 1)
    assert ids(f.recent) == ["261025-yd9p"]
    page = site["b/6.md"].ctx
    assert page["fig"] is f and page["open_count"] == 1 and ids(page["items"]) == ids(f.items)
    assert page["url"] == SITE + "b/6/"
    # buildings without open items, and the estate's month for the status sheets
    assert [b for b, g in site.figures.items() if g.open_count == 0] == ["1", "2", "3", "7", "12"]
    month = site.month
    assert (str(month.start), str(month.end), month.kpis.filed, month.estate_open) == ("2026-10-01", "2026-11-01", 2, 6)


def test_files_and_photos_are_planned(site, demo):
    model, _ = demo
    kinds = [f.kind for f in site.files]
    assert kinds[:2] == ["charts", "exports"] and "revenue" in kinds and kinds.count("qr") == 1
    exports = site.files[1].args
    assert [s.item.id for s in exports["states"]] == ids(sorted(model.states.values(),
                                                                key=lambda s: (-s.item.filed.timestamp(), s.item.id)))
    assert exports["filters"]["status"][0][1] == "待派单"
    assert site.media == [p for s in exports["states"] for p in s.item.photos] and site.media


def test_the_plan_needs_the_instant_of_its_model(demo):
    model, labels = demo
    with pytest.raises(ValueError):
        plan_site(model, SiteConfig(), labels, resolve_as_of("2026-11-21"))


def test_print_page_and_links_follow_the_settings(demo):
    model, labels = demo
    github = plan_site(model, SiteConfig(repo_url="https://github.com/example/e", print=True, label_stock="A4 3×7"),
                       labels)
    assert github["print/index.md"].ctx["stock"] == "A4 3×7"
    about = github["about.md"].ctx
    assert about["forge_new"].startswith("https://github.com/example/e/new/main/ledger/items/2026?filename=261120-xxxx.yml")
    assert about["new_template"] == "" and github["b/5.md"].ctx["url"] == ""
    item = github["i/260415-7kq2.md"].ctx
    assert item["file_url"] == "https://github.com/example/e/blob/main/" + model.states["260415-7kq2"].item.path
    gitea = plan_site(model, SiteConfig(repo_url="https://git.example.org/e"), labels)["about.md"].ctx
    assert gitea["forge_new"] == "" and "kind: problem" in gitea["new_template"]
    # a revenue period's page hides the table of contents (its front matter says so)
    period = next(p for path, p in github.items() if path.startswith("revenue/") and path.count("/") == 2)
    assert period.hide == ("toc",)


def test_labels_fall_back_to_chinese_and_refuse_a_key_written_twice(tmp_path, demo):
    from datetime import timedelta

    from echowall.derive import Rate
    from echowall.labels import LabelsError, load_strings

    model, zh = demo
    en = load_labels(REPO / "site_templates", "en-GB", model.ledger)
    assert en.tr("status.filed") == "Filed" and zh.tr("status.filed") == "待派单"
    assert zh.dur(timedelta(days=3, hours=4, minutes=5)) == "3天4小时" and zh.dur(timedelta(minutes=15)) == "15分钟"
    assert zh.period_label("2026-10") == "2026年10月" and zh.month_label("2026-01") == "2026年1月"
    assert zh.rate(Rate(3, 4, 10)) == zh.tr("print.rate_count", num=3, den=4)  # below min_sample: the count
    assert zh.rate(Rate(0, 0, 10)) == zh.tr("none")
    assert zh.place(model.states["260415-7kq2"].item) == "5幢3单元"
    assert zh.role_name("no-such-role") == "no-such-role"
    (tmp_path / "i18n.yml").write_text("zh:\n  a: 一\nen:\n  b: two\n", encoding="utf-8")
    assert load_strings(tmp_path, "en") == {"a": "一", "b": "two"}  # missing in en: zh's
    (tmp_path / "i18n.yml").write_text("zh:\n  a: 一\n  a: 二\n", encoding="utf-8")
    with pytest.raises(LabelsError):
        load_strings(tmp_path, "zh")
