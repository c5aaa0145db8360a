"""The glue between the plan and whoever writes the site (the MkDocs plugin, tests, a
future engine): settle what a build needs before it empties site/ (prepare_site), plan the
site, then render it — the pages in slices, in site order, then the other files — in forked
worker processes, and copy the photos (start_site). It decides the processes; plan and
render decide nothing about them.

    prepare_site(root, config_file, mkdocs_config, options, log) -> Prepared
    start_site(model, cfg, templates, workers, labels) -> Rendering
    render_site(...) -> {path: Markdown page (front matter + HTML) or a file's content}
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .derive import AsOfError, Model, resolve_as_of
from .labels import Labels, LabelsError, language_code, load_labels
from .parallel import JobPool
from .plan import SiteConfig, SitePlan, plan_site
from .render.files import render_files
from .render.pages import PageRenderer, front_matter, render_pages, search_docs
from .render.sheets import PrintError, PrintSettings, find_font, font_option, load_print_settings, register_font

PAGE_SLICE = 200  # pages per render job: small, so a build can start on the first soon


class Rendering:
    """A site being rendered by workers. `plan` has every page (MkDocs needs every page's
    front matter before it builds the first); `body(path)` waits for that page only, so a
    build goes on while the later pages are made; `files()` waits for everything else."""

    def __init__(self, plan: SitePlan, job_of: dict, file_jobs: range, media: dict, pool: JobPool,
                 search_doc=None):
        self.plan = plan
        self._search_doc = search_doc
        self._job_of = job_of
        self._file_jobs = file_jobs
        self._media = media
        self._pool = pool

    def front(self, path: str) -> str:
        return front_matter(self.plan[path])

    def body(self, path: str) -> str:
        return self._pool.get(self._job_of[path])[path]

    def search_docs(self):
        """The item and building pages' search documents (searchindex.SearchIndexer reads them)."""
        return search_docs(self._search_doc, self.plan)

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
    # the search documents' template found now, not in the process that makes them
    search_doc = renderer.env.get_template("search.html.j2") if cfg.search else None
    paths = list(plan)
    slices = [paths[lo:lo + PAGE_SLICE] for lo in range(0, len(paths), PAGE_SLICE)]
    jobs = [lambda part=part: render_pages(renderer, plan, part) for part in slices]
    jobs += [lambda spec=spec: render_files(spec, model, cfg, labels) for spec in plan.files]
    # nice: the process that asked (MkDocs' page loop) is the critical path; the workers get
    # the CPU it leaves and are rarely waited for
    pool = JobPool(jobs, workers, nice=10, freeze=True)
    try:
        media_dir = Path(model.ledger.raw.ledger_dir) / "media"
        # validated: inside ledger/media/, clean, bounded
        media = {f"media/{photo}": (media_dir / photo).read_bytes() for photo in plan.media}
    except BaseException:
        pool.close()
        raise
    job_of = {path: k for k, part in enumerate(slices) for path in part}
    return Rendering(plan, job_of, range(len(slices), len(jobs)), media, pool, search_doc)


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


class SiteError(Exception):
    """Why the site cannot be built, said in full (every problem of the ledger)."""


@dataclass
class Prepared:
    model: Model
    labels: Labels
    font: Path | None
    settings: PrintSettings | None


def prepare_site(root: Path, config_file: str, config, options, log, checked=None,
                 as_of: datetime | None = None) -> Prepared:
    """Everything a build settles before it empties site/: the ledger folder MkDocs resolved
    is the one validate checks; the ledger and mkdocs.yml as MkDocs resolved it (!ENV,
    INHERIT, defaults) have no error (warnings go to `log`); the theme's text escaped; the
    instant, the labels, the font and the print settings; the derived model.

    The ledger's checks run in a forked process (pipeline.start_check) while this one
    settles the rest and derives the model; their verdict is awaited here, so it still
    comes before site/ is touched, and a ledger error is said before anything else that
    failed meanwhile. `checked` and `as_of` come from `echowall build`: a Checked, or a
    PendingCheck it started (its problems it lists itself: the error here says only how
    many); else they are found here."""
    from .pipeline import Checked, PendingCheck, prepare, start_check
    from .problems import ERROR, WARNING
    from .siteconfig import escape_text, ledger_folder_problem, resolved_problems

    wrong = ledger_folder_problem(root, config_file, options.ledger)
    if wrong:
        raise SiteError(f"echowall: {wrong}")
    listed_by_caller = isinstance(checked, PendingCheck)
    pending = checked if listed_by_caller else None
    if checked is None:
        pending = start_check(root, options.ledger, config_file)
    ledger = pending.ledger if pending else checked.ledger
    language = str(config.theme.get("language") or "zh")
    lang = "zh" if language_code(language) == "zh" else "en"
    templates = root / options.templates
    settled = failed = None
    try:  # meanwhile: what a ledger error would make moot, its failure held until the verdict
        when = as_of or resolve_as_of()
        labels = load_labels(templates, language, ledger)
        font, settings, no_font = print_setup(root, templates, options.font, options.print)
        settled = (when, labels, font, settings, no_font)
        model = prepare(Checked(ledger, []), when)  # kept only if the checks find no error
    except Exception as exc:
        failed = exc
    except BaseException:  # Ctrl-C: the checking process stopped too
        if pending:
            pending.close()
        raise
    if pending:
        checked = pending.result()
    for p in checked.problems:
        if p.severity == WARNING:
            log.warning(p.format(lang))
    errors = [p for p in checked.problems if p.severity == ERROR]
    errors += resolved_problems(config, root, config_file, errors)
    if errors:
        from .messages import render

        said = render("site-not-built", {"count": len(errors)}, lang)
        if listed_by_caller and len(errors) == len(checked.errors):
            raise SiteError(said.rstrip(":："))  # `echowall build` lists them itself
        listing = "\n".join(p.format(lang) for p in errors)
        raise SiteError(said + "\n" + listing)
    escape_text(config)  # MkDocs' Jinja does not autoescape what the theme prints
    if isinstance(failed, (AsOfError, LabelsError)):
        raise SiteError(f"echowall: {failed}") from None
    if isinstance(failed, PrintError):
        raise SiteError(f"echowall: print sheets: {failed}") from None
    if failed is not None:
        raise failed
    when, labels, font, settings, no_font = settled
    if no_font:
        log.info("echowall: charts left out: %s", no_font)
    return Prepared(model, labels, font, settings)


def write_files(site: Path, files: dict[str, str | bytes]) -> None:
    """The files that are not pages, over anything of the same name MkDocs copied."""
    for path, content in files.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
