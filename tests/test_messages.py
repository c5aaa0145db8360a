"""Messages are a code plus parameters: every problem the code can raise has a template in
messages.yml with exactly the parameters it is given, found by reading the source (AST), so
a new rule without its words, or a renamed parameter, fails here and not in front of a
volunteer. Rendering never raises."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from echowall import messages
from echowall.messages import fields, render, template
from echowall.privacy import RULES
from echowall.problems import Source, error, format_github, format_json, format_text

PKG = Path(messages.__file__).parent
CALLS = {"error", "warning", "problem"}


def _const(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def problem_calls():
    """(file:line, key, kwarg names or None when **params) for every literal call site."""
    out = []
    for path in sorted(PKG.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for n in ast.walk(tree):
            if not isinstance(n, ast.Call):
                continue
            f = n.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
            if name not in CALLS or len(n.args) < 2:
                continue
            code = _const(n.args[1])
            if code is None:
                continue
            if len(n.args) > 2 and _const(n.args[2]) is None:
                continue  # a computed variant: checked below, by the code that computes it
            variant = _const(n.args[2]) if len(n.args) > 2 else ""
            names = None if any(k.arg is None for k in n.keywords) else {k.arg for k in n.keywords}
            where = f"{path.relative_to(PKG)}:{n.lineno}"
            out.append((where, f"{code}.{variant}" if variant else code, names))
    return out


def test_the_scan_finds_the_calls():
    calls = problem_calls()
    assert len(calls) > 100
    assert any(k == "yaml-too-deep" and names == {"depth"} for _, k, names in calls)


def test_every_problem_has_its_template_with_exactly_its_parameters():
    bad = []
    for where, key, names in problem_calls():
        tpl = template(key)
        if tpl is None:
            bad.append((where, key, "no template"))
        elif names is not None and fields(tpl) != names:
            bad.append((where, key, f"template uses {sorted(fields(tpl))}, call gives {sorted(names)}"))
    assert bad == []


def test_computed_variants_have_templates():
    """The rules that pick their wording at run time: privacy hits, media, photos, duplicates."""
    for code, variant, _ in RULES:
        key = f"{code}.{variant}" if variant else code
        assert template(key) is not None and fields(template(key)) == {"text"}, key
    # media.image_problems returns (code, variant, params) tuples
    tree = ast.parse((PKG / "media.py").read_text(encoding="utf-8"))
    func = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "image_problems")
    found = 0
    for t in (n for n in ast.walk(func) if isinstance(n, ast.Tuple) and len(n.elts) == 3 and isinstance(n.elts[2], ast.Dict)):
        code, variant, params = _const(t.elts[0]), _const(t.elts[1]), t.elts[2]
        key = f"{code}.{variant}" if variant else code
        assert fields(template(key)) == {_const(k) for k in params.keys}, key
        found += 1
    assert found == 5
    # refs._photo_problem returns the variant of ref-photo
    tree = ast.parse((PKG / "checks" / "refs.py").read_text(encoding="utf-8"))
    func = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "_photo_problem")
    variants = {_const(r.value) for r in ast.walk(func) if isinstance(r, ast.Return) and _const(r.value) is not None}
    assert variants == {"not-inside", "type", "outside", ""}
    for v in variants:
        assert template(f"ref-photo.{v}" if v else "ref-photo") is not None
    for what in ("role", "tier", "category", "account", "revenue-category", "building"):
        assert fields(template(f"{what}-duplicate")) == {"id"}


def test_no_template_is_left_unused():
    used = {k for _, k, _ in problem_calls()}
    used |= {f"{c}.{v}" if v else c for c, v, _ in RULES}
    used |= {"media-type", "media-type.unreadable", "media-type.misnamed", "media-too-large", "media-exif"}
    used |= {"ref-photo", "ref-photo.not-inside", "ref-photo.type", "ref-photo.outside"}
    used |= {f"{w}-duplicate" for w in ("role", "tier", "category", "account", "revenue-category", "building")}
    used |= {k for _, k, _ in search_index_errors()}
    assert sorted(set(messages.table()["en"]) - used) == []


def search_index_errors():
    """(file:line, code, kwarg names) of every SearchIndexError("code", ...) raised: a failed
    search index is a message code and parameters too."""
    out = []
    path = PKG / "searchindex.py"
    for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "SearchIndexError" and n.args:
            out.append((f"searchindex.py:{n.lineno}", _const(n.args[0]), {k.arg for k in n.keywords}))
    return out


def test_search_index_errors_have_their_templates():
    calls = search_index_errors()
    assert len(calls) >= 5
    assert [(w, k) for w, k, names in calls if template(k) is None or fields(template(k)) != names] == []


def test_render_formats_lists_by_language_and_falls_back_to_english(monkeypatch):
    p = error(Source("ledger/estate.yml", 3, 5), "ref-role", role="x", roles=["a", "b"])
    assert p.message == "role 'x' is not in ledger/estate.yml (known: a, b)"
    assert p.text("zh") == p.message  # no Chinese yet: English, key by key
    monkeypatch.setattr(messages, "table", lambda: {"en": {"ref-role": "role '{role}' ({roles})"},
                                                    "zh": {"ref-role": "角色“{role}”不在名单中（{roles}）"}})
    assert p.text("zh") == "角色“x”不在名单中（a、b）"
    assert p.text("en") == "role 'x' (a, b)"
    assert render("ref-role", {"role": "x", "roles": []}, "en") == "role 'x' (—)"


def test_render_never_raises_on_a_missing_key_or_parameter():
    assert render("no-such-code", {"a": 1}) == "no-such-code a=1"
    assert render("ref-role", {"role": "x"}) == "role '{role}' is not in ledger/estate.yml (known: {roles}) role=x"


@pytest.mark.parametrize("fmt", [format_text, format_json, format_github])
def test_formatters_take_the_language(fmt, monkeypatch):
    monkeypatch.setattr(messages, "table", lambda: {"en": {"file-bom": "BOM"}, "zh": {"file-bom": "字节顺序标记"}})
    p = error(Source("a.yml", 1, 1), "file-bom")
    assert "字节顺序标记" in fmt([p], "zh") and "BOM" in fmt([p])
