"""Every problem code the validator can emit is documented in docs/ledger-format.md."""
from __future__ import annotations

import re

from conftest import REPO


def codes_in_source() -> set[str]:
    codes = set()
    for path in (REPO / "tooling" / "echowall").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        codes |= set(re.findall(r'(?:error|warning|problem)\([^()]*?(?:\([^()]*\))?[^()]*?,\s*"([a-z][a-z0-9-]+)"', text))
        codes |= {f"{w}-duplicate" for w in re.findall(r'_dupes\([^,]+,\s*"([a-z]+)"', text)}
    return codes


def test_every_problem_code_is_documented():
    codes = codes_in_source()
    assert len(codes) > 40  # the regex above finds them all, not none
    doc = (REPO / "docs" / "ledger-format.md").read_text(encoding="utf-8")
    missing = sorted(c for c in codes if f"`{c}`" not in doc)
    assert missing == []


def test_print_screenshots_are_in_docs_and_linked_from_readme():
    from PIL import Image

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in ("poster", "labels", "status"):
        path = REPO / "docs" / "print" / f"{name}.png"
        assert f"(docs/print/{name}.png)" in readme
        with Image.open(path) as img:
            w, h = img.size
            assert abs(h / w - 297 / 210) < 0.01  # an A4 page, portrait


def test_every_print_layout_setting_is_in_the_shipped_print_yml():
    from dataclasses import fields

    import yaml

    from echowall.render.sheets import LabelLayout

    shipped = yaml.safe_load((REPO / "site_templates" / "print.yml").read_text(encoding="utf-8"))
    assert set(shipped["labels"]) == {f.name for f in fields(LabelLayout)}
    assert "qr_mm" in shipped["poster"]
