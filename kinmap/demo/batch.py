"""Writing demo records in bulk, with history rows dated and signed as if each record was made by hand.

Records are built in memory a thousand children at a time. People and involvements, which others
point at, are inserted with bulk_create (which gives them their primary keys); events, what Kinmap
made behind them (kinmap.demo.artefacts) and history rows, the bulk of a large council, go in from plain
tuples (executemany; COPY on PostgreSQL) with their ids reserved first (`reserve_ids`), values adapted
as each field would (see docs/decisions/0152-demo-bulk-writes.md and 0155). Every record with history
gets one history row per version: '+' when it was made, '~' for each change the demo makes to it (an
involvement moved to another team or ended, a child who moved home, a statement shared then agreed).
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

from kinmap.demo.artefacts import ChildArtefacts, make_artefacts
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
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
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
    # What Kinmap made that the event records (kinmap.demo.artefacts): the model label and its id.
    artefact_type: str = ""
    artefact_id: int | None = None


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
    # What the mapping services already made for some children (by id), for their artefacts to carry on.
    known: dict[int, ChildArtefacts] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in self.__dataclass_fields__ if name != "known"}

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
            for event, pk in zip(self.events, reserve_ids(Event, len(self.events)), strict=True):
                event.pk = pk
            made = make_artefacts(self.events, known=self.known)
            _events(self.events)
            made.write()
        return self.counts()


def insert_rows(model: type[models.Model], fields: list, rows: list[tuple]) -> None:
    """Insert plain rows of values for `fields`, each value adapted for the database as its field would:
    COPY on PostgreSQL, executemany elsewhere."""
    db = connections[router.db_for_write(model)]
    # Only the columns whose values need adapting are touched (most go to the driver as they are).
    adapting = [(i, a) for i, a in enumerate(_adapter(f, db) for f in fields) if a is not None]

    def adapted(row: tuple) -> tuple:
        values = list(row)
        for i, adapt in adapting:
            if values[i] is not None:
                values[i] = adapt(values[i])
        return tuple(values)

    prepared = (adapted(row) for row in rows) if adapting else iter(rows)
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


def insert_records(model: type[models.Model], records: list) -> None:
    """Insert rows made by kinmap.demo.artefacts.record (each field by its attname), and their history."""
    if not records:
        return
    fields = list(model._meta.concrete_fields)
    insert_rows(model, fields, list(map(operator.attrgetter(*(f.attname for f in fields)), records)))
    _history(model, records)


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
    extra = ("history_id", "history_date", "history_change_reason", "history_type", "history_user")
    fields = historical._meta.concrete_fields
    tracked = [f for f in fields if f.name not in extra]
    # simple_history puts its own columns after the record's: a row is the record's values, then those.
    assert [f.name for f in fields[len(tracked) :]] == list(extra), historical
    position = {f.name: i for i, f in enumerate(tracked)}
    values_of = operator.attrgetter(*(f.attname for f in tracked))
    rows = []
    for obj in objs:
        base = values_of(obj)
        versions = obj.__dict__.get("_versions") or [(obj._history_date, obj._history_user, "", {})]
        for i, (when, user, reason, state) in enumerate(versions):
            values = base
            if state:
                changed = list(base)
                for name, value in state.items():
                    changed[position[name]] = value.pk if isinstance(value, models.Model) else value
                values = tuple(changed)
            rows.append(
                (
                    *values,
                    uuid.UUID(int=_history_ids.getrandbits(128), version=4),
                    when,
                    reason or None,
                    "+" if i == 0 else "~",
                    user.pk if user is not None else None,
                )
            )
    insert_rows(historical, list(fields), rows)


def _events(events: list[EventRow]) -> None:
    """Every column of journey.Event: the row's values (its id reserved), and each other field's default."""
    fields = list(Event._meta.concrete_fields)
    getters = [_event_getter(f) for f in fields]
    insert_rows(Event, fields, [tuple(get(e) for get in getters) for e in events])


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """Primary keys for `count` new rows of the model, taken from its sequence before the rows are
    written, so that rows pointing at each other go in together (executemany; COPY on PostgreSQL).
    On SQLite, the one writer, they follow the highest id in use, ever given, or reserved."""
    if not count:
        return []
    db = connections[router.db_for_write(model)]
    table, column = model._meta.db_table, model._meta.pk.column
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        qn = db.ops.quote_name
        cursor.execute(f"SELECT COALESCE(MAX({qn(column)}), 0) FROM {qn(table)}")
        highest = max(cursor.fetchone()[0], _handed.get(table, 0))
        if db.vendor == "sqlite":
            cursor.execute("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = %s", [table])
            highest = max(highest, cursor.fetchone()[0])
    _handed[table] = highest + count
    return list(range(highest + 1, highest + 1 + count))


_handed: dict[str, int] = {}  # the highest id reserved so far, by table (some not written yet)


def _event_getter(field: models.Field) -> Callable[[EventRow], Any]:
    if field.primary_key:
        return operator.attrgetter("pk")
    if field.name in ("child", "involvement", "refers_to", "recorded_by"):
        name = field.name
        return lambda e: getattr(getattr(e, name), "pk", None)
    if field.name in EventRow.__dataclass_fields__:
        return operator.attrgetter(field.name)
    default = field.get_default()
    return lambda e: default
