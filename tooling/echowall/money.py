"""Public revenue, derived: totals, balances, the owners' share, budget vs actual, monthly
series and reversals — in exact decimals, as of one instant. Pure.

Reversals: a reversing entry has the opposite direction of the entry it corrects, so the
balance (opening + income − expenses) is right without special cases. For totals by
category a reversal is netted against its original's category and direction, so "income
from advertising" shows what was really earned; the full table shows both lines side by side.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from .model import Account, Ledger, RevenueEntry, RevenuePeriod

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Line:
    entry: RevenueEntry
    period: RevenuePeriod
    reverses: tuple | None = None  # (RevenueEntry, RevenuePeriod) this line corrects
    reversed_by: tuple | None = None  # (RevenueEntry, RevenuePeriod) that corrects this line

    @property
    def net_direction(self) -> str:
        """The direction this line counts in for category totals."""
        return self.reverses[0].direction if self.reverses else self.entry.direction

    @property
    def net_amount(self) -> Decimal:
        return -self.entry.amount if self.reverses else self.entry.amount


@dataclass
class PeriodView:
    account: Account
    period: RevenuePeriod
    lines: list  # Line, in file order (date order), only those dated on or before the as-of day
    complete: bool  # every entry is visible as of the build (else the closing is not shown yet)
    income: Decimal = ZERO  # as booked (reversals count in their own direction)
    expense: Decimal = ZERO
    income_by_category: list = field(default_factory=list)  # [(category id, net Decimal)]
    expense_by_category: list = field(default_factory=list)
    earning_costs: Decimal = ZERO
    budget: list = field(default_factory=list)  # [(category id, direction, budget, actual)]

    @property
    def closed(self) -> bool:
        return self.period.closed and self.complete

    @property
    def balance(self) -> Decimal:
        """The closing balance once closed; the running balance while open."""
        return self.period.opening + self.income - self.expense

    @property
    def net_income(self) -> Decimal:
        return sum((v for _, v in self.income_by_category), ZERO)

    @property
    def net_expense(self) -> Decimal:
        return sum((v for _, v in self.expense_by_category), ZERO)

    @property
    def owners_share(self) -> Decimal:
        """Income from the shared parts less the reasonable costs of earning it (Civil Code art. 282)."""
        return self.net_income - self.earning_costs

    @property
    def key(self) -> str:
        return f"{self.period.account}/{self.period.period}"


@dataclass
class AccountView:
    account: Account
    periods: list  # PeriodView, oldest first
    monthly: list  # [(YYYY-MM, net income, net expense, balance at month end)]

    @property
    def balance(self) -> Decimal:
        return self.periods[-1].balance if self.periods else ZERO


@dataclass
class Revenue:
    accounts: list  # AccountView, in estate.yml order
    by_item: dict  # item id -> [Line]

    def period(self, account: str, period: str) -> PeriodView | None:
        for a in self.accounts:
            for p in a.periods:
                if p.period.account == account and p.period.period == period:
                    return p
        return None


def derive_revenue(ledger: Ledger, as_of: datetime) -> Revenue:
    est = ledger.estate
    if est is None:
        return Revenue([], {})
    settings = est.revenue
    today = as_of.astimezone(est.tz).date()
    index: dict[tuple, tuple] = {}
    for p in ledger.revenue:
        for e in p.entries:
            index.setdefault((p.account, e.id), (e, p))
    reversed_by: dict[tuple, tuple] = {}
    for p in ledger.revenue:
        for e in p.entries:
            if e.reverses and e.date <= today:
                reversed_by.setdefault((p.account, e.reverses), (e, p))
    accounts = []
    by_item: dict[str, list] = {}
    for acc in settings.accounts:
        views = []
        for p in (p for p in ledger.revenue if p.account == acc.id and p.start and p.start <= today):
            visible = [e for e in p.entries if e.date <= today]
            lines = [Line(e, p, reverses=index.get((p.account, e.reverses)) if e.reverses else None,
                          reversed_by=reversed_by.get((p.account, e.id))) for e in visible]
            view = PeriodView(acc, p, lines, complete=len(visible) == len(p.entries) and p.end <= _next_day(today))
            _totals(view, settings)
            views.append(view)
            for line in lines:
                for item in line.entry.items:
                    by_item.setdefault(item, []).append(line)
        accounts.append(AccountView(acc, views, _monthly(views)))
    return Revenue(accounts, by_item)


def _next_day(d: date) -> date:
    return date.fromordinal(d.toordinal() + 1)


def _totals(view: PeriodView, settings) -> None:
    inc: dict[str, Decimal] = {}
    exp: dict[str, Decimal] = {}
    for line in view.lines:
        e = line.entry
        if e.direction == "income":
            view.income += e.amount
        else:
            view.expense += e.amount
        bucket = inc if line.net_direction == "income" else exp
        bucket[e.category] = bucket.get(e.category, ZERO) + line.net_amount
    order = {c.id: i for i, c in enumerate(settings.categories)}
    view.income_by_category = sorted(inc.items(), key=lambda kv: (order.get(kv[0], 999), kv[0]))
    view.expense_by_category = sorted(exp.items(), key=lambda kv: (order.get(kv[0], 999), kv[0]))
    if view.account.shared_income:
        view.earning_costs = sum((v for k, v in exp.items()
                                  if (c := settings.category(k)) is not None and c.earning_cost), ZERO)
    budget = []
    for cid, amount in view.period.budget:
        c = settings.category(cid)
        direction = c.direction if c else "expense"
        actual = (inc if direction == "income" else exp).get(cid, ZERO)
        budget.append((cid, direction, amount, actual))
    view.budget = budget


def _monthly(views: list[PeriodView]) -> list:
    """[(YYYY-MM, net income, net expense, balance at month end)], every month from the first
    entry to the last (months without entries carry the balance)."""
    if not views:
        return []
    balance = views[0].period.opening
    rows: dict[str, list] = {}
    for v in views:
        for line in v.lines:
            row = rows.setdefault(line.entry.date.strftime("%Y-%m"), [ZERO, ZERO, ZERO])
            row[0 if line.net_direction == "income" else 1] += line.net_amount
            balance += line.entry.signed
            row[2] = balance
    if not rows:
        return []
    keys = sorted(rows)
    y, m = map(int, keys[0].split("-"))
    out, last = [], views[0].period.opening
    while f"{y:04d}-{m:02d}" <= keys[-1]:
        key = f"{y:04d}-{m:02d}"
        inc, exp, bal = rows.get(key, (ZERO, ZERO, last))
        out.append((key, inc, exp, bal))
        last = bal
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
