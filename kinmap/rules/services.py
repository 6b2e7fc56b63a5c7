"""Writes of the rules app: check a child, or a whole council, against its pack and store the results.

A child's stored results are always the complete set from one check, and each row names the pack
version that judged it. A check writes only the difference from what is stored (decision 0221):
rows that are no longer true are deleted, new ones inserted, and each child's set changes inside
one short transaction. Rules that did not apply to the child (no involvement with their services,
nothing started their clock) are not stored: a missing row means "not applicable", and those would
be most of the rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, time
from itertools import groupby
from operator import itemgetter
from types import MappingProxyType
from typing import Any

from django.db import connection, transaction
from django.db.models import DateField, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from kinmap.councils.models import Council
from kinmap.journey.models import Event, Involvement
from kinmap.people.models import Child
from kinmap.rules import engine
from kinmap.rules.models import PackVersion, Recheck, RuleResult
from kinmap.rules.packs import current_pack_version, loaded_pack

BATCH = 2000  # children read per round trip in check_council
WRITE_BATCH = 250  # children whose changes are written in one transaction: how long the write lock is held

_INVOLVEMENT_FIELDS = (
    "id",
    "child_id",
    "service_area",
    "started_on",
    "ended_on",
    "team_id",
    "lead_practitioner_id",
)
_EVENT_FIELDS = (
    "id",
    "child_id",
    "type",
    "occurred_on",
    "occurred_at_time",
    "attributes",
    "refers_to_id",
    "corrects_id",
)
_COLUMNS = (
    "child_id",
    "pack_version_id",
    "rule_id",
    "status",
    "trigger_event_id",
    "trigger_on",
    "period",
    "due_on",
    "met_on",
    "evidence_event_id",
    "involvement_id",
    "practitioner_id",
    "team_id",
    "checked_on",
    "missing_event_id",
    "missing_attribute",
)
# A stored result is kept as it is when every other column is the same: checked_on then says since
# when the result has stood, and Recheck.as_of when it was last confirmed (decision 0221).
_SAME = itemgetter(*(i for i, column in enumerate(_COLUMNS) if column != "checked_on"))


def _events_needed(types: frozenset[str]) -> Q:
    # Corrections are read whatever their type: a correction may change an event's type, and the
    # event it replaces must still be left out.
    return Q(type__in=sorted(types)) | Q(corrects__isnull=False)


_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _event_values(queryset: QuerySet[Event]) -> QuerySet:
    """The values_list of _EVENT_FIELDS that _events_by_child reads.

    On SQLite the date and time are read as text (a cast has no declared type, so the sqlite3
    module's per-value converters, which Django registers for date and time columns, do not run):
    _events_by_child parses them itself, once per distinct value.
    """
    if connection.vendor != "sqlite":
        return queryset.values_list(*_EVENT_FIELDS)
    return queryset.annotate(
        on_text=Cast("occurred_on", TextField()), at_text=Cast("occurred_at_time", TextField())
    ).values_list("id", "child_id", "type", "on_text", "at_text", "attributes", "refers_to_id", "corrects_id")


def _events_by_child(queryset: QuerySet) -> Iterator[tuple[Hashable, list[engine.Event]]]:
    """Each child's engine events, from _event_values ordered by child, read with the cursor directly.

    Django's per-value converters cost more than the engine for a council's million events, so
    dates, times and JSON are converted here instead (SQLite returns text for all three,
    PostgreSQL dates and times as objects and JSON as text). A council's events share a few
    hundred distinct attribute texts and dates, so each is decoded once a call, into a read-only
    mapping that the events share.
    """
    sql, params = queryset.query.sql_with_params()
    loads, day, clock, make = json.loads, date.fromisoformat, time.fromisoformat, engine.Event
    days: dict[str, date] = {}
    decoded: dict[str, Mapping[str, Any]] = {"{}": _EMPTY}
    child: Hashable = None
    found: list[engine.Event] = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(5000):
            for ident, child_id, kind, on, at, attributes, refers_to, corrects in rows:
                if child_id != child:
                    if found:
                        yield child, found
                    child, found = child_id, []
                if type(on) is str:
                    text = on
                    if (on := days.get(text)) is None:
                        on = days[text] = day(text)
                if type(at) is str:
                    at = clock(at)
                if type(attributes) is str:
                    text = attributes
                    if (attributes := decoded.get(text)) is None:
                        attributes = decoded[text] = MappingProxyType(loads(text))
                found.append(make(ident, kind, on, at, attributes or _EMPTY, refers_to, corrects))
    if found:
        yield child, found


def _records(
    children: Iterable[tuple[int, date | None]],
    involvements: Iterable[tuple[Any, ...]],
    events: Iterable[tuple[Hashable, list[engine.Event]]],
) -> Iterator[engine.ChildRecord]:
    """Engine records from rows ordered by child id: children, involvements and each child's events."""
    inv_rows = groupby(involvements, key=itemgetter(1))
    event_groups = iter(events)
    inv_next = next(inv_rows, None)
    event_next = next(event_groups, None)
    for child_id, birth_date in children:
        invs: list[engine.Involvement] = []
        while inv_next is not None and inv_next[0] <= child_id:
            if inv_next[0] == child_id:
                invs = [engine.Involvement(r[0], r[2], r[3], r[4]) for r in inv_next[1]]
            inv_next = next(inv_rows, None)
        evs: list[engine.Event] = []
        while event_next is not None and event_next[0] <= child_id:  # type: ignore[operator]
            if event_next[0] == child_id:
                evs = event_next[1]
            event_next = next(event_groups, None)
        yield engine.ChildRecord(child_id, birth_date, invs, evs)


class _DayText(dict[date | None, str | None]):
    """The ISO text of each date, made once: the bulk writes send dates as text, because the
    sqlite3 module's per-value adapter (which Django registers) was a third of SQLite's insert."""

    def __missing__(self, day: date | None) -> str | None:
        text = self[day] = None if day is None else day.isoformat()
        return text


def _unchanged(day: date | None) -> date | None:
    return day


def _rows(
    child_id: Hashable,
    results: list[engine.Result],
    *,
    version: PackVersion,
    as_of: date,
    leads: dict[Hashable, tuple[int | None, int | None]],
    day: Callable[[date | None], Any] = _unchanged,
) -> Iterator[tuple[Any, ...]]:
    checked_on = day(as_of)
    for r in results:
        team, practitioner = leads.get(r.involvement, (None, None))
        missing = r.missing
        yield (
            child_id,
            version.pk,
            r.rule_id,
            r.status,
            r.trigger_event,
            day(r.trigger_on),
            r.period,
            day(r.due_on),
            day(r.met_on),
            r.evidence,
            r.involvement,
            practitioner,
            team,
            checked_on,
            None if missing is None else missing.event,
            "" if missing is None or missing.attribute is None else missing.attribute,
        )


def check_child(*, child: Child, as_of: date) -> list[RuleResult]:
    """Check one child against their council's current pack; store what changed and return their results.

    Four reads (the child's council and date of birth, the pack version, the involvements, the
    events), then one transaction that reads the stored results and writes only the difference.
    """
    pack_name, birth_date = Child.objects.filter(pk=child.pk).values_list(
        "council__pack_name", "person__date_of_birth").get()
    loaded = loaded_pack(pack_name)
    version = current_pack_version(name=pack_name)
    involvements = list(
        Involvement.objects.current().filter(child_id=child.pk).values_list(*_INVOLVEMENT_FIELDS)
    )
    events = _event_values(
        Event.objects.filter(_events_needed(loaded.rules.event_types), child_id=child.pk).order_by(
            "occurred_on", "id"
        )
    )
    record = next(_records([(child.pk, birth_date)], involvements, _events_by_child(events)))
    results = engine.evaluate(loaded.rules, record, as_of, every_rule=False)
    leads = {row[0]: (row[5], row[6]) for row in involvements}
    day = _DayText().__getitem__
    rows = list(_rows(child.pk, results, version=version, as_of=as_of, leads=leads, day=day))
    _write_changes([child.pk], rows)
    return list(RuleResult.objects.filter(child_id=child.pk))


def _insert(rows: list[tuple[Any, ...]]) -> None:
    """Many results (dates as ISO text) in one statement: COPY on PostgreSQL, executemany on SQLite
    (see decision 0204)."""
    if not rows:
        return
    table = connection.ops.quote_name(RuleResult._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(_COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def _stored_sql(count: int) -> str:
    """SELECT of the stored results of `count` children: the id, then _COLUMNS, dates as ISO text
    (as _rows writes them with _DayText), so a stored row and a new one compare as tuples."""
    quote = connection.ops.quote_name
    selected = [
        f"CAST({quote(c)} AS text)" if isinstance(RuleResult._meta.get_field(c), DateField) else quote(c)
        for c in _COLUMNS
    ]
    marks = ", ".join(["%s"] * count)
    return (
        f"SELECT {quote('id')}, {', '.join(selected)} FROM {quote(RuleResult._meta.db_table)} "
        f"WHERE {quote('child_id')} IN ({marks})"
    )


def _write_changes(child_ids: list[Any], rows: list[tuple[Any, ...]]) -> tuple[int, int]:
    """Make the stored results of these children the given rows (from _rows, dates as text), writing
    only the difference; returns (added, removed).

    The stored rows are read inside the transaction that writes, with the children's rows locked on
    PostgreSQL (SQLite's transactions take the write lock when they begin, see settings), so a
    child checked meanwhile by a colleague's change is never written twice.
    """
    with transaction.atomic():
        if connection.features.has_select_for_update:
            list(Child.objects.select_for_update().filter(pk__in=child_ids).order_by("pk").values_list("pk"))
        stored: dict[tuple[Any, ...], list[int]] = {}
        with connection.cursor() as cursor:
            cursor.execute(_stored_sql(len(child_ids)), child_ids)
            for ident, *row in cursor.fetchall():
                stored.setdefault(_SAME(row), []).append(ident)
        added = []
        for row in rows:
            same = stored.get(_SAME(row))
            if same:
                same.pop()
            else:
                added.append(row)
        removed = [ident for idents in stored.values() for ident in idents]
        for start in range(0, len(removed), 5000):
            RuleResult.objects.filter(pk__in=removed[start : start + 5000]).delete()
        _insert(added)
    return len(added), len(removed)


@contextmanager
def _reading() -> Iterator[None]:
    """Around a batch's reads: on PostgreSQL a read-only transaction that sorts the batch's events in
    memory, not on disk; on SQLite nothing, since a transaction there would take the write lock."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '64MB'")
        yield


@dataclass(frozen=True)
class Checked:
    """What check_council did: children checked, the results they have now, and the rows it wrote."""

    children: int
    results: int
    added: int
    removed: int

    def __add__(self, other: Checked) -> Checked:
        return Checked(
            self.children + other.children,
            self.results + other.results,
            self.added + other.added,
            self.removed + other.removed,
        )


def check_council(
    *,
    council: Council,
    as_of: date,
    children: QuerySet[Child] | None = None,
    progress: Callable[[Checked, int], None] | None = None,
) -> Checked:
    """Check every child of the council against its current pack; store what changed.

    `children` narrows the check to some of the council's children (one team's, say). Children
    are read in batches of BATCH, a handful of queries a batch, and their changes written in
    transactions of WRITE_BATCH children, so colleagues' writes wait a fraction of a second at most
    (decision 0221). Each child's results change at once; the council is re-checked child by child,
    so a page drawn meanwhile may show some children checked and others not yet. `progress(done,
    total)` is told after each write: what has been done so far, and how many children there are.
    Checking the whole council also removes the results of its archived children.
    """
    loaded = loaded_pack(council.pack_name)
    version = current_pack_version(name=council.pack_name)
    chosen = Child.objects.all() if children is None else children
    rows_of_children = list(
        chosen.filter(council=council, archived_at__isnull=True)
        .order_by("id")
        .values_list("id", "person__date_of_birth")
    )
    total = len(rows_of_children)
    needed = _events_needed(loaded.rules.event_types)
    day = _DayText().__getitem__
    done = Checked(0, 0, 0, 0)
    if progress is not None:
        progress(done, total)
    if children is None:
        archived = list(
            RuleResult.objects.filter(child__council=council, child__archived_at__isnull=False)
            .values_list("child_id", flat=True)
            .distinct()
        )
        if archived:
            done += Checked(0, 0, *_write_changes(archived, []))
    for start in range(0, total, BATCH):
        batch = rows_of_children[start : start + BATCH]
        ids = [child_id for child_id, _ in batch]
        with _reading():
            involvements = list(
                Involvement.objects.current()
                .filter(child_id__in=ids)
                .order_by("child_id", "started_on")
                .values_list(*_INVOLVEMENT_FIELDS)
            )
            # The range lets the database walk the (child, date) index instead of scanning every event.
            events = _event_values(
                Event.objects.filter(needed, child_id__in=ids, child_id__gte=ids[0], child_id__lte=ids[-1])
                .order_by("child_id")  # the engine puts each child's events in order itself
            )
            records = list(_records(batch, involvements, _events_by_child(events)))
        leads = {row[0]: (row[5], row[6]) for row in involvements}
        # The engine runs between two writes, so that a colleague waiting for the lock (SQLite's
        # busy handler tries again every 100 ms at most) finds it free before the next write.
        for part in range(0, len(records), WRITE_BATCH):
            some = records[part : part + WRITE_BATCH]
            rows = [
                row
                for record in some
                for row in _rows(
                    record.id,
                    engine.evaluate(loaded.rules, record, as_of, every_rule=False),
                    version=version,
                    as_of=as_of,
                    leads=leads,
                    day=day,
                )
            ]
            added, removed = _write_changes([record.id for record in some], rows)
            done += Checked(len(some), len(rows), added, removed)
            if progress is not None:
                progress(done, total)
    return done


def recheck_queued(*, council: Council, as_of: date, reason: Recheck.Reason) -> Recheck:
    """Record that a council-wide re-check is waiting for the queue (kinmap.rules.tasks runs it)."""
    return Recheck.objects.create(council=council, as_of=as_of, reason=reason)


def recheck_run(*, recheck: Recheck) -> Recheck:
    """Run a queued re-check now, counting its progress on the Recheck as each batch is written.

    A failure is recorded on the Recheck (the pack page shows it) and raised again, so the queue
    logs it too.
    """
    started = timezone.now()
    Recheck.objects.filter(pk=recheck.pk).update(started_at=started)

    def counted(done: Checked, total: int) -> None:
        Recheck.objects.filter(pk=recheck.pk).update(
            children=total,
            children_done=done.children,
            results=done.results,
            added=done.added,
            removed=done.removed,
        )

    try:
        council = Council.objects.get(pk=recheck.council_id)
        checked = check_council(council=council, as_of=recheck.as_of, progress=counted)
    except Exception as exc:
        Recheck.objects.filter(pk=recheck.pk).update(
            failure=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        raise
    counted(checked, checked.children)
    Recheck.objects.filter(pk=recheck.pk).update(finished_at=timezone.now())
    recheck.refresh_from_db()
    return recheck
