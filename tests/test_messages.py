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
from echowall.checks import REGISTRY
from echowall.checks.privacy import FIXES
from echowall.privacy import KINDS
from echowall.problems import Source, error, format_github, format_json, format_text
from echowall.text import char_kind

PKG = Path(messages.__file__).parent
CALLS = {"error", "warning", "problem", "_say"}


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


def media_problem_sites():
    """(key, parameter names) of every (code, variant, {params}) the photo checks return:
    tuples in media.py and imagefile.py, and imagefile's self._add(code, variant, {params})."""
    out = []
    for name in ("media.py", "imagefile.py"):
        for n in ast.walk(ast.parse((PKG / name).read_text(encoding="utf-8"))):
            if isinstance(n, ast.Tuple) and len(n.elts) == 3 and isinstance(n.elts[2], ast.Dict):
                code, variant, params = n.elts
            elif isinstance(n, ast.Call) and getattr(n.func, "attr", None) == "_add" and len(n.args) == 3:
                code, variant, params = n.args
            else:
                continue
            code, variant = _const(code), _const(variant)
            if code is None or variant is None or not isinstance(params, ast.Dict):
                continue
            out.append((f"{code}.{variant}" if variant else code, {_const(k) for k in params.keys}))
    return out


def test_the_scan_finds_the_calls():
    calls = problem_calls()
    assert len(calls) > 100
    assert any(k == "yaml-too-deep" and names == {"depth"} for _, k, names in calls)


def mismatches(calls) -> list:
    """The (file:line, key, why) of calls whose key has no template, or whose template names
    other parameters than the call gives."""
    bad = []
    for where, key, names in calls:
        tpl = template(key)
        if tpl is None:
            bad.append((where, key, "no template"))
        elif names is not None and fields(tpl) != names:
            bad.append((where, key, f"template uses {sorted(fields(tpl))}, call gives {sorted(names)}"))
    return bad


def test_every_problem_has_its_template_with_exactly_its_parameters():
    assert mismatches(problem_calls()) == []


def test_computed_variants_have_templates():
    """The rules that pick their wording at run time: privacy hits, media, photos, duplicates."""
    for code, variant in KINDS:
        key = f"{code}.{variant}" if variant else code
        assert template(key) is not None and fields(template(key)) == {"text", "fix"}, key
    for fix in FIXES:  # the "what to do here" phrase each privacy hit carries as its `fix`
        assert template(fix) is not None and fields(template(fix)) == set(), fix
    # media.py and imagefile.py return (code, variant, params) for the file checks
    media_keys = {key for key, _ in media_problem_sites()}
    assert media_keys == {"media-type", "media-type.unreadable", "media-type.misnamed", "media-too-large", "media-exif",
                          "media-icc", "media-segment", "media-trailing-data", "media-structure.invalid",
                          "media-structure.order", "media-structure.truncated", "media-structure.missing"}
    for key, params in media_problem_sites():
        assert fields(template(key)) == params, key
    # refs._photo_problem returns the variant of ref-photo
    tree = ast.parse((PKG / "checks" / "refs.py").read_text(encoding="utf-8"))
    func = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "_photo_problem")
    variants = {_const(r.value) for r in ast.walk(func) if isinstance(r, ast.Return) and _const(r.value) is not None}
    assert variants == {"not-inside", "type", "outside", ""}
    for v in variants:
        assert template(f"ref-photo.{v}" if v else "ref-photo") is not None
    for what in ("role", "tier", "category", "account", "revenue-category", "building", "ref-source"):
        assert fields(template(f"{what}-duplicate")) == {"id"}
    # schema.Str.check_chars: the variant is the kind of character (text.char_kind)
    for variant in TEXT_CONTROL_VARIANTS:
        key = f"text-control.{variant}" if variant else "text-control"
        assert fields(template(key)) == {"char", "position"}, key


TEXT_CONTROL_VARIANTS = {char_kind(c) for c in "\x1b\n\u202e\u2028\ufffe\ud800"}


def test_no_template_is_left_unused():
    used = {k for _, k, _ in problem_calls()}
    used |= {f"{c}.{v}" if v else c for c, v in KINDS}
    used |= set(FIXES)
    used |= {key for key, _ in media_problem_sites()}
    used |= {"ref-photo", "ref-photo.not-inside", "ref-photo.type", "ref-photo.outside"}
    used |= {f"{w}-duplicate" for w in ("role", "tier", "category", "account", "revenue-category", "building",
                                         "ref-source")}
    used |= {f"text-control.{v}" if v else "text-control" for v in TEXT_CONTROL_VARIANTS}
    used |= {k for _, k, _ in search_index_errors()}
    used |= {k for _, k, _ in message_calls()} | COMPUTED_KEYS | {"problems-summary"}
    used |= {k for _, k, _ in filing_errors()} | {"filing-refused", "filing-refused.new", "filing-estate", "cli-changed-only-base"}
    used |= {c.description_key for c in REGISTRY}
    used |= help_keys() | HELP_WORDS
    unused = sorted(k for k in set(messages.table()["en"]) - used if not k.startswith("word."))
    assert unused == []


# -- CLI lines and library errors: a code and parameters too -------------------------------

# who takes a message key first and its parameters as keywords (beside their own options)
MESSAGE_FUNCS = {"_fail": {"detail"}, "_say": {"err", "nl"}, "_t": set(), "Phrase": set(), "_UsageError": set()}
MESSAGE_ERRORS = {"AsOfError", "MonthError", "EditError", "MediaError", "AliasError", "MessageError", "BaseError",
                  "RedactError", "CleanError", "FilingError"}


def _keys_of(node) -> list[str]:
    """The literal keys an argument can be: a constant, or either branch of `a if c else b`."""
    if isinstance(node, ast.IfExp):
        return _keys_of(node.body) + _keys_of(node.orelse)
    c = _const(node)
    return [c] if c is not None else []


def message_calls():
    """(file:line, key, keyword names or None) of every _fail/_say/_t/Phrase call and every
    MessageError raised with a literal key."""
    out = []
    for path in sorted(PKG.rglob("*.py")):
        for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(n, ast.Call) or not n.args:
                continue
            name = getattr(n.func, "id", None) or getattr(n.func, "attr", None)
            if name not in MESSAGE_FUNCS and name not in MESSAGE_ERRORS and name not in ("_checked_or_fail", "render"):
                continue
            if name == "render" and len(n.args) > 1 and isinstance(n.args[1], ast.Dict):  # render(key, {...}, lang)
                names = {_const(k) for k in n.args[1].keys}
                out += [(f"{path.relative_to(PKG)}:{n.lineno}", k, names) for k in _keys_of(n.args[0])]
                continue
            if name == "_checked_or_fail" and len(n.args) > 2:  # its `outcome` is a key
                out += [(f"{path.relative_to(PKG)}:{n.lineno}", k, set()) for k in _keys_of(n.args[2])]
                continue
            own = MESSAGE_FUNCS.get(name, set())
            names = None if any(k.arg is None for k in n.keywords) else {k.arg for k in n.keywords} - own
            for key in _keys_of(n.args[0]):
                out.append((f"{path.relative_to(PKG)}:{n.lineno}", key, names))
    return out


def _computed_keys():
    from echowall.schema import EVENT_TYPES

    keys = {f"cli-event.{t}" for t in EVENT_TYPES}
    keys |= {f"cli-clean.{a}{d}" for a in ("rewrite", "rename", "copy", "remove") for d in ("", "-done")}
    for what in ("building", "category", "role", "tier"):  # aliases._resolve: alias-<what>[.near|.ambiguous]
        keys |= {f"alias-{what}", f"alias-{what}.near", f"alias-{what}.ambiguous"}
    for what in ("event-type", "outcome", "kind", "complexity", "channel"):  # aliases._word
        keys |= {f"alias-{what}", f"alias-{what}.near"}
    return keys


COMPUTED_KEYS = _computed_keys()


def test_every_cli_message_and_library_error_has_its_template_with_exactly_its_parameters():
    calls = message_calls()
    assert len(calls) > 100
    assert mismatches(calls) == []
    assert [k for k in COMPUTED_KEYS if template(k) is None] == []


def test_every_message_is_in_both_languages_with_the_same_parameters():
    """zh is complete: every key of en has its zh template with exactly the same
    parameters, and nothing is in one language only."""
    t = messages.table()
    assert set(t) == {"en", "zh"}
    assert sorted(set(t["en"]) ^ set(t["zh"])) == []
    assert [k for k in t["en"] if fields(t["en"][k]) != fields(t["zh"][k])] == []
    for lang in ("en", "zh"):
        assert list(t[lang]) == sorted(t[lang])  # alphabetical
    # Chinese is Chinese: a zh template without a Chinese character is only parameters and
    # punctuation (a place and its problem, a URL), never English words
    import re

    latin = {k: v for k, v in t["zh"].items() if not re.search("[\u4e00-\u9fff]", v)}
    assert [k for k, v in latin.items() if re.search("[A-Za-z]{3,}", re.sub(r"\{[^}]*\}|--root", "", v))] == []


def _user_text(node) -> bool:
    """A string constant that reads as words for a person: Chinese, or two English words."""
    import re

    c = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None
    return c is not None and bool(re.search(r"[\u4e00-\u9fff]|[A-Za-z]{2,}[ ,;:]+[A-Za-z]{2,}", c))


def test_no_user_facing_literal_in_cli():
    """cli.py says everything through messages.yml: no sentence or Chinese word in its code,
    outside docstrings and click's --help texts (option declarations); _echo never gets a
    literal or an f-string; every literal key given to _fail/_say/_t is in the table."""
    tree = ast.parse(Path(PKG / "cli.py").read_text(encoding="utf-8"))
    skip = set()
    for n in ast.walk(tree):
        if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.Module)) and ast.get_docstring(n) is not None:
            skip.add(id(n.body[0].value))
        if isinstance(n, ast.FunctionDef):
            for d in n.decorator_list:  # @click.option(..., help="..."), @main.command(...)
                skip |= {id(x) for x in ast.walk(d)}
        if isinstance(n, ast.Call) and getattr(n.func, "attr", None) in ("option", "argument"):
            skip |= {id(x) for x in ast.walk(n)}
    found = [(n.lineno, n.value) for n in ast.walk(tree) if id(n) not in skip and _user_text(n)]
    assert found == []
    for n in ast.walk(tree):
        if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "_echo" and n.args:
            assert not isinstance(n.args[0], ast.JoinedStr) and _const(n.args[0]) is None, n.lineno
    known = messages.table()["en"]
    assert [(w, k) for w, k, _ in message_calls() if w.startswith("cli.py") and k not in known] == []


HELP_WORDS = {"help-usage", "help-options", "help-commands", "help-default", "help-required", "help-help"}


def help_keys() -> set[str]:
    """help.<command> and help.<command>.<option> of every command and option of `echowall`
    (cli._help_key), as --help looks them up."""
    import click

    from echowall.cli import _help_key, main

    keys = set()

    def walk(cmd, ctx):
        keys.add(_help_key(ctx))
        keys.update(_help_key(ctx, p) for p in cmd.params if isinstance(p, click.Option))
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, click.Context(sub, info_name=name, parent=ctx))

    walk(main, click.Context(main, info_name="echowall"))
    return keys


def help_literals(source: str) -> list[tuple[int, str]]:
    """(line, what) of every --help text written in the code instead of messages.yml: a
    help=/short_help=/epilog= argument, or a docstring on a command (click shows it as help)."""
    found = []
    for n in ast.walk(ast.parse(source)):
        if isinstance(n, ast.Call):
            found += [(k.value.lineno, k.arg) for k in n.keywords if k.arg in ("help", "short_help", "epilog")]
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and ast.get_docstring(n) is not None and any(
                isinstance(d, ast.Call) and getattr(d.func, "attr", None) in ("command", "group")
                for d in n.decorator_list):
            found.append((n.body[0].lineno, f"docstring of {n.name}"))
    return found


def test_no_help_text_is_a_literal_in_cli():
    """Every command's and option's --help is a messages.yml key (help.new, help.new.channel),
    in both languages: none is written in cli.py, where it would stay English."""
    assert help_literals((PKG / "cli.py").read_text(encoding="utf-8")) == []
    keys = help_keys()
    assert {"help.root", "help.root.lang", "help.new", "help.new.channel", "help.media.add.item"} <= keys
    assert len(keys) > 70
    t = messages.table()
    assert sorted(k for k in keys | HELP_WORDS if k not in t["en"] or k not in t["zh"]) == []


def test_a_help_literal_is_caught():
    source = (
        "@main.command()\n"
        "@click.option('--x', help='An English text.')\n"
        "def f(x):\n"
        "    \"\"\"Do it.\"\"\"\n"
        "@main.group(short_help='Photos.')\n"
        "def g():\n"
        "    pass\n"
        "def helper():\n"
        "    \"\"\"Not a command: its docstring is for the reader.\"\"\"\n")
    assert sorted(help_literals(source)) == [(2, "help"), (4, "docstring of f"), (5, "short_help")]


def filing_errors():
    """(file:line, key, kwarg names) of every FilingError("key", ...) raised by the volunteer
    commands' library: its failures are message keys and parameters too."""
    out = []
    path = PKG / "filing.py"
    for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "FilingError" and n.args:
            out.append((f"filing.py:{n.lineno}", _const(n.args[0]), {k.arg for k in n.keywords}))
    return out


def test_filing_errors_and_check_descriptions_have_their_templates():
    calls = filing_errors()
    assert len(calls) >= 8
    assert [(w, k) for w, k, names in calls if template(k) is None or fields(template(k)) != names] == []
    for c in REGISTRY:  # `validate --list-checks` prints each check's description
        assert template(c.description_key) is not None and fields(template(c.description_key)) == set(), c.name


def test_privacy_and_ref_messages_are_in_chinese_with_the_same_parameters():
    """Volunteers read Chinese: every privacy finding, its "what to do here" phrase and the
    ref problems have their own zh template, with exactly the parameters of the en one."""
    zh = messages.table()["zh"]
    keys = {f"{c}.{v}" if v else c for c, v in KINDS} | set(FIXES) | {"privacy-key"}
    keys |= {k for k in messages.table()["en"] if k.startswith("ref-source") or k in ("ref-id", "ref-duplicate")}
    for key in sorted(keys):
        assert key in zh, key
        assert fields(zh[key]) == fields(template(key, "en")), key
    assert sorted(zh) == list(zh)  # alphabetical, like en


def test_a_phrase_parameter_is_shown_in_the_problems_language_and_kept_as_its_key_in_json():
    import json

    p = error(Source("ledger/items/2026/261101-abcd.yml", 4, 12), "privacy-phone", text="13912345678", fix=FIXES[1])
    assert "delete it from the comment" in p.text("en") and "请从注释里删掉" in p.text("zh")
    assert "13912345678" in p.text("zh") and "手机号码" in p.text("zh")
    d = json.loads(format_json([p], "zh"))[0]
    assert d["params"] == {"text": "13912345678", "fix": "privacy-fix.comment"} and "手机号码" in d["message"]



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
    assert p.text("zh") == "角色“x”不在 ledger/estate.yml 里（已有：a、b）"
    monkeypatch.setattr(messages, "table", lambda: {"en": {"ref-role": "role '{role}' ({roles})"}, "zh": {}})
    assert p.text("zh") == "role 'x' (a, b)"  # a key missing in zh: English, key by key
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
