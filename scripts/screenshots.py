"""Render the demo's print sheets to PNG for docs/print/ (run after `make site`):

    .venv/bin/python scripts/screenshots.py [site/print] [docs/print]
"""
import sys
from pathlib import Path

import pypdfium2 as pdfium

src = Path(sys.argv[1] if len(sys.argv) > 1 else "site/print")
dest = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/print")
dest.mkdir(parents=True, exist_ok=True)
for name, pdf in (("poster", "b/3/poster.pdf"), ("labels", "labels.pdf"), ("status", "b/6/status.pdf")):
    page = pdfium.PdfDocument(src / pdf)[0]
    page.render(scale=90 / 72).to_pil().convert("L").save(dest / f"{name}.png", optimize=True)
    print(dest / f"{name}.png")
