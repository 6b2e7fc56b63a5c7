"""Writing demo records in bulk, with history rows dated and signed as if each record was made by hand.

Records are built in memory a thousand children at a time. Records that others point at are
inserted with bulk_create (which gives them their primary keys); events and history rows, the bulk of
a large council, go in from plain tuples (executemany; COPY on PostgreSQL), values adapted as each
field would (see docs/decisions/0152-demo-bulk-writes.md). Every record with history gets one history row per
version: '+' when it was made, '~' for each change the demo makes to it (an involvement moved to
another team or ended, a child who moved home).
"""

from __future__ import annotations

import functools
import itertools
import operator
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db import connections, models, router, transaction

from kinmap.journey.models import Event, Involvement, Transfer
from kinmap.people.models import Child, Household, NetworkMember, Person, Relationship

INSERT_BATCH = 2000
# The fields whose earlier values a demo record's history keeps, by model.
VERSIONED = {"Involvement": ("team", "lead_practitioner", "ended_on", "end_reason"), "Person": ("household",)}
# Field types whose Python values the database drivers take as they are.
PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "BooleanField",
    "CharField",
    "EmailField",
    "ForeignKey",
    "IntegerField",
    "BigIntegerField",
    "OneToOneField",
    "PositiveIntegerField",
    "SlugField",
    "TextField",
}


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


@dataclass(slots=True, eq=False)
class EventRow:
    """An event waiting to be written (a light stand-in for journey.Event, which large councils have
    hundreds of thousands of)."""

    child: Child
    involvement: Involvement
    type: str
    occurred_on: date
    occurred_at_time: time | None
    attributes: dict
    refers_to: EventRow | None
    summary: str
    recorded_by: Any
    recorded_at: datetime
    referred_to: bool = False
    pk: int | None = None


@dataclass
class Batch:
    households: list[Household] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    children: list[Child] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    network: list[NetworkMember] = field(default_factory=list)
    involvements: list[Involvement] = field(default_factory=list)
    transfers: list[Transfer] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in self.__dataclass_fields__}

    def write(self) -> dict[str, int]:
        """Insert everything in the batch, each record after the records it points at."""
        with transaction.atomic():
            for objs, model in (
                (self.households, Household),
                (self.people, Person),
                (self.children, Child),
                (self.relationships, Relationship),
                (self.network, NetworkMember),
                (self.involvements, Involvement),
            ):
                model.objects.bulk_create(objs, batch_size=INSERT_BATCH)
                _history(model, objs)
            Transfer.objects.bulk_create(self.transfers, batch_size=INSERT_BATCH)
            _events(self.events)
        return self.counts()


def insert_rows(model: type[models.Model], fields: list, rows: list[tuple]) -> None:
    """Insert plain rows of values for `fields`, each value adapted for the database as its field would:
    COPY on PostgreSQL, executemany elsewhere."""
    db = connections[router.db_for_write(model)]
    adapters = [_adapter(f, db) for f in fields]
    prepared = (
        tuple(v if a is None or v is None else a(v) for v, a in zip(row, adapters, strict=True))
        for row in rows
    )
    qn = db.ops.quote_name
    table, columns = qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields)
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in prepared:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        while chunk := list(itertools.islice(prepared, INSERT_BATCH)):
            cursor.executemany(sql, chunk)


def _adapter(field: models.Field, db: Any) -> Callable[[Any], Any] | None:
    """What the field's get_db_prep_save does to a value of the right type, for this database."""
    kind = field.get_internal_type()
    if kind in PLAIN_TYPES:
        return None
    if kind in ("DateField", "DateTimeField", "TimeField"):  # few distinct values: adapt each once
        return functools.cache(getattr(db.ops, f"adapt_{kind[:-5].lower()}field_value"))
    if kind == "UUIDField":
        return None if db.features.has_native_uuid_field else operator.attrgetter("hex")
    if kind == "JSONField":
        return functools.partial(db.ops.adapt_json_value, encoder=field.encoder)
    return functools.partial(field.get_db_prep_save, connection=db)


_history_ids = random.Random()  # history rows' UUIDs: random, as simple_history makes them


def _history(model: type[models.Model], objs: list) -> None:
    """The history rows simple_history would make: one per version, dated and signed."""
    historical = model.history.model  # type: ignore[attr-defined]
    extra = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}
    fields = historical._meta.concrete_fields
    tracked = [f for f in fields if f.name not in extra]
    position = {f.name: i for i, f in enumerate(tracked)}
    rows = []
    for obj in objs:
        base = [getattr(obj, f.attname) for f in tracked]
        versions = obj.__dict__.get("_versions") or [(obj._history_date, obj._history_user, "", {})]
        for i, (at, user, reason, state) in enumerate(versions):
            values = list(base)
            for name, value in state.items():
                values[position[name]] = value.pk if isinstance(value, models.Model) else value
            history = {
                "history_id": uuid.UUID(int=_history_ids.getrandbits(128), version=4),
                "history_date": at,
                "history_change_reason": reason or None,
                "history_type": "+" if i == 0 else "~",
                "history_user": user.pk if user is not None else None,
            }
            rows.append(
                tuple(history[f.name] if f.name in extra else values[position[f.name]] for f in fields)
            )
    insert_rows(historical, list(fields), rows)


def _events(events: list[EventRow]) -> None:
    """Events that others refer to go in first, with bulk_create, for their primary keys."""
    referred = [e for e in events if e.referred_to]
    saved = Event.objects.bulk_create(
        [
            Event(
                child_id=e.child.pk,
                involvement_id=e.involvement.pk,
                type=e.type,
                occurred_on=e.occurred_on,
                occurred_at_time=e.occurred_at_time,
                attributes=e.attributes,
                summary=e.summary,
                recorded_by_id=e.recorded_by.pk,
                recorded_at=e.recorded_at,
            )
            for e in referred
        ],
        batch_size=INSERT_BATCH,
    )
    for row, event in zip(referred, saved, strict=True):
        assert row.refers_to is None, "an event that is referred to refers to nothing itself"
        row.pk = event.pk
    # Every column of journey.Event: the row's values, and each other field's default.
    fields = [f for f in Event._meta.concrete_fields if not f.primary_key]
    getters = [_event_getter(f) for f in fields]
    insert_rows(Event, fields, [tuple(get(e) for get in getters) for e in events if not e.referred_to])


def _event_getter(field: models.Field) -> Callable[[EventRow], Any]:
    if field.name in ("child", "involvement", "refers_to", "recorded_by"):
        name = field.name
        return lambda e: getattr(getattr(e, name), "pk", None)
    if field.name in EventRow.__dataclass_fields__:
        return operator.attrgetter(field.name)
    default = field.get_default()
    return lambda e: default
