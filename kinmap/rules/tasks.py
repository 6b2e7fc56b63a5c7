"""The rules app's background jobs, on the huey task queue (decision 0220).

A council-wide re-check runs every night, so that new periods of recurring rules and duties that
fall due appear on worklists, and after a change of pack. `kinmap worker` runs the jobs; a Recheck
row records each one, and the pack page shows its progress.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import close_db, db_periodic_task, db_task, on_startup

from kinmap.councils.models import Council
from kinmap.rules import services
from kinmap.rules.models import Recheck

NIGHTLY = crontab(hour="2", minute="0")  # in settings.TIME_ZONE: before anyone starts work


@db_task()
def recheck_council(recheck_id: int) -> None:
    """Run the queued re-check (services.recheck_run counts its progress and records a failure)."""
    recheck = Recheck.objects.filter(pk=recheck_id).first()
    if recheck is not None and recheck.state == "queued":
        services.recheck_run(recheck=recheck)


@on_startup()
@close_db
def interrupted_rechecks() -> None:
    """When the worker starts, a re-check still marked as running was cut short when it last
    stopped: say so, so that the pack page stops waiting for it (the next night checks again)."""
    Recheck.objects.filter(started_at__isnull=False, finished_at__isnull=True).update(
        failure="Stopped before it finished: the job runner was stopped while it ran. "
        "Choose the pack again, or wait for the nightly re-check.",
        finished_at=timezone.now(),
    )


def queue_recheck(*, council: Council, as_of: date, reason: Recheck.Reason) -> Recheck:
    """Queue a council-wide re-check once the current transaction commits (so the job reads what it
    committed), and return its Recheck, which says it is waiting."""
    recheck = services.recheck_queued(council=council, as_of=as_of, reason=reason)
    transaction.on_commit(lambda: recheck_council(recheck.pk))
    return recheck


@db_periodic_task(NIGHTLY)
def nightly_recheck() -> None:
    """Queue a re-check of every council as of today."""
    today = timezone.localdate()
    for council in Council.objects.order_by("name"):
        queue_recheck(council=council, as_of=today, reason=Recheck.Reason.NIGHTLY)  # type: ignore[arg-type]
