"""The shape of the package, read from its source (no build): imports flow one way, without
cycles; render turns specs into text without checking, scheduling or MkDocs; the plan is
pure; the plugin is glue on MkDocs' documented events and no theme's internals."""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "tooling/echowall"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(name: str) -> dict[str, int]:
    """{imported module: line} for every import in the module, at any depth (an import inside
    a function is still a dependency); `from . import x` depends on the submodule x."""
    path = MODULES[name]
    here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    out: dict[str, int] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = here[:len(here) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in MODULES else module for a in node.names]
        else:
            continue
        for target in targets:
            out.setdefault(target, node.lineno)
    return out


def package_graph() -> dict[str, set[str]]:
    return {m: {t for t in imports_of(m) if t in MODULES and t != m} for m in MODULES}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_of_the_package_imports_itself_back():
    assert cycles(package_graph()) == []


def test_render_neither_checks_nor_schedules_nor_knows_mkdocs():
    for name in (m for m in MODULES if m.startswith("echowall.render")):
        bad = {t: line for t, line in imports_of(name).items()
               if t.split(".")[:2] in (["echowall", "checks"], ["echowall", "parallel"], ["echowall", "pipeline"])
               or t.split(".")[0] in ("mkdocs", "material", "multiprocessing", "concurrent")}
        assert bad == {}, f"{MODULES[name].relative_to(REPO)} imports {bad}"


def test_the_plan_is_pure():
    """plan.py and labels' helpers import no renderer, engine or template library, and the
    plan opens no file."""
    for name in ("echowall.plan", "echowall.derive"):
        bad = {t for t in imports_of(name) if t.startswith(("echowall.render", "echowall.mkdocs_plugin",
                                                          "echowall.sitebuild", "mkdocs", "jinja2", "material",
                                                          "echowall.parallel", "echowall.checks"))}
        assert bad == set(), name
    tree = ast.parse((PACKAGE / "plan.py").read_text(encoding="utf-8"))
    calls = {n.func.attr if isinstance(n.func, ast.Attribute) else getattr(n.func, "id", "")
             for n in ast.walk(tree) if isinstance(n, ast.Call)}
    assert not calls & {"open", "read_text", "read_bytes", "write_text", "write_bytes", "Path", "exists"}


def test_the_plugin_is_glue_on_documented_events():
    from mkdocs.plugins import EVENTS

    from echowall.mkdocs_plugin import EchoWallPlugin

    text = (PACKAGE / "mkdocs_plugin.py").read_text(encoding="utf-8")
    assert len(text.splitlines()) < 150
    hooks = {k for k in vars(EchoWallPlugin) if k.startswith("on_")}
    assert hooks and {h[3:] for h in hooks} <= set(EVENTS), hooks - {f"on_{e}" for e in EVENTS}
    # the page body is there for every other plugin: no late swap in on_page_context
    assert "on_page_context" not in hooks and "on_page_content" in hooks
    # MkDocs' public modules only
    engine = {t for t in imports_of("echowall.mkdocs_plugin") if t.split(".")[0] == "mkdocs"}
    assert engine <= {"mkdocs.config", "mkdocs.config.base", "mkdocs.exceptions",
                      "mkdocs.plugins", "mkdocs.structure.files"}, engine


def test_nothing_in_the_package_reaches_into_the_theme():
    """No Material (or other plugin) internals anywhere: the theme is templates only."""
    for name in MODULES:
        bad = {t for t in imports_of(name) if t.split(".")[0] in ("material", "mkdocs_material")}
        assert bad == set(), name
        assert "echowall_shared" not in MODULES[name].read_text(encoding="utf-8"), name
    for path in (REPO / "site_templates/overrides").rglob("*.html"):  # nothing rendered once for many pages
        assert "echowall_shared" not in path.read_text(encoding="utf-8") and "folder_key" not in path.read_text(
            encoding="utf-8"), path


def test_labels_come_from_one_table():
    """Only labels.py reads i18n.yml; sheets, pages and exports take a Labels."""
    def names_the_table(path: Path) -> bool:  # in code, not in a comment or a docstring
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
        return any(isinstance(n, ast.Constant) and isinstance(n.value, str) and "i18n.yml" in n.value
                   and id(n) not in docs for n in ast.walk(tree))

    assert names_the_table(PACKAGE / "labels.py")
    assert [m for m, p in MODULES.items() if names_the_table(p) and m != "echowall.labels"] == []
    for name in ("echowall.render.sheets", "echowall.render.pages", "echowall.render.exports", "echowall.render.files"):
        tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
        defined = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        assert not defined & {"load_strings", "tr", "role_name", "status_label", "_status", "_role", "_rate",
                              "period_label", "cat_name"}, name
