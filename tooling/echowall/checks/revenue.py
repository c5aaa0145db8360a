"""Public revenue: the numbers must add up, with evidence and approvals, in exact decimals.

Per period file: the file name is a period and the folder an account; entry dates lie inside
the period and are in order; amounts are positive (the schema already refused floats and
more than two decimals); categories exist and fit the direction; expenses above the
threshold carry an approval; linked items exist; reversals mirror what they reverse;
opening + income − expenses = closing. Per account: ids are unique across periods, periods
do not overlap or leave gaps, only the last may be open, and each opening equals the
previous closing.

The money controls, added after ledgers were published, judge only new entries (with
--base: absent at the base; without it: dated from `controls_from`, or all): an account
books only its listed categories; a reversal that takes income out above the threshold
needs an approval; an approval names a date and a deciding body; unapproved expenses to one
counterparty in one category that add up past the threshold within a short window are
a warning (a purchase split to stay under it).
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import PurePosixPath

from ..approval import approval_form, fold
from ..model import RevenuePeriod, stricter
from ..problems import Problem, Source, error, warning


def money(d: Decimal) -> str:
    return f"{d:.2f}"


def period_totals(period: RevenuePeriod) -> tuple[Decimal, Decimal]:
    income = sum((e.amount for e in period.entries if e.direction == "income"), Decimal("0"))
    expense = sum((e.amount for e in period.entries if e.direction == "expense"), Decimal("0"))
    return income, expense


def check_revenue(ledger, ctx) -> list[Problem]:
    out: list[Problem] = []
    est = ledger.estate
    if est is None:
        return out
    settings = est.revenue
    accounts = {a.id for a in settings.accounts}
    by_account: dict[str, list[RevenuePeriod]] = {}
    today = ctx.now.astimezone(est.tz).date()
    judged = _judged(ctx, settings)
    # new entries are judged by the stricter of the base's and the head's settings
    rules = stricter(settings, ctx.base_revenue) if ctx.base_revenue is not None else settings
    _check_settings(est, today, out)
    for p in ledger.revenue:
        doc = p.doc
        folder = PurePosixPath(p.path).parent.name
        if p.start is None:
            out.append(error(Source(p.path), "revenue-file-name",
                             name=PurePosixPath(p.path).name))
        if folder not in accounts:
            out.append(error(Source(p.path), "revenue-account",
                             folder=folder, accounts=sorted(accounts)))
        elif p.account != folder:
            out.append(error(doc.at("account"), "revenue-account",
                             'folder-mismatch', account=p.account, folder=folder))
        if p.start is not None and folder in accounts and p.account == folder:
            by_account.setdefault(folder, []).append(p)
        _check_period(p, ledger, settings, rules, today, judged, out)
    for account, periods in by_account.items():
        _check_chain(periods, out)
    _check_ids_and_reversals(ledger.revenue, out)
    _check_splits(ledger.revenue, rules, judged, out)
    return out


def _judged(ctx, settings):
    """Which entries the money controls judge: with --base, those absent at the base (what
    was published stays as it was); without it, those dated from `controls_from` on — every
    entry when it is not set."""
    if ctx.published is not None:
        published = ctx.published
        return lambda p, e: (PurePosixPath(p.path).parent.name, e.id) not in published
    start = settings.controls_from
    return lambda p, e: start is None or e.date >= start


def _check_settings(est, today, out: list[Problem]) -> None:
    settings, doc = est.revenue, est.doc
    for i, a in enumerate(settings.accounts):
        for j, cid in enumerate(a.categories or ()):
            if settings.category(cid) is None:
                out.append(error(doc.at("revenue", "accounts", i, "categories", j), "revenue-category",
                                 "account", category=cid, account=a.id))
    if settings.controls_from is not None and settings.controls_from > today:
        out.append(error(doc.at("revenue", "controls_from"), "revenue-controls-from",
                         date=settings.controls_from))


def _check_period(p: RevenuePeriod, ledger, settings, rules, today, judged, out: list[Problem]) -> None:
    doc = p.doc
    previous = None
    for e in p.entries:
        where = doc.at("entries", e.index)
        new = judged(p, e)
        threshold = (rules if new else settings).approval_threshold
        if p.start is not None and not (p.start <= e.date < p.end):
            out.append(error(doc.at("entries", e.index, "date"), "revenue-date",
                             date=e.date, period=p.period, start=p.start, end=p.end.fromordinal(p.end.toordinal() - 1)))
        elif e.date > today:
            out.append(error(doc.at("entries", e.index, "date"), "revenue-future",
                             date=e.date))
        if previous is not None and e.date < previous.date:
            out.append(error(doc.at("entries", e.index, "date"), "revenue-order",
                             id=e.id, date=e.date, previous=previous.id, previous_date=previous.date))
        previous = e
        if e.amount <= 0:
            out.append(error(doc.at("entries", e.index, "amount"), "revenue-amount",
                             direction=e.direction))
        cat = settings.category(e.category)
        if cat is None:
            out.append(error(doc.at("entries", e.index, "category"), "revenue-category",
                             category=e.category))
        elif cat.direction != e.direction and not e.reverses:
            out.append(error(doc.at("entries", e.index, "category"), "revenue-category",
                             'direction', category=e.category, name=cat.name, direction=cat.direction, direction2=e.direction))
        if e.direction == "expense" and not e.reverses and e.amount > threshold and not e.approval.strip():
            out.append(error(where, "revenue-approval",
                             id=e.id, amount=money(e.amount), approval_threshold=money(threshold)))
        for i, item in enumerate(e.items):
            if item not in ledger.known_item_ids:
                out.append(error(doc.at("entries", e.index, "items", i), "ref-item",
                                 item=item))
        if new:
            _check_controls(p, e, rules, rules.account(p.account), cat, out)
    for cid, _ in p.budget:
        if settings.category(cid) is None:
            out.append(error(doc.key_at("budget", cid), "revenue-category",
                             'budget', category=cid))
    if p.closing is not None:
        income, expense = period_totals(p)
        expected = p.opening + income - expense
        if expected != p.closing:
            out.append(error(doc.at("closing_balance"), "revenue-balance",
                             closing=money(p.closing), opening=money(p.opening), income=money(income), expense=money(expense), expected=money(expected), off=money(p.closing - expected)))


def _check_controls(p: RevenuePeriod, e, settings, account, cat, out: list[Problem]) -> None:
    """The money controls on one new entry."""
    doc = p.doc
    # A reversal keeps its original's category (checked with the reversal), so it may undo
    # an entry booked in the wrong account.
    if account is not None and cat is not None and not e.reverses and not account.books(e.category):
        out.append(error(doc.at("entries", e.index, "category"), "revenue-account-category",
                         category=e.category, account=account.id, categories=account.categories))
    if (e.reverses and e.direction == "expense" and e.amount > settings.approval_threshold
            and not e.approval.strip()):
        out.append(error(doc.at("entries", e.index), "revenue-approval", "reversal",
                         id=e.id, amount=money(e.amount), target=e.reverses,
                         approval_threshold=money(settings.approval_threshold)))
    if e.approval.strip():
        at = doc.at("entries", e.index, "approval")
        form = approval_form(e.approval, settings.approval_bodies)
        if form == "placeholder":
            out.append(error(at, "revenue-approval-form", "placeholder", approval=e.approval))
        elif form == "pending":
            out.append(error(at, "revenue-approval-form", "pending", approval=e.approval))
        elif form == "date":
            out.append(error(at, "revenue-approval-form", "date", approval=e.approval))
        elif form == "body":
            out.append(error(at, "revenue-approval-form", "body", approval=e.approval,
                             bodies=settings.approval_bodies))
        elif form == "neither":
            out.append(error(at, "revenue-approval-form", approval=e.approval, bodies=settings.approval_bodies))


def _approved(e, settings) -> bool:
    return bool(e.approval.strip()) and approval_form(e.approval, settings.approval_bodies) is None


def _check_splits(periods, settings, judged, out: list[Problem]) -> None:
    """Unapproved expenses (each at or under the threshold) to one counterparty in one
    category whose dates lie within `split_window_days` of the first and which add up past
    the threshold: a warning on each new one. Published entries count towards the sum;
    expenses that were reversed do not. Counterparties are compared folded (NFKC, no
    whitespace, case folded), so 某 公司 and 某公司 are one."""
    threshold, window = settings.approval_threshold, settings.split_window_days
    reversed_ids = {(p.account, e.reverses) for p in periods for e in p.entries if e.reverses}
    groups: dict[tuple, list] = {}
    for p in periods:
        for e in p.entries:
            if (e.direction != "expense" or e.amount > threshold or (p.account, e.id) in reversed_ids
                    or _approved(e, settings)):
                continue
            groups.setdefault((p.account, e.category, fold(e.counterparty)), []).append((p, e))
    for rows in groups.values():
        rows.sort(key=lambda r: r[1].date)  # stable: file order within a day
        flagged: dict[tuple, tuple] = {}  # (path, index) -> (period, entry, the first span it is in)
        for i, (_, first) in enumerate(rows):
            span = []
            for r in rows[i:]:
                if (r[1].date - first.date).days >= window:
                    break
                span.append(r)
            if len(span) > 1 and sum(r[1].amount for r in span) > threshold:
                for p, e in span:
                    flagged.setdefault((p.path, e.index), (p, e, span))
        for p, e, span in flagged.values():
            if not judged(p, e):
                continue
            at, ids = p.doc.at("entries", e.index), [r[1].id for r in span]
            start, end, total = span[0][1].date, span[-1][1].date, money(sum(r[1].amount for r in span))
            if fold(e.counterparty):
                out.append(warning(at, "revenue-split", id=e.id, count=len(span), counterparty=e.counterparty,
                                   category=e.category, days=window, first=start, last=end, ids=ids,
                                   total=total, approval_threshold=money(threshold)))
            else:
                out.append(warning(at, "revenue-split", "no-counterparty", id=e.id, count=len(span),
                                   category=e.category, days=window, first=start, last=end, ids=ids,
                                   total=total, approval_threshold=money(threshold)))


def _check_chain(periods: list[RevenuePeriod], out: list[Problem]) -> None:
    """Periods of one account, sorted by start: no overlap, no gap, only the last open,
    each opening equal to the previous closing."""
    periods = sorted(periods, key=lambda p: (p.start, p.end))
    for prev, cur in zip(periods, periods[1:]):
        doc = cur.doc
        if cur.start < prev.end:
            out.append(error(doc.at("opening_balance"), "revenue-period-overlap",
                             period=cur.period, period2=prev.period, path=prev.path))
            continue
        if cur.start > prev.end:
            out.append(error(doc.at("opening_balance"), "revenue-period-gap",
                             start=prev.end, end=cur.start.fromordinal(cur.start.toordinal() - 1), period=prev.period, period2=cur.period))
        if prev.closing is None:
            out.append(error(prev.doc.at(), "revenue-period-open",
                             period=prev.period, period2=cur.period))
        elif cur.opening != prev.closing:
            out.append(error(doc.at("opening_balance"), "revenue-chain",
                             opening=money(cur.opening), closing=money(prev.closing), period=prev.period, path=prev.path))


def _check_ids_and_reversals(periods, out: list[Problem]) -> None:
    by_account: dict[str, dict] = {}
    for p in periods:
        seen = by_account.setdefault(p.account, {})
        for e in p.entries:
            if e.id in seen:
                other_p, _ = seen[e.id]
                out.append(error(p.doc.at("entries", e.index, "id"), "revenue-id-duplicate",
                                 id=e.id, path=other_p.path))
            else:
                seen[e.id] = (p, e)
    for p in periods:
        seen = by_account.get(p.account, {})
        for e in p.entries:
            if not e.reverses:
                continue
            at = p.doc.at("entries", e.index, "reverses")
            target = seen.get(e.reverses)
            if target is None:
                out.append(error(at, "revenue-reversal",
                                 reverses=e.reverses, account=p.account))
                continue
            tp, te = target
            if te.reverses:
                out.append(error(at, "revenue-reversal", "chain", id=e.id, target=te.id, original=te.reverses))
            if te.direction == e.direction:
                out.append(error(at, "revenue-reversal", "direction", id=e.id, target=te.id, direction=te.direction))
            if te.amount != e.amount:
                out.append(error(at, "revenue-reversal", "amount", id=e.id, target=te.id,
                                 target_amount=money(te.amount), amount=money(e.amount)))
            if te.category != e.category:
                out.append(error(at, "revenue-reversal", "category", id=e.id, target=te.id, category=te.category))
            if (te.date, tp.start) > (e.date, p.start):
                out.append(error(at, "revenue-reversal", "before", id=e.id, target=te.id,
                                 date=e.date, target_date=te.date))
    # an entry reversed twice
    for account, seen in by_account.items():
        counts: dict[str, list] = {}
        for p in periods:
            if p.account != account:
                continue
            for e in p.entries:
                if e.reverses:
                    counts.setdefault(e.reverses, []).append((p, e))
        for target, hits in counts.items():
            for p, e in hits[1:]:
                out.append(error(p.doc.at("entries", e.index, "reverses"), "revenue-reversal",
                                 'twice', target=target, id=hits[0][1].id))
