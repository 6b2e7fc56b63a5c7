"""Writing demo records in bulk, with history rows dated and signed as if each record was made by hand.

Records are built in memory a few hundred families at a time and inserted with bulk_create;
models with history get their history rows in the same pass (simple_history's
bulk_create_with_history reads each object's `_history_date` and `_history_user`). An involvement's
history has one row per version: opened, moved to another team or practitioner, ended.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from kinmap.journey.models import Event, Involvement, Transfer
from kinmap.people.models import Child, Household, NetworkMember, Person, Relationship

BATCH_SIZE = 2000
VERSIONED = ("team_id", "lead_practitioner_id", "ended_on", "end_reason")


def stamp(obj: Any, *, at: datetime, user: Any) -> None:
    """Say when a record was made and by whom, for the record itself and its first history row."""
    obj.created_at = at
    obj.created_by = user
    obj._history_date = at
    obj._history_user = user


def add_version(involvement: Involvement, *, at: datetime, user: Any, reason: str) -> None:
    """Remember the involvement as it now stands, for its history."""
    versions = involvement.__dict__.setdefault("_versions", [])
    versions.append((at, user, reason, {name: getattr(involvement, name) for name in VERSIONED}))


@dataclass
class Batch:
    households: list[Household] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    children: list[Child] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    network: list[NetworkMember] = field(default_factory=list)
    involvements: list[Involvement] = field(default_factory=list)
    transfers: list[Transfer] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in self.__dataclass_fields__}

    def write(self) -> dict[str, int]:
        """Insert everything in the batch, parents before the records that point at them."""
        with transaction.atomic():
            for objs, model in ((self.households, Household), (self.people, Person), (self.children, Child),
                                (self.relationships, Relationship), (self.network, NetworkMember)):
                if objs:
                    bulk_create_with_history(objs, model, batch_size=BATCH_SIZE)
            Involvement.objects.bulk_create(self.involvements, batch_size=BATCH_SIZE)
            _involvement_history(self.involvements)
            Transfer.objects.bulk_create(self.transfers, batch_size=BATCH_SIZE)
            # An event that refers to another (a report for a conference) goes in after it.
            Event.objects.bulk_create([e for e in self.events if e.refers_to is None], batch_size=BATCH_SIZE)
            Event.objects.bulk_create([e for e in self.events if e.refers_to is not None],
                                      batch_size=BATCH_SIZE)
        return self.counts()


def _involvement_history(involvements: list[Involvement]) -> None:
    historical = Involvement.history.model  # type: ignore[attr-defined]
    names = [f.attname for f in historical.tracked_fields]
    rows = []
    for involvement in involvements:
        final = {name: getattr(involvement, name) for name in names}
        for i, (at, user, reason, state) in enumerate(involvement.__dict__.get("_versions", ())):
            rows.append(historical(
                **{**final, **state}, history_date=at, history_user=user, history_change_reason=reason,
                history_type="+" if i == 0 else "~",
            ))
    historical.objects.bulk_create(rows, batch_size=BATCH_SIZE)
