"""Deadlines as a practitioner counts them: working days skip weekends and bank holidays."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinmap.rules.deadlines import (
    add_working_days,
    bank_holiday,
    deadline_date,
    deadline_moment,
    describe,
    is_working_day,
    subtract_working_days,
    working_days_between,
)


def test_a_working_day_after_a_friday_is_the_monday():
    assert add_working_days(date(2026, 1, 9), 1) == date(2026, 1, 12)


def test_five_working_days_after_a_monday_is_the_next_monday():
    assert deadline_date(date(2026, 1, 5), amount=5, unit="working_days") == date(2026, 1, 12)


@pytest.mark.parametrize(
    ("christmas_eve", "next_working_day"),
    [
        # 2021 and 2027: Christmas Day and Boxing Day fall on the weekend, so both substitute days
        # (Monday 27 and Tuesday 28) are bank holidays and the first working day is Wednesday 29.
        (date(2021, 12, 24), date(2021, 12, 29)),
        (date(2027, 12, 24), date(2027, 12, 29)),
        # 2020: Christmas is a Friday and Boxing Day a Saturday, so Monday 28 is the substitute.
        (date(2020, 12, 24), date(2020, 12, 29)),
        # 2026: Christmas Friday, Boxing Day Saturday: Monday 28 December is the substitute day.
        (date(2026, 12, 24), date(2026, 12, 29)),
    ],
)
def test_christmas_and_its_substitute_days_are_not_working_days(christmas_eve, next_working_day):
    assert add_working_days(christmas_eve, 1) == next_working_day
    assert subtract_working_days(next_working_day, 1) == christmas_eve


def test_substitute_days_are_named_as_bank_holidays():
    assert bank_holiday(date(2027, 12, 27)) is not None
    assert bank_holiday(date(2027, 12, 28)) is not None
    assert not is_working_day(date(2021, 12, 28))
    assert is_working_day(date(2021, 12, 29))


def test_good_friday_and_easter_monday_are_skipped():
    # Easter 2026: Good Friday 3 April, Easter Monday 6 April.
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert subtract_working_days(date(2026, 4, 7), 1) == date(2026, 4, 2)
    assert not is_working_day(date(2026, 4, 3)) and not is_working_day(date(2026, 4, 6))


def test_one_off_bank_holidays_are_skipped():
    # The State Funeral of Queen Elizabeth II, Monday 19 September 2022.
    assert add_working_days(date(2022, 9, 16), 1) == date(2022, 9, 20)


def test_forty_five_working_days_across_christmas():
    # From Monday 2 November 2026: 20 working days left in November (3rd to 30th) and 18 from
    # 1 to 24 December, so Christmas Eve is the 38th; 25, 26 and 28 December (substitute day for
    # Boxing Day) and 1 January are bank holidays.
    assert working_days_between(date(2026, 11, 2), date(2026, 12, 24)) == 38
    # 39th: Tue 29 Dec, 40th: Wed 30, 41st: Thu 31, 42nd: Mon 4 Jan, ..., 45th: Thu 7 Jan.
    assert deadline_date(date(2026, 11, 2), amount=45, unit="working_days") == date(2027, 1, 7)


def test_calendar_days_and_weeks_count_every_day():
    assert deadline_date(date(2026, 12, 24), amount=3, unit="calendar_days") == date(2026, 12, 27)
    assert deadline_date(date(2026, 12, 24), amount=2, unit="weeks") == date(2027, 1, 7)
    assert deadline_date(date(2026, 1, 8), amount=3, unit="calendar_days", direction="before") == date(
        2026, 1, 5
    )


def test_months_keep_the_day_or_end_at_the_end_of_a_short_month():
    assert deadline_date(date(2026, 1, 31), amount=1, unit="months") == date(2026, 2, 28)
    assert deadline_date(date(2028, 1, 31), amount=1, unit="months") == date(2028, 2, 29)
    assert deadline_date(date(2026, 3, 15), amount=6, unit="months") == date(2026, 9, 15)
    assert deadline_date(date(2026, 3, 31), amount=1, unit="months", direction="before") == date(2026, 2, 28)


def test_same_day_is_the_trigger_day():
    assert deadline_date(date(2026, 1, 10), amount=0, unit="same_day") == date(2026, 1, 10)


def test_hours_without_a_time_give_the_latest_day_the_hours_can_reach():
    monday = date(2026, 1, 5)
    assert deadline_date(monday, amount=24, unit="hours") == date(2026, 1, 6)
    assert deadline_date(monday, amount=36, unit="hours") == date(2026, 1, 7)
    assert deadline_date(monday, amount=48, unit="hours", direction="before") == date(2026, 1, 3)
    assert deadline_date(monday, amount=36, unit="hours", direction="before") == date(2026, 1, 4)


def test_hours_with_a_time_count_to_the_minute():
    start = datetime(2026, 1, 8, 10, 0)
    assert deadline_moment(start, hours=48, direction="before") == datetime(2026, 1, 6, 10, 0)
    assert deadline_moment(start, hours=72) == datetime(2026, 1, 11, 10, 0)


def test_a_deadline_reads_as_words():
    assert describe(amount=1, unit="working_days", counted_from="Referral received") == (
        "within 1 working day after: Referral received"
    )
    assert describe(amount=0, unit="calendar_days", direction="before", counted_from="Conference") == (
        "on or before: Conference"
    )
    assert describe(amount=6, unit="weeks", every=(6, "weeks"), counted_from="Placement started") == (
        "within 6 weeks after: Placement started; then at least every 6 weeks"
    )


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


@given(start=days, amount=st.integers(min_value=1, max_value=400))
def test_a_working_day_deadline_never_lands_on_a_weekend_or_bank_holiday(start, amount):
    due = add_working_days(start, amount)
    assert due > start
    assert due.weekday() < 5 and bank_holiday(due) is None
    assert working_days_between(start, due) == amount


@given(start=days, amount=st.integers(min_value=1, max_value=400))
def test_counting_back_from_a_working_day_deadline_returns_to_the_last_working_day(start, amount):
    back = subtract_working_days(add_working_days(start, amount), amount)
    assert back <= start
    assert is_working_day(back)
    # Every day after `back` up to `start` is not a working day (back is the last one on or before).
    assert all(not is_working_day(back + timedelta(days=n)) for n in range(1, (start - back).days + 1))
