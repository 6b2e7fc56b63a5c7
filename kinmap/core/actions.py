"""The one path for every change to a child's record (decision 0007; docs/ARCHITECTURE.md).

    access policy  ->  validation  ->  save with history (user, reason), one transaction  ->  follow-ups

Pages (through `kinmap.core.views.record_form`) and API endpoints call `change_record` with the
service that makes the change. The services keep their own checks (a ValidationError leaves
nothing written); this adds what every change shares: the policy's decision, one transaction,
every version simple_history keeps inside it named with the user and the reason, and after the
commit the follow-ups in settings.KINMAP_RECORD_FOLLOW_UPS, each `f(*, child_id)`, the first
re-checking the child's rules so that the next page drawn shows the change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, NamedTuple, TypeVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.dispatch import receiver
from django.utils.module_loading import import_string
from simple_history.signals import pre_create_historical_record

from kinmap.core.access import Do, policy
from kinmap.councils.models import StaffMember
from kinmap.people.models import Child

T = TypeVar("T")
log = logging.getLogger(__name__)
REASON_LENGTH = 100  # simple_history's history_change_reason column


class _Change(NamedTuple):
    user: AbstractBaseUser
    reason: str


_current: ContextVar[_Change | None] = ContextVar("kinmap_record_change", default=None)


@contextmanager
def _history(*, user: AbstractBaseUser, reason: str) -> Iterator[None]:
    token = _current.set(_Change(user, reason[:REASON_LENGTH]))
    try:
        yield
    finally:
        _current.reset(token)


@receiver(pre_create_historical_record)
def _name_the_change(*, history_instance: Any, **_: Any) -> None:
    """Every version saved inside `change_record` says who and why, even where a service said neither."""
    change = _current.get()
    if change is None:
        return
    if history_instance.history_user_id is None:
        history_instance.history_user = change.user
    if not history_instance.history_change_reason:
        history_instance.history_change_reason = change.reason


def follow_ups() -> list[Callable[..., None]]:
    return [import_string(path) for path in settings.KINMAP_RECORD_FOLLOW_UPS]


def change_record(
    *,
    staff: StaffMember,
    user: AbstractBaseUser,
    child: Child | None,
    reason: str,
    change: Callable[[], T],
    do: Do = Do.RECORD,
) -> T:
    """Change a child's record: check the policy, run `change` (a service call) in one transaction
    with `reason` on its history, and run the follow-ups once it is committed.

    `child` is None only when the change makes the child (`do=Do.ADD_CHILD`); `change` then
    returns the new Child. A follow-up that fails is logged and does not undo the change (the
    nightly re-check catches up); the change itself is kept or refused as a whole.
    """
    policy.check(staff=staff, do=do, child=child)
    with transaction.atomic(), _history(user=user, reason=reason):
        result = change()
        made = child if child is not None else result
        if not isinstance(made, Child):
            raise TypeError("change_record without a child needs a change that makes one")
        for follow_up in follow_ups():
            transaction.on_commit(_for_child(follow_up, made.pk), robust=True)
    return result


def _for_child(follow_up: Callable[..., None], child_id: int) -> Callable[[], None]:
    # A function, not a functools.partial: Django names a failing robust callback by its __qualname__.
    def run() -> None:
        follow_up(child_id=child_id)

    run.__qualname__ = f"{follow_up.__module__}.{follow_up.__qualname__}"
    return run
