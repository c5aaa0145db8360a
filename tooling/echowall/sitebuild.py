"""The glue between the plan and whoever writes the site (the MkDocs plugin, tests, a
future engine): plan the site, then render it — the pages in slices, in site order, then the
other files — in forked worker processes, and copy the photos. It decides the processes;
plan and render decide nothing about them.

    start_site(model, cfg, labels, templates, workers) -> Rendering
    render_site(...) -> {path: Markdown page (front matter + HTML) or a file's content}
"""
from __future__ import annotations

from pathlib import Path

from .derive import Model
from .labels import Labels, load_labels
from .parallel import JobPool
from .plan import SiteConfig, SitePlan, plan_site
from .render.files import render_files
from .render.pages import PageRenderer, front_matter, render_pages
from .render.sheets import PrintError, PrintSettings, find_font, font_option, load_print_settings, register_font

PAGE_SLICE = 200  # pages per render job: small, so a build can start on the first soon


class Rendering:
    """A site being rendered by workers. `plan` has every page (MkDocs needs every page's
    front matter before it builds the first); `body(path)` waits for that page only, so a
    build goes on while the later pages are made; `files()` waits for everything else."""

    def __init__(self, plan: SitePlan, job_of: dict, file_jobs: range, media: dict, pool: JobPool):
        self.plan = plan
        self._job_of = job_of
        self._file_jobs = file_jobs
        self._media = media
        self._pool = pool

    def front(self, path: str) -> str:
        return front_matter(self.plan[path])

    def body(self, path: str) -> str:
        return self._pool.get(self._job_of[path])[path]

    def files(self) -> dict[str, str | bytes]:
        out: dict[str, str | bytes] = {}
        for i in self._file_jobs:
            out.update(self._pool.get(i))
        out.update(self._media)
        return out

    def close(self) -> None:
        self._pool.close()


def start_site(model: Model, cfg: SiteConfig, templates: Path | str, workers: int = 1,
               labels: Labels | None = None) -> Rendering:
    templates = Path(templates)
    labels = labels or load_labels(templates, cfg.language, model.ledger)
    plan = plan_site(model, cfg, labels, model.as_of)
    renderer = PageRenderer(model, cfg, labels, templates)
    renderer.compile()  # here, once: forked workers inherit the compiled templates
    paths = list(plan)
    slices = [paths[lo:lo + PAGE_SLICE] for lo in range(0, len(paths), PAGE_SLICE)]
    jobs = [lambda part=part: render_pages(renderer, plan, part) for part in slices]
    jobs += [lambda spec=spec: render_files(spec, model, cfg, labels) for spec in plan.files]
    # nice: the process that asked (MkDocs' page loop) is the critical path; the workers get
    # the CPU it leaves and are rarely waited for
    pool = JobPool(jobs, workers, nice=10)
    try:
        media_dir = Path(model.ledger.raw.ledger_dir) / "media"
        # validated: inside ledger/media/, clean, bounded
        media = {f"media/{photo}": (media_dir / photo).read_bytes() for photo in plan.media}
    except BaseException:
        pool.close()
        raise
    job_of = {path: k for k, part in enumerate(slices) for path in part}
    return Rendering(plan, job_of, range(len(slices), len(jobs)), media, pool)


def render_site(model: Model, cfg: SiteConfig, templates: Path | str, workers: int = 1,
                labels: Labels | None = None) -> dict[str, str | bytes]:
    """{path under the site: Markdown page or bytes}. The same model gives the same output,
    with any number of workers."""
    rendering = start_site(model, cfg, templates, workers, labels)
    try:
        files: dict[str, str | bytes] = {path: rendering.front(path) + "\n" + rendering.body(path)
                                         for path in rendering.plan}
        files.update(rendering.files())
        return files
    finally:
        rendering.close()


def print_setup(root: Path, templates: Path, font: str, print_on: bool) -> tuple[Path | None, PrintSettings | None, str]:
    """(the CJK font, the print settings, why there is no font) — settled before a build
    empties site/. Without a font the charts are left out; with print on, it is an error
    (PrintError), as is a print.yml whose layout does not fit."""
    try:
        found = find_font(font_option(root, font))
        register_font(str(found))
    except PrintError as exc:
        if print_on:
            raise
        return None, None, str(exc)
    return found, load_print_settings(templates) if print_on else None, ""
