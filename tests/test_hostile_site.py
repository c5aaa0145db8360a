"""A corpus of hostile payloads in every free-text field of the ledger (item titles,
descriptions, places, event notes, rating comments; revenue descriptions, evidence,
approvals, counterparties), one strict build, and every HTML page parsed: no element,
attribute or URL scheme from the payloads survives. Every payload carries the marker `ewx`,
so anything it managed to create can be found."""
from __future__ import annotations

import json

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import build_site, copy_repo

PAYLOADS = [
    "<script>ewx()</script>",
    "<SCRIPT SRC=//ewx.invalid/x.js></SCRIPT>",
    "<img src=x onerror=ewx()>",
    "<img src=\"javascript:ewx()\">",
    "<svg onload=ewx()>",
    "<svg><script>ewx()</script></svg>",
    "<math><mtext><script>ewx()</script></mtext></math>",
    "<iframe src=\"javascript:ewx()\"></iframe>",
    "<iframe srcdoc=\"<script>ewx()</script>\"></iframe>",
    "<object data=\"javascript:ewx()\"></object>",
    "<embed src=\"javascript:ewx()\">",
    "<a href=\"javascript:ewx()\">ewx</a>",
    "<a href=\"data:text/html,<script>ewx()</script>\">ewx</a>",
    "<a href=\"vbscript:ewx()\">ewx</a>",
    "<a href=\"JaVaScRiPt:ewx()\">ewx</a>",
    "<a href=\"&#106;avascript:ewx()\">ewx</a>",
    "<form action=\"javascript:ewx()\"><input type=submit></form>",
    "<button formaction=\"javascript:ewx()\">ewx</button>",
    "<input autofocus onfocus=ewx()>",
    "<details open ontoggle=ewx()>",
    "<body onload=ewx()>",
    "<style>@import 'ewx';</style>",
    "<div style=\"background:url(javascript:ewx())\">ewx</div>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:ewx()\">",
    "<base href=\"javascript:ewx()//\">",
    "<link rel=stylesheet href=ewx.css>",
    "<marquee onstart=ewx()>ewx</marquee>",
    "<video><source onerror=ewx()></video>",
    "<audio src=x onerror=ewx()>",
    "<template><script>ewx()</script></template>",
    "\"><script>ewx()</script>",
    "'><img src=x onerror=ewx()>",
    "\" onmouseover=\"ewx()\" x=\"",
    "' onclick='ewx()' x='",
    "</title><script>ewx()</script>",
    "</textarea><script>ewx()</script>",
    "<!--<script>ewx()</script>-->",
    "<![CDATA[<script>ewx()</script>]]>",
    "[ewx](javascript:ewx())",
    "![ewx](javascript:ewx())",
    "<javascript:ewx()>",
    "[ewx][r]\n\n[r]: javascript:ewx()",
    "**ewx** _ewx_ `ewx` ~~ewx~~",
    "# ewx heading",
    "> ewx quote",
    "    ewx code block",
    "| ewx | ewx |\n|---|---|\n| a | b |",
    "{{ ewx }} {% raw %} {# ewx #}",
    "${ewx} #{ewx} <%= ewx %>",
    "&lt;script&gt;ewx()&lt;/script&gt;",
    "&#60;script&#62;ewx()&#60;/script&#62;",
    "ewx\u200fRLM\u200e marks",  # bidi overrides (U+202E) are refused: tests/test_text_rules.py
    "ewx\u0000null\u0007bell",
    "<scr<script>ipt>ewx()</scr</script>ipt>",
    "<<script>script>ewx()<</script>/script>",
    "<b>ewx</b><i>ewx</i><u>ewx</u>",
    "<h2>ewx</h2><blockquote>ewx</blockquote><pre>ewx</pre>",
    "--- \ntitle: ewx\n---",
]
assert len(PAYLOADS) >= 50

# Where a payload may legitimately appear as *text*: in element text and in these attributes.
TEXT_ATTRS = {"alt", "title", "aria-label"}
# Elements that must never hold a payload's marker, as text or attribute.
NEVER = {"script", "iframe", "object", "embed", "style", "svg", "math", "form", "base", "meta", "link", "frame",
         "frameset", "video", "audio", "source", "input", "button", "textarea", "select", "marquee", "template",
         "details", "strong", "em", "b", "i", "u", "code", "pre", "blockquote", "del", "h2", "h3", "h4", "h5", "h6"}


def clean(p: str) -> str:
    # Control characters are refused by the validator (text-control, tested elsewhere). Keep the rest.
    return p.replace("\u0000", "").replace("\u0007", "")


def one_line(p: str, n: int) -> str:
    return clean(p).replace("\n", " ")[:n]


class Strs(yaml.SafeLoader):
    pass


Strs.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def poison(repo) -> None:
    """Every payload into every kind of text field, spread over the demo's items and revenue."""
    items = sorted((repo.root / "ledger/items").rglob("*.yml"))
    slots = {"title": [], "description": [], "place": [], "note": [], "comment": []}
    docs = {p: yaml.load(p.read_text(encoding="utf-8"), Loader=Strs) for p in items}
    for p, d in docs.items():
        slots["title"].append((d, "title"))
        slots["description"].append((d, "description"))
        slots["place"].append((d, "place"))
        for e in d.get("events") or []:
            if "note" in e:
                slots["note"].append((e, "note"))
        for r in d.get("ratings") or []:
            slots["comment"].append((r, "comment"))
    for field, places in slots.items():
        for i, payload in enumerate(PAYLOADS):
            target, key = places[i % len(places)]
            limit = {"title": 80, "place": 120}.get(field)
            text = one_line(payload, limit) if limit else clean(payload)
            target[key] = text if i < len(places) else (str(target[key]) + " " + text)[: limit or 2000]
    for p, d in docs.items():
        p.write_text("\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" if not isinstance(v, (list, dict))
                               else yaml.safe_dump({k: v}, allow_unicode=True, sort_keys=False).rstrip()
                               for k, v in d.items()) + "\n", encoding="utf-8")
    rev = repo.root / "ledger/revenue/public/2026.yml"
    d = yaml.load(rev.read_text(encoding="utf-8"), Loader=Strs)
    for i, payload in enumerate(PAYLOADS):
        e = d["entries"][i % len(d["entries"])]
        e["description"] = clean(payload)[:500]
        e["evidence"] = one_line(payload, 200)
        e["counterparty"] = one_line(payload, 120)
        if e["direction"] == "expense":
            e["approval"] = one_line(payload, 200)
    rev.write_text(yaml.safe_dump(d, allow_unicode=True, sort_keys=False), encoding="utf-8")


# mkdocs.yml text that reaches every page: markup is refused (tests/test_siteconfig.py);
# what is allowed — &, ', entities typed as text, full-width brackets — shows as typed.
SITE_TEXT = {
    "site_name": "石桥 & 新村 O'Neil &amp; ＜回音壁＞",
    "site_description": "问题 & 需求 O'Neil &lt;b&gt;",
    "site_author": "石桥社区 & 物业 O'Neil",
    "copyright": "© 2026 石桥社区 & 物业 &copy; O'Neil",
    "repo_name": "shiqiao & echowall O'Neil",
}
ICP = "浙ICP备00000000号 & O'Neil &#60;"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    repo = copy_repo(root, print_sheets=False)
    poison(repo)
    q = lambda s: json.dumps(s, ensure_ascii=False)  # noqa: E731
    repo.edit("mkdocs.yml", "site_name: 石桥新村回音壁\n",
              "".join(f"{k}: {q(v)}\n" for k, v in SITE_TEXT.items() if k != "repo_name"))
    repo.edit("mkdocs.yml", "repo_name: shiqiao-echowall", f"repo_name: {q(SITE_TEXT['repo_name'])}")
    repo.edit("mkdocs.yml", 'icp: ""', f"icp: {q(ICP)}")
    problems = [str(p) for p in repo.check().errors]
    assert problems == []
    build_site(root)
    return repo, root / "site"


def test_no_element_attribute_or_scheme_from_the_payloads_survives(hostile_site):
    _, site = hostile_site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 90
    bad = []
    for page in pages:
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for el in doc.find_all(True):
            for name, value in el.attrs.items():
                value = " ".join(value) if isinstance(value, list) else str(value)
                if "ewx" in value and name not in TEXT_ATTRS:
                    bad.append((page.relative_to(site), el.name, name, value[:60]))
                if name in ("href", "src", "action", "formaction", "data", "poster") and \
                        value.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                    bad.append((page.relative_to(site), el.name, name, value[:60]))
            if el.name in NEVER and "ewx" in el.get_text():
                bad.append((page.relative_to(site), el.name, "text", el.get_text()[:60]))
    assert bad == []


def test_site_settings_are_shown_as_typed_on_every_kind_of_page(hostile_site):
    """MkDocs' templates do not escape; the plugin escapes mkdocs.yml's text once (no
    double escaping where Material escapes again)."""
    _, site = hostile_site
    name = SITE_TEXT["site_name"]
    for rel in ("index.html", "i/260415-7kq2/index.html", "b/5/index.html", "lists/open/index.html", "404.html"):
        html = (site / rel).read_text(encoding="utf-8")
        page = BeautifulSoup(html, "html.parser")
        assert page.title.string == name or page.title.string.endswith(f" - {name}"), rel
        assert "石桥 &amp; 新村 O&#39;Neil &amp;amp; ＜回音壁＞</title>" in html, rel
        assert page.select_one(".md-header__topic .md-ellipsis").get_text(strip=True) == name
        assert page.select_one("a.md-header__button.md-logo")["title"] == name
        assert page.select_one("a.md-header__button.md-logo")["aria-label"] == name
        assert page.select_one('meta[name="description"]')["content"] == SITE_TEXT["site_description"] or \
            rel.startswith(("i/", "b/"))  # item and building pages describe themselves
        assert page.select_one('meta[name="author"]')["content"] == SITE_TEXT["site_author"]
        assert page.select_one(".md-copyright__highlight").get_text(strip=True) == SITE_TEXT["copyright"]
        assert page.select_one(".ew-icp a").get_text(strip=True) == ICP
        assert page.select_one(".md-source") is None  # no repository link for residents (the about page has it)


def test_payloads_are_shown_as_typed(hostile_site):
    repo, site = hostile_site
    item = sorted((repo.root / "ledger/items").rglob("*.yml"))[0]
    d = yaml.load(item.read_text(encoding="utf-8"), Loader=Strs)
    page = BeautifulSoup((site / "i" / d["id"] / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.h1.get_text(" ", strip=True) == f"{d['id']} {d['title']}".strip()
    assert PAYLOADS[0] in page.select_one(".ew-description").get_text() or \
        d["description"].split("\n")[0] in page.select_one(".ew-description").get_text()


def test_exports_carry_the_payloads_as_data(hostile_site):
    _, site = hostile_site
    items = json.loads((site / "items.json").read_text(encoding="utf-8"))["items"]
    titles = " ".join(i["title"] for i in items)
    assert "<script>ewx()</script>" in titles  # data, escaped by JSON, never markup
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert "<script>" not in feed and "&lt;script&gt;" in feed
