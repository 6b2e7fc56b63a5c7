"""What the rules commands share: how they refuse bad input, and the pack they work with."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NoReturn

from django.core.management.base import OutputWrapper

BAD_INPUT = 2  # exit code: the input (a pack, a history file, an option) was not usable; nothing ran


def refuse(stderr: OutputWrapper, problems: Iterable[str]) -> NoReturn:
    """Print every problem on its own line and stop with exit code 2."""
    for problem in problems:
        stderr.write(problem)
    raise SystemExit(BAD_INPUT)


def parse_date(value: str, *, option: str, stderr: OutputWrapper) -> date:
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        refuse(stderr, [f"{option}: must be a date written YYYY-MM-DD, e.g. 2026-03-31 (got {value!r})"])
