"""mkdocs.yml is ledger input: whoever can commit can change it, and its values reach every
page. Each rule with a failing case (exact code, path and line) and a close legitimate case,
in the forms an attacker writes them; --base against real commits."""
from __future__ import annotations

import json
import os
import shutil

import pytest
from click.testing import CliRunner

from conftest import REPO, Repo, copy_repo, git_pull_request, only
from echowall.cli import main
from echowall.problems import Source
from echowall.siteconfig import check_site, url_problem

CFG = "mkdocs.yml"


@pytest.fixture
def site(tmp_path) -> Repo:
    """mkdocs.yml and site_templates/ of the demo: all the site checks read."""
    shutil.copy2(REPO / CFG, tmp_path / CFG)
    shutil.copytree(REPO / "site_templates", tmp_path / "site_templates")
    return Repo(tmp_path)


def q(value: str) -> str:
    """A YAML double-quoted scalar holding exactly `value` (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)


def test_the_demo_mkdocs_yml_is_clean():
    assert check_site(REPO) == []


# --- markup ---------------------------------------------------------------------------------

MARKUP = [  # (old line in the demo, new text, the text on the line the problem is on)
    ("site_name: 石桥新村回音壁", "site_name: 石桥新村<script>alert(1)</script>", "site_name:"),
    ("site_name: 石桥新村回音壁", "site_name: 石桥新村回音壁\nsite_description: '小区\" onload=\"alert(1)'", "site_description:"),
    ("site_name: 石桥新村回音壁", "site_name: 石桥新村回音壁\nsite_author: '\"><svg onload=alert(1)>'", "site_author:"),
    ("site_name: 石桥新村回音壁", "site_name: 石桥新村回音壁\ncopyright: |\n  © 2026 石桥社区\n  <img src=x onerror=alert(1)>",
     "<img src=x"),
    ("repo_name: shiqiao-echowall", "repo_name: <b>shiqiao</b>", "repo_name:"),
    ('  icp: ""                 ', '  icp: <a href="//evil.example">浙ICP备00000000号</a>', "icp:"),
    ("  - 首页: index.md", '  - "<img src=x onerror=alert(1)>首页": index.md', "<img src=x"),
    ("    primary: custom", '    primary: custom" onclick="alert(1)', "primary:"),
]


@pytest.mark.parametrize("old,new,needle", MARKUP, ids=[m[2] for m in MARKUP])
def test_markup_in_a_value_that_reaches_a_page_is_refused_at_its_line(site, old, new, needle):
    site.edit(CFG, old, new)
    only(check_site(site.root), "config-markup", CFG, site.line_of(CFG, needle))


def test_the_red_teams_file_is_three_problems_on_their_lines(site):
    site.edit(CFG, "site_name: 石桥新村回音壁", "site_name: </title><script>alert(1)</script>\n"
              "copyright: <img src=x onerror=alert(2)>")
    site.edit(CFG, "repo_url: https://github.com/example/shiqiao-echowall",
              "repo_url: javascript://github.com/%0aalert(3)//")
    r = CliRunner().invoke(main, ["--root", str(site.root), "--lang", "en", "validate"])
    assert r.exit_code == 1 and "Traceback" not in r.output
    lines = r.output.splitlines()
    for code, needle in (("config-markup", "site_name:"), ("config-markup", "copyright:"),
                         ("config-url", "repo_url:")):
        line = site.line_of(CFG, needle)
        assert any(x.startswith(f"{CFG}:{line}:") and f"error[{code}]" in x for x in lines), r.output


@pytest.mark.parametrize("new", [
    "copyright: © 2026 石桥社区",
    "copyright: © 2026 石桥社区 & 物业 O'Neil",
    "site_name: 石桥 & 新村",
    "site_name: ＜script＞石桥“新村”＜/script＞",  # full-width: text to a browser, not markup
    "site_description: 石桥新村的公开台账：问题、需求、资源，事事有回音",
])
def test_close_legitimate_text_is_accepted(site, new):
    site.edit(CFG, "site_name: 石桥新村回音壁", "site_name: 石桥新村回音壁\n" + new if not new.startswith("site_name")
              else new)
    assert check_site(site.root) == []


def test_engine_settings_may_hold_quotes_and_angle_brackets(site):
    """search's separator is a regex Material's docs write with quotes and &[lg]t; (an estate
    may add a plugin with such settings)."""
    site.edit(CFG, "  - echowall:", "  - search:\n"
              """      separator: '[\\s\\u200b\\-_,:!=\\[\\]()"`/]+|\\.(?!\\d)|&[lg]t;|(?!\\b)(?=[A-Z][a-z])'\n"""
              "  - echowall:")
    site.edit(CFG, "  - attr_list", "  - attr_list\n  - pymdownx.emoji:\n"
              "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
              "      emoji_generator: !!python/name:material.extensions.emoji.to_svg")
    assert check_site(site.root) == []


# --- URLs -----------------------------------------------------------------------------------

HOSTILE_URLS = {
    "JAVASCRIPT:alert(1)": "",
    "javascript://github.com/%0aalert(1)//": "characters",
    "JavaScript://github.com/%0Aalert(1)//": "characters",
    "  https://echowall.example.org/": "characters",  # leading spaces
    "https://echowall.example.org/ ": "characters",
    "https://echowall.example.org/a%0ab": "characters",  # %0a in the middle
    "https://echowall.example.org/%0D%0ASet-Cookie:x": "characters",
    "https://echowall.example.org/%00": "characters",
    "https://echowall.example.org/\u200bshiqiao/": "characters",  # zero-width space
    "https://echowall.example.org/\u3000": "characters",  # full-width space
    "https://echowall.example.org/\"><script>alert(1)</script>": "characters",
    "https://echowall.example.org\\@evil.example/": "characters",
    "data:text/html,<script>alert(1)</script>": "characters",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==": "",
    "vbscript:msgbox(1)": "",
    "ftp://echowall.example.org/": "",
    "javascript：alert(1)": "",  # a full-width colon: no scheme at all
    "//evil.example/shiqiao/": "",
    "echowall.example.org/shiqiao/": "",
    "https:///shiqiao/": "host",
    "https://echowall.example.org:99999/": "host",
    "https://echowall.example.org@evil.example/": "userinfo",
    "https://user:pass@echowall.example.org/": "userinfo",
}


@pytest.mark.parametrize("value", sorted(HOSTILE_URLS))
def test_hostile_urls_are_refused(value):
    p = url_problem(Source(CFG, 3, 11), "repo_url", value)
    assert p is not None and (p.code, p.variant) == ("config-url", HOSTILE_URLS[value])


@pytest.mark.parametrize("value", ["https://gitea.example.org/x/y", "https://github.com/example/shiqiao-echowall",
                                   "http://192.168.1.10:3000/estate/ledger", "HTTPS://Echowall.Example.org/Shiqiao/",
                                   "https://回音壁.example.cn/石桥/", "https://[2001:db8::1]/shiqiao/",
                                   "https://echowall.example.org/shiqiao/?from=qr#u1"])
def test_plain_http_addresses_are_accepted(value):
    assert url_problem(Source(CFG), "repo_url", value) is None


@pytest.mark.parametrize("key", ["site_url", "repo_url"])
def test_a_bad_url_is_reported_at_its_line(site, key):
    text = site.read(CFG)
    old = next(line for line in text.splitlines() if line.startswith(f"{key}:"))
    site.edit(CFG, old, f"{key}: {q('  JAVASCRIPT:alert(document.domain)//')}")
    only(check_site(site.root), "config-url", CFG, site.line_of(CFG, f"{key}:"))


def test_a_gitea_repo_url_is_accepted(site):
    site.edit(CFG, "repo_url: https://github.com/example/shiqiao-echowall", "repo_url: https://gitea.example.org/x/y")
    assert check_site(site.root) == []


@pytest.mark.parametrize("line,ok", [
    ('edit_uri: "javascript:alert(1)//"', False),
    ('edit_uri: "//evil.example/%0a/"', False),
    ("edit_uri_template: 'data:text/html,x{path}'", False),
    ("edit_uri: edit/main/site_templates/pages/", True),
    ("edit_uri_template: 'https://gitea.example.org/x/y/_edit/main/site_templates/pages/{path}'", True),
])
def test_the_edit_link_is_judged_as_mkdocs_makes_it(site, line, ok):
    site.edit(CFG, 'edit_uri: ""  ', line + "  ")
    problems = check_site(site.root)
    if ok:
        assert problems == []
    else:
        only(problems, "config-url", CFG, site.line_of(CFG, line.split(":")[0] + ":"))


def test_extra_homepage_is_a_link_too(site):
    site.edit(CFG, "  generator: false", "  generator: false\n  homepage: 'javascript:alert(1)'")
    only(check_site(site.root), "config-url", CFG, site.line_of(CFG, "homepage:"))
    site.edit(CFG, "  homepage: 'javascript:alert(1)'", "  homepage: https://shiqiao.example.cn/")
    assert check_site(site.root) == []


def test_previous_site_urls_are_addresses_too(site):
    site.edit(CFG, "      reports: 3", "      reports: 3\n      previous_site_urls:\n"
              "        - https://old.example.org/shiqiao/\n        - 'javascript:alert(1)'")
    only(check_site(site.root), "config-url", CFG, site.line_of(CFG, "'javascript:"))


# --- extra, external, paths, branch, tags ---------------------------------------------------

@pytest.mark.parametrize("key,value", [("scope", '"/\\");alert(1);//"'), ("analytics", "{provider: google, property: G-X}"),
                                       ("polyfills", "[https://evil.example/x.js]"), ("social", "[]")])
def test_extra_keys_the_theme_does_not_need_are_refused(site, key, value):
    site.edit(CFG, "  generator: false", f"  generator: false\n  {key}: {value}")
    only(check_site(site.root), "config-extra", CFG, site.line_of(CFG, f"  {key}:"))


@pytest.mark.parametrize("old,new,needle", [
    ("  - assets/echowall.css", "  - assets/echowall.css\n  - https://cdn.example/x.css", "cdn.example"),
    ("extra_javascript:\n", "extra_javascript:\n  - //cdn.example/x.js\n", "cdn.example"),
    ("  font: false               # offline: no Google Fonts", "  font:\n    text: Roboto", "  font:"),
    ("  font: false               # offline: no Google Fonts", "  logo: https://cdn.example/logo.png", "  logo:"),
    ("  font: false               # offline: no Google Fonts\n", "", "theme:"),  # left out: Google Fonts
])
def test_nothing_is_fetched_from_another_host(site, old, new, needle):
    site.edit(CFG, old, new)
    only(check_site(site.root), "config-external", CFG, site.line_of(CFG, needle))


def test_files_of_the_site_are_fine(site):
    site.edit(CFG, "extra_javascript:\n", "extra_javascript:\n  - assets/big-text.js\n")
    site.edit(CFG, "  font: false               # offline: no Google Fonts",
              "  font: false\n  logo: assets/logo.png\n  favicon: assets/favicon.png")
    assert check_site(site.root) == []


@pytest.mark.parametrize("old,new,needle", [
    ("docs_dir: site_templates/pages", "docs_dir: /etc", "docs_dir:"),
    ("docs_dir: site_templates/pages", "docs_dir: site_templates/../../..", "docs_dir:"),
    ("  custom_dir: site_templates/overrides", "  custom_dir: ../other/overrides", "custom_dir:"),
    ("      templates: site_templates", "      templates: /home/runner", "templates:"),
])
def test_folders_stay_inside_the_repository(site, old, new, needle):
    site.edit(CFG, old, new)
    only(check_site(site.root), "config-path", CFG, site.line_of(CFG, needle))


@pytest.mark.parametrize("branch,ok", [("main/../../evil/repo", False), ("main?x=1", False), ("-x", False),
                                       ("'main\" onclick=\"x'", False), ("release/2026", True), ("v1.2_hot-fix", True)])
def test_the_branch_is_a_branch_name(site, branch, ok):
    site.edit(CFG, "      reports: 3", f"      reports: 3\n      branch: {branch}")
    problems = check_site(site.root)
    if ok:
        assert problems == []
    else:
        only(problems, "config-branch", CFG, site.line_of(CFG, "branch:"))


@pytest.mark.parametrize("new,needle", [
    ('site_name: !!python/object/apply:os.system ["echo pwned"]', "site_name:"),
    ("site_name: !!python/object/new:subprocess.Popen [[id]]", "site_name:"),
    ("site_name: !!python/module:os", "site_name:"),
    ("site_name: 石桥\n? !!python/object/apply:os.system\n: 1", "? !!python"),
    ("site_name: !include /etc/passwd", "site_name:"),
])
def test_tags_that_make_mkdocs_construct_objects_are_refused(site, new, needle):
    site.edit(CFG, "site_name: 石桥新村回音壁", new)
    only(check_site(site.root), "config-tag", CFG, site.line_of(CFG, needle))


def test_an_alias_bomb_or_a_second_site_url_is_a_yaml_problem(site):
    """MkDocs would expand the aliases and take the last of two keys; a reviewer reads the first."""
    site.edit(CFG, "site_name: 石桥新村回音壁", "site_name: 石桥新村回音壁\nbomb0: &b0 [lol, lol, lol, lol, lol, lol, lol, lol]\n"
              + "\n".join(f"bomb{i}: &b{i} [" + ", ".join([f"*b{i - 1}"] * 8) + "]" for i in range(1, 10)))
    site.edit(CFG, "use_directory_urls: true", "use_directory_urls: true\nsite_url: https://evil.example/")
    problems = check_site(site.root)
    only(problems, "yaml-alias", CFG, site.line_of(CFG, "bomb0:"))
    only(problems, "yaml-duplicate-key", CFG, site.line_of(CFG, "evil.example"))


def test_env_values_are_left_to_the_plugin(site):
    site.edit(CFG, "site_name: 石桥新村回音壁", 'site_name: !ENV [EW_SITE_NAME, "石桥新村回音壁"]\n'
              "site_author: !ENV EW_AUTHOR")
    assert check_site(site.root) == []


def test_the_plugin_checks_the_value_mkdocs_resolved(tmp_path, monkeypatch):
    """A value from !ENV is checked as resolved, at its key's line, before anything is built."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError

    repo = copy_repo(tmp_path, print_sheets=False)
    repo.edit(CFG, "site_name: 石桥新村回音壁", 'site_name: !ENV [EW_SITE_NAME, "石桥新村回音壁"]')
    monkeypatch.setenv("EW_SITE_NAME", "石桥</title><script>alert(1)</script>")
    cfg = load_config(str(repo.root / CFG))
    with pytest.raises(PluginError) as exc:
        cfg.plugins.on_config(cfg)
    line = repo.line_of(CFG, "site_name:")
    # in the site's language (the demo's is zh)
    assert f"{CFG}:{line}:12: error[config-markup] site_name 里有 '<'：" in str(exc.value)
    monkeypatch.setenv("EW_SITE_NAME", "石桥 & 新村")
    cfg = load_config(str(repo.root / CFG))
    cfg = cfg.plugins.on_config(cfg)
    assert str(cfg.site_name) == "石桥 &amp; 新村"  # escaped once, for the theme


# --- symbolic links -------------------------------------------------------------------------

def test_a_symlinked_mkdocs_yml_is_refused(site, tmp_path):
    outside = tmp_path / "elsewhere.yml"
    shutil.move(site.path(CFG), outside)
    os.symlink(outside, site.path(CFG))
    only(check_site(site.root), "config-symlink", CFG, 0)


@pytest.mark.parametrize("rel", ["site_templates/site/home.md.j2", "site_templates/overrides/partials",
                                 "site_templates/pages/assets/passwd.txt"])
def test_a_symlink_among_the_templates_is_refused(site, rel):
    target = site.path(rel)
    if target.is_dir():
        shutil.rmtree(target)
    elif target.exists():
        target.unlink()
    os.symlink("/etc" if rel.endswith("partials") else "/etc/passwd", target)
    problems = check_site(site.root)
    only(problems, "config-symlink", rel, 0)
    assert [p.variant for p in problems] == ["template"]


# --- site_url against the base --------------------------------------------------------------

MOVED = "https://echowall.shiqiao.example.cn/"
OLD = "https://echowall.example.org/shiqiao/"


@pytest.fixture
def pr(tmp_path):
    """The demo committed on main in a subfolder of the Git work tree (as a district's
    repository holding several estates would), and a branch to change it on."""
    return git_pull_request(tmp_path, print_sheets=False, subfolder="estate")


def validate_base(repo):
    r = CliRunner().invoke(main, ["--root", str(repo.root), "--lang", "en", "validate", "--base", "main", "--format", "json"])
    assert "Traceback" not in r.output
    return r.exit_code, [p for p in json.loads(r.output) if p["code"].startswith("config-")]


def commit(repo):
    repo.git.git.add(A=True)
    repo.git.index.commit("change")


def test_an_unchanged_site_url_passes(pr):
    pr.edit(CFG, "site_name: 石桥新村回音壁", "site_name: 石桥新村 回音壁")
    commit(pr)
    assert validate_base(pr) == (0, [])


def test_a_moved_site_url_is_refused_at_its_line(pr):
    pr.edit(CFG, f"site_url: {OLD}", f"site_url: {MOVED}")
    commit(pr)
    code, problems = validate_base(pr)
    assert code == 1
    assert [(p["code"], p["path"], p["line"]) for p in problems] == \
        [("config-site-url-changed", CFG, pr.line_of(CFG, "site_url:"))]
    assert problems[0]["params"] == {"old": OLD, "new": MOVED}


def test_a_moved_site_url_listed_in_previous_site_urls_passes(pr):
    pr.edit(CFG, f"site_url: {OLD}", f"site_url: {MOVED}")
    pr.edit(CFG, "      reports: 3", f"      reports: 3\n      previous_site_urls:\n        - {OLD.rstrip('/')}")
    assert validate_base(pr) == (0, [])  # uncommitted: the working tree is what is checked


def test_a_removed_site_url_is_refused(pr):
    pr.edit(CFG, f"site_url: {OLD}\n", "")
    code, problems = validate_base(pr)
    assert code == 1 and [(p["code"], p["line"]) for p in problems] == [("config-site-url-changed", 0)]
    assert problems[0]["params"] == {"old": OLD}


def test_only_a_real_change_counts(pr):
    pr.edit(CFG, f"site_url: {OLD}", "site_url: HTTPS://Echowall.Example.org/shiqiao")
    assert validate_base(pr) == (0, [])


def test_without_base_a_move_is_not_judged(pr):
    pr.edit(CFG, f"site_url: {OLD}", f"site_url: {MOVED}")
    r = CliRunner().invoke(main, ["--root", str(pr.root), "--lang", "en", "validate"])
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize("command", [["build"], ["qr"], ["report"]])
def test_echowall_refuses_a_code_running_tag_before_mkdocs_reads_the_file(site, tmp_path, command):
    marker = tmp_path / "pwned"
    site.edit(CFG, "site_name: 石桥新村回音壁", f"site_name: !!python/object/apply:os.system [{q('touch ' + str(marker))}]")
    r = CliRunner().invoke(main, ["--root", str(site.root), "--lang", "en", *command])
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert f"{CFG}:{site.line_of(CFG, 'site_name:')}:12: error[config-tag]" in r.output
    assert not marker.exists()


@pytest.mark.parametrize("base,new,codes", [
    ("site_url: !ENV SITE_URL\n", f"site_url: {MOVED}\n", []),  # not written at the base: nothing to compare
    ("site_name: x\n", f"site_url: {MOVED}\n", []),  # no address was printed
    (f"site_url: {OLD}\n", f"site_url: !ENV [SITE_URL, {OLD}]\n", ["config-site-url-changed"]),  # the file no longer says
    (f"site_url: {OLD}\n", f"site_url: {OLD}index.html\n", ["config-site-url-changed"]),
])
def test_what_counts_as_a_site_url_change(base, new, codes):
    from echowall.siteconfig import check_site_url_change, parse_site_config

    old_doc, _ = parse_site_config(None, CFG, base)
    new_doc, _ = parse_site_config(None, CFG, new)
    assert [p.code for p in check_site_url_change(old_doc, new_doc)] == codes
