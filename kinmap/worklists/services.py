"""Writes of the worklists app: an administrator sets the council's pack."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from kinmap.councils.models import Council
from kinmap.rules.models import PackVersion, Recheck
from kinmap.rules.packs import PackError, available_packs, current_pack_version
from kinmap.rules.tasks import queue_recheck


@dataclass(frozen=True)
class PackChosen:
    version: PackVersion
    changed: bool  # False when the council already worked to this pack (a re-check)
    recheck: Recheck  # the re-check of every child, queued


def choose_pack(*, council: Council, pack_name: str, by: AbstractBaseUser, as_of: date) -> PackChosen:
    """Make `pack_name` the council's pack and queue a re-check of every child against it as it is now.

    The choice is kept in the council's history (who, when, which pack); the pack's content is
    recorded as a PackVersion if it is new, so every result says which version judged it. Choosing
    the pack the council already has checks again: that is how an edited pack file takes effect.
    The re-check runs on the task queue once the choice is committed (decision 0501, revisited), so
    the administrator's request, and colleagues' meanwhile, do not wait for it.
    """
    if pack_name not in available_packs():
        raise ValidationError({"pack_name": f"There is no pack named '{pack_name}'"})
    try:
        version = current_pack_version(name=pack_name)
    except PackError as exc:
        raise ValidationError(
            {"pack_name": f"The {pack_name} pack cannot be used until it is mended: {exc.problems[0]}"}
        ) from exc
    changed = council.pack_name != pack_name
    with transaction.atomic():
        if changed:
            council.pack_name = pack_name
            council._history_user = by  # type: ignore[attr-defined]
            council._change_reason = f"Pack chosen: {version}"  # type: ignore[attr-defined]
            council.save(update_fields=["pack_name"])
        recheck = queue_recheck(council=council, as_of=as_of, reason=Recheck.Reason.PACK_CHANGE)
    return PackChosen(version=version, changed=changed, recheck=recheck)
