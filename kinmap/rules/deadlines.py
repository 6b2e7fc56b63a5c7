"""Deadline arithmetic: working days, calendar days, weeks, months and hours.

Working days skip Saturdays, Sundays and the bank holidays of England and Wales, substitute days
included (the `holidays` package, GB with the England subdivision: England and Wales share their
bank holidays). The table of working days is built once per range of years and searched with
bisect, because the engine asks for thousands of deadlines per second.
"""

from __future__ import annotations

import math
import threading
from bisect import bisect_left, bisect_right
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal

import holidays
from dateutil.relativedelta import relativedelta

Unit = Literal["hours", "same_day", "working_days", "calendar_days", "weeks", "months"]
Direction = Literal["after", "before"]


class _WorkingDays:
    """The ordinals of every working day in a range of whole years, grown on demand."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.first_year = 0
        self.last_year = -1
        self.days: list[int] = []
        self.holidays: dict[date, str] = {}

    def cover(self, first_year: int, last_year: int) -> None:
        if self.first_year <= first_year and last_year <= self.last_year:
            return
        with self._lock:
            if self.days:
                first_year, last_year = min(first_year, self.first_year), max(last_year, self.last_year)
            first_year, last_year = max(first_year, date.min.year + 1), min(last_year, date.max.year - 1)
            found = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
            table = {day: str(name) for day, name in found.items()}
            holiday_ordinals = {day.toordinal() for day in table}
            start, end = date(first_year, 1, 1).toordinal(), date(last_year, 12, 31).toordinal()
            # date.fromordinal(1) is a Monday, so (ordinal - 1) % 7 is the weekday (5, 6: the weekend).
            days = [o for o in range(start, end + 1) if (o - 1) % 7 < 5 and o not in holiday_ordinals]
            self.holidays, self.days = table, days
            self.first_year, self.last_year = first_year, last_year

    def around(self, day: date, span_days: int = 0) -> list[int]:
        years = span_days // 250 + 2
        self.cover(day.year - years, day.year + years)
        return self.days


_WORKING_DAYS = _WorkingDays()


def bank_holiday(day: date) -> str | None:
    """The name of the England and Wales bank holiday on this day, if it is one."""
    _WORKING_DAYS.around(day)
    return _WORKING_DAYS.holidays.get(day)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and bank_holiday(day) is None


def add_working_days(day: date, amount: int) -> date:
    """The `amount`th working day after `day` (`day` itself when amount is 0)."""
    if amount == 0:
        return day
    if amount < 0:
        return subtract_working_days(day, -amount)
    days = _WORKING_DAYS.around(day, amount)
    index = bisect_right(days, day.toordinal()) + amount - 1
    return date.fromordinal(days[index])


def subtract_working_days(day: date, amount: int) -> date:
    """The `amount`th working day before `day` (`day` itself when amount is 0)."""
    if amount == 0:
        return day
    if amount < 0:
        return add_working_days(day, -amount)
    days = _WORKING_DAYS.around(day, amount)
    index = bisect_left(days, day.toordinal()) - amount
    return date.fromordinal(days[index])


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    _WORKING_DAYS.around(end)
    days = _WORKING_DAYS.around(start, (end - start).days)
    return bisect_right(days, end.toordinal()) - bisect_right(days, start.toordinal())


@lru_cache(maxsize=1 << 16)  # a council's check asks for the same few thousand deadlines again and again
def deadline_date(start: date, *, amount: int, unit: Unit, direction: Direction = "after") -> date:
    """The last day on which a requirement counted from `start` is on time.

    `hours` without a time of day give the latest date the hours can reach: 24 hours after a
    Monday is Tuesday, 36 hours after it Wednesday; 36 hours before a Monday is Sunday.
    """
    sign = 1 if direction == "after" else -1
    if unit == "same_day":
        return start
    if unit == "working_days":
        return add_working_days(start, sign * amount)
    if unit == "calendar_days":
        return start + timedelta(days=sign * amount)
    if unit == "weeks":
        return start + timedelta(weeks=sign * amount)
    if unit == "months":
        return start + relativedelta(months=sign * amount)
    if unit == "hours":
        whole = math.ceil(amount / 24) if direction == "after" else math.floor(amount / 24)
        return start + timedelta(days=sign * whole)
    raise ValueError(f"unknown deadline unit {unit!r}")


def deadline_moment(start: datetime, *, hours: int, direction: Direction = "after") -> datetime:
    """An `hours` deadline when the trigger has a time of day."""
    return start + timedelta(hours=hours if direction == "after" else -hours)


def describe(
    *,
    amount: int,
    unit: Unit,
    direction: Direction = "after",
    every: tuple[int, str] | None = None,
    counted_from: str = "the trigger",
) -> str:
    """A deadline in words: 'within 15 working days after: Strategy discussion'."""
    if unit == "same_day":
        text = f"on the same day as: {counted_from}"
    elif amount == 0 and direction == "before":
        text = f"on or before: {counted_from}"
    else:
        name = unit.replace("_", " ")
        if amount == 1:
            name = name.removesuffix("s")
        text = (
            f"within {amount} {name} after: {counted_from}"
            if direction == "after"
            else (f"at least {amount} {name} before: {counted_from}")
        )
    if every:
        count, every_unit = every
        text += f"; then at least every {count} {every_unit.replace('_', ' ')}"
    return text
