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


def _rc(font_path: Path) -> dict:
    return {
        "svg.hashsalt": "echowall",
        "svg.fonttype": "path",
        "font.family": [_font_family(font_path)],
        "font.size": 9,
        "axes.unicode_minus": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 11,
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


def monthly_bars(months: list, title: str, labels: tuple[str, str], font_path: Path) -> bytes:
    """Income and expense per month, side by side. months: [(YYYY-MM, income, expense, ...)]."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    with matplotlib.rc_context(_rc(font_path)):
        fig = Figure(figsize=(7.2, 3.0), dpi=100)
        ax = fig.add_subplot()
        xs = range(len(months))
        w = 0.4
        for i, (key, inc, exp, *_rest) in enumerate(months):
            b1 = ax.bar(i - w / 2, float(inc), w, color="#c0392b")
            b2 = ax.bar(i + w / 2, float(exp), w, color="#7f8c8d")
            b1.patches[0].set_gid(f"bar-income-{key}")
            b2.patches[0].set_gid(f"bar-expense-{key}")
        ax.set_xticks(list(xs), [_month_label(m[0]) for m in months], rotation=0)
        if len(months) > 12:
            for j, t in enumerate(ax.get_xticklabels()):
                t.set_visible(j % 2 == 0)
        ax.yaxis.set_major_formatter(FuncFormatter(_yuan))
        ax.set_title(title)
        from matplotlib.patches import Patch

        ax.legend(handles=[Patch(color="#c0392b", label=labels[0]), Patch(color="#7f8c8d", label=labels[1])],
                  frameon=False, loc="upper left", ncols=2)
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        return _save(fig)


def balance_line(months: list, title: str, font_path: Path) -> bytes:
    """The balance at each month's end."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    with matplotlib.rc_context(_rc(font_path)):
        fig = Figure(figsize=(7.2, 2.6), dpi=100)
        ax = fig.add_subplot()
        ys = [float(m[3]) for m in months]
        (line,) = ax.plot(range(len(months)), ys, color="#c0392b", marker="o", markersize=3)
        line.set_gid("balance-line")
        ax.set_xticks(list(range(len(months))), [_month_label(m[0]) for m in months])
        if len(months) > 12:
            for j, t in enumerate(ax.get_xticklabels()):
                t.set_visible(j % 2 == 0)
        ax.yaxis.set_major_formatter(FuncFormatter(_yuan))
        lo = min(ys + [0.0])
        ax.set_ylim(bottom=lo)
        ax.set_title(title)
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        return _save(fig)


def bar_chart(labels: list[str], values: list[float], title: str, font_path: Path, gid: str,
              horizontal: bool = False, unit: str = "") -> bytes:
    """One series of bars; each bar's id is f"{gid}-{index}"."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_rc(font_path)):
        height = max(2.4, 0.32 * len(labels) + 0.8) if horizontal else 3.0
        fig = Figure(figsize=(7.2, height), dpi=100)
        ax = fig.add_subplot()
        pos = list(range(len(labels)))
        bars = (ax.barh(pos, values, color="#c0392b") if horizontal
                else ax.bar(pos, values, color="#c0392b"))
        for i, b in enumerate(bars.patches):
            b.set_gid(f"{gid}-{i}")
        if horizontal:
            ax.set_yticks(pos, labels)
            ax.invert_yaxis()
            ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        else:
            ax.set_xticks(pos, labels)
            ax.grid(axis="y", color="#dddddd", linewidth=0.6)
            if len(labels) > 12:
                for j, t in enumerate(ax.get_xticklabels()):
                    t.set_visible(j % 2 == 0)
        ax.set_axisbelow(True)
        ax.set_title(title + (f"（{unit}）" if unit else ""))
        return _save(fig)


def two_series(months: list[str], a: list[float], b: list[float], labels: tuple[str, str], title: str,
               font_path: Path, gid: str) -> bytes:
    """Two series per month side by side (filed vs resolved)."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    with matplotlib.rc_context(_rc(font_path)):
        fig = Figure(figsize=(7.2, 3.0), dpi=100)
        ax = fig.add_subplot()
        w = 0.4
        for i, key in enumerate(months):
            ax.bar(i - w / 2, a[i], w, color="#c0392b").patches[0].set_gid(f"{gid}-a-{key}")
            ax.bar(i + w / 2, b[i], w, color="#7f8c8d").patches[0].set_gid(f"{gid}-b-{key}")
        ax.set_xticks(list(range(len(months))), [_month_label(m) for m in months])
        if len(months) > 12:
            for j, t in enumerate(ax.get_xticklabels()):
                t.set_visible(j % 2 == 0)
        ax.legend(handles=[Patch(color="#c0392b", label=labels[0]), Patch(color="#7f8c8d", label=labels[1])],
                  frameon=False, loc="upper left", ncols=2)
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_title(title)
        return _save(fig)


def line_chart(months: list[str], values: list[float | None], title: str, font_path: Path, gid: str,
               ylim: tuple | None = None, unit: str = "") -> bytes:
    """One value per month; months without a value are gaps."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_rc(font_path)):
        fig = Figure(figsize=(7.2, 2.6), dpi=100)
        ax = fig.add_subplot()
        ys = [float("nan") if v is None else v for v in values]
        (line,) = ax.plot(range(len(months)), ys, color="#c0392b", marker="o", markersize=3)
        line.set_gid(gid)
        ax.set_xticks(list(range(len(months))), [_month_label(m) for m in months])
        if len(months) > 12:
            for j, t in enumerate(ax.get_xticklabels()):
                t.set_visible(j % 2 == 0)
        if ylim:
            ax.set_ylim(*ylim)
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_title(title + (f"（{unit}）" if unit else ""))
        return _save(fig)


def _month_label(key: str) -> str:
    y, m = key.split("-")
    return f"{int(m)}月" if m != "01" else f"{y[2:]}年1月"


__all__ = ["monthly_bars", "balance_line", "bar_chart", "two_series", "line_chart"]
