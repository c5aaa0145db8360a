"""Charts as SVG at build time with matplotlib: no network, no scripts, no CDN.

Ledger text is drawn literally: mathtext and TeX are off for every text artist (rc
`text.parse_math`, `text.usetex`), so a `$` in a name is a dollar sign.

Deterministic: a fixed SVG hash salt, no date or creator in the metadata, and text drawn as
paths with the CJK font (so the SVG needs no font on the phone that shows it). Each bar and
line carries an id (`gid`) naming what it shows, so tests can read the chart back.
"""
from __future__ import annotations

import io
from pathlib import Path

FONT_NAME_CACHE: dict[str, str] = {}


def _font_family(font_path: Path) -> str:
    from matplotlib import font_manager

    key = str(font_path)
    if key not in FONT_NAME_CACHE:
        font_manager.fontManager.addfont(key)
        FONT_NAME_CACHE[key] = font_manager.FontProperties(fname=key).get_name()
    return FONT_NAME_CACHE[key]


# Sized for a phone first (issue 17): the figure is PHONE_IN wide, so at a phone's ~358 CSS px
# the smallest text (TEXT_PT) is about 14 CSS px; on a desktop the image only grows. Bars are
# horizontal, one row per label, so every bar is labelled however many there are; values are
# written beside the bars; legends sit above the plot, never on the data.
PHONE_IN = 3.6
TEXT_PT = 10.5
ROW_IN = 0.3  # height of one bar's row


def _rc(font_path: Path) -> dict:
    return {
        "svg.hashsalt": "echowall",
        "svg.fonttype": "path",
        "font.family": [_font_family(font_path)],
        "font.size": TEXT_PT,
        "axes.titlesize": TEXT_PT + 1,
        "legend.fontsize": TEXT_PT,
        "xtick.labelsize": TEXT_PT,
        "ytick.labelsize": TEXT_PT,
        "axes.unicode_minus": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        # Labels are ledger text (category and building names): never read as TeX or
        # mathtext, so `$\\frac{1}{$` is drawn as typed instead of failing the build.
        "text.usetex": False,
        "text.parse_math": False,
        "axes.formatter.use_mathtext": False,
    }


def _save(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    return buf.getvalue()


def _yuan(v: float, _pos=None) -> str:
    if abs(v) >= 10000:
        return f"{v / 10000:g}万"
    return f"{v:,.0f}"


def _hbars(labels: list[str], series: list[tuple], title: str, font_path: Path,
           fmt=lambda v: f"{v:g}", notes: list[str] | None = None, xmax: float | None = None) -> bytes:
    """Horizontal bars, one row per label (top to bottom in the given order), one bar per
    series in each row: series = [(name, values, colour, ids)], ids one per bar. Each bar's
    value (or notes[i]) is written at its end; with two series a legend sits above the plot."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    with matplotlib.rc_context(_rc(font_path)):
        n, k = len(labels), len(series)
        fig = Figure(figsize=(PHONE_IN, max(1.6, ROW_IN * n * (1 + 0.6 * (k - 1)) + 0.9)), dpi=100)
        ax = fig.add_subplot()
        h = 0.8 / k
        top = max([float(v) for _, vals, _, _ in series for v in vals if v is not None] + [0.0])
        for j, (name, values, colour, ids) in enumerate(series):
            pos = [i - 0.4 + h * (j + 0.5) for i in range(n)]
            bars = ax.barh(pos, [0.0 if v is None else float(v) for v in values], h * 0.92, color=colour)
            for i, (b, v) in enumerate(zip(bars.patches, values)):
                b.set_gid(ids[i])
                text = notes[i] if notes is not None else ("" if v is None else fmt(float(v)))
                if text:
                    ax.text(b.get_width() + (xmax or top or 1) * 0.02, pos[i], text, va="center", ha="left",
                            fontsize=TEXT_PT)
        ax.set_yticks(list(range(n)), labels)
        ax.invert_yaxis()
        ax.set_xlim(0, (xmax or top or 1) * 1.45)  # room for the values beside the bars
        ax.xaxis.set_visible(False)
        ax.spines["bottom"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        if k > 1:
            ax.legend(handles=[Patch(color=c, label=name) for name, _, c, _ in series], frameon=False,
                      loc="lower left", bbox_to_anchor=(0, 1.0), ncols=k, borderaxespad=0.2, handlelength=1.2)
            ax.set_title(title, loc="left", pad=TEXT_PT * 2.4)
        else:
            ax.set_title(title, loc="left")
        return _save(fig)


def _ids(prefix: str, keys) -> list[str]:
    return [f"{prefix}{k}" for k in keys]


def monthly_bars(months: list, title: str, labels: tuple[str, str], font_path: Path) -> bytes:
    """Income and expense per month, side by side. months: [(YYYY-MM, income, expense, ...)]."""
    keys = [m[0] for m in months]
    return _hbars([_month_label(k) for k in keys],
                  [(labels[0], [m[1] for m in months], "#b71c1c", _ids("bar-income-", keys)),
                   (labels[1], [m[2] for m in months], "#5f6b6d", _ids("bar-expense-", keys))],
                  title, font_path, fmt=_yuan)


def balance_line(months: list, title: str, font_path: Path) -> bytes:
    """The balance at each month's end, one labelled bar per month (ids balance-<month>)."""
    keys = [m[0] for m in months]
    return _hbars([_month_label(k) for k in keys], [("", [m[3] for m in months], "#b71c1c", _ids("balance-", keys))],
                  title, font_path, fmt=_yuan)


def bar_chart(labels: list[str], values: list[float], title: str, font_path: Path, gid: str,
              horizontal: bool = True, unit: str = "") -> bytes:
    """One series of bars, each bar's id f"{gid}-{index}"; always horizontal (every label
    readable on a phone) — `horizontal` is kept for callers."""
    return _hbars(labels, [("", values, "#b71c1c", _ids(f"{gid}-", range(len(labels))))],
                  title + (f"（{unit}）" if unit else ""), font_path)


def two_series(months: list[str], a: list[float], b: list[float], labels: tuple[str, str], title: str,
               font_path: Path, gid: str) -> bytes:
    """Two series per month side by side (filed vs resolved); ids f"{gid}-a-{month}"."""
    return _hbars([_month_label(m) for m in months],
                  [(labels[0], a, "#b71c1c", _ids(f"{gid}-a-", months)),
                   (labels[1], b, "#5f6b6d", _ids(f"{gid}-b-", months))], title, font_path)


def rate_bars(months: list[str], good: list[int], rated: list[int], title: str, font_path: Path, gid: str,
              min_sample: int) -> bytes:
    """A rate per month as bars, each with its counts beside it (4/5), the percentage only
    from min_sample ratings on; a month without ratings has no bar. Ids f"{gid}-{month}"."""
    values = [(g / n * 100 if n else None) for g, n in zip(good, rated)]
    notes = [("" if not n else (f"{g}/{n}" + (f" {g / n * 100:.0f}%" if n >= min_sample else "")))
             for g, n in zip(good, rated)]
    return _hbars([_month_label(m) for m in months], [("", values, "#b71c1c", _ids(f"{gid}-", months))],
                  title, font_path, notes=notes, xmax=100)


def _month_label(key: str) -> str:
    y, m = key.split("-")
    return f"{int(m)}月" if m != "01" else f"{y[2:]}年1月"


__all__ = ["monthly_bars", "balance_line", "bar_chart", "two_series", "rate_bars"]
