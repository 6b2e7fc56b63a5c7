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

from django.db import models, transaction
from simple_history.utils import bulk_create_with_history

from kinmap.journey.models import Event, Involvement, Transfer
from kinmap.people.models import Child, Household, NetworkMember, Person, Relationship

BATCH_SIZE = 2000
# The fields whose earlier values a demo record's history keeps, by model.
VERSIONED = {"Involvement": ("team", "lead_practitioner", "ended_on", "end_reason"), "Person": ("household",)}


def stamp(obj: Any, *, at: datetime, user: Any) -> None:
    """Say when a record was made and by whom, for the record itself and its first history row."""
    obj.created_at = at
    obj.created_by = user
    obj._history_date = at
    obj._history_user = user


def add_version(obj: Involvement | Person, *, at: datetime, user: Any, reason: str) -> None:
    """Remember the record as it now stands, for its history (related records are kept as objects:
    they may not have a primary key until they are written)."""
    versions = obj.__dict__.setdefault("_versions", [])
    versions.append((at, user, reason, {name: getattr(obj, name) for name in VERSIONED[type(obj).__name__]}))


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
            moved = [p for p in self.people if "_versions" in p.__dict__]
            stayed = [p for p in self.people if "_versions" not in p.__dict__]
            for objs, model, versioned in (
                (self.households, Household, False), (stayed, Person, False), (moved, Person, True),
                (self.children, Child, False), (self.relationships, Relationship, False),
                (self.network, NetworkMember, False), (self.involvements, Involvement, True),
            ):
                if objs and versioned:
                    model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
                    _versioned_history(objs, model)
                elif objs:
                    bulk_create_with_history(objs, model, batch_size=BATCH_SIZE)
            Transfer.objects.bulk_create(self.transfers, batch_size=BATCH_SIZE)
            # An event that refers to another (a report for a conference) goes in after it.
            Event.objects.bulk_create([e for e in self.events if e.refers_to is None], batch_size=BATCH_SIZE)
            Event.objects.bulk_create([e for e in self.events if e.refers_to is not None],
                                      batch_size=BATCH_SIZE)
        return self.counts()


def _versioned_history(objs: list, model: type[Involvement] | type[Person]) -> None:
    """One history row for each remembered version: '+' for the first, '~' for each change."""
    historical = model.history.model  # type: ignore[attr-defined]
    fields = {f.name: f for f in historical.tracked_fields}
    rows = []
    for obj in objs:
        final = {f.attname: getattr(obj, f.attname) for f in fields.values()}
        for i, (at, user, reason, state) in enumerate(obj.__dict__["_versions"]):
            values = dict(final)
            for name, value in state.items():
                values[fields[name].attname] = value.pk if isinstance(value, models.Model) else value
            rows.append(historical(**values, history_date=at, history_user=user, history_change_reason=reason,
                                   history_type="+" if i == 0 else "~"))
    historical.objects.bulk_create(rows, batch_size=BATCH_SIZE)
