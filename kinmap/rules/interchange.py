"""The interchange: the history file `kinmap check` reads, and what `kinmap rules` and `check` print.

These pydantic models are the contract with councils' analysts. docs/interchange.md explains them,
docs/schemas/*.json are generated from them (`kinmap packs schemas`), and a test keeps the two
equal. Only ever add optional fields: scripts in councils read these files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Hashable
from datetime import date, time
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from kinmap.journey.vocabulary import event_label as vocabulary_label
from kinmap.journey.vocabulary import vocabulary
from kinmap.rules import engine
from kinmap.rules.deadlines import describe
from kinmap.rules.labels import missing_text, pack_event_labels
from kinmap.rules.schema import (
    AgeRange,
    Deadline,
    Need,
    Recurrence,
    Rule,
    Source,
    Standing,
    Trigger,
)


def _iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"must be a date written YYYY-MM-DD, e.g. 2026-03-31 (got {json.dumps(value)})")
    return value


def _iso_time(value: Any) -> Any:
    if isinstance(value, time):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{2}:\d{2}(:\d{2})?", value):
        raise ValueError(f"must be a time written HH:MM, e.g. 09:30 (got {json.dumps(value)})")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
IsoTime = Annotated[time, BeforeValidator(_iso_time)]
Id = Annotated[str | int, Field(description="An identifier of your choosing: a string or a whole number")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- The history file ---------------------------------------------------------------------------


class HistoryChild(_Strict):
    id: Id
    birth_date: IsoDate | None = Field(default=None, description="Needed by rules triggered by an age")


class HistoryInvolvement(_Strict):
    """A stretch of the child's journey with one service area (see docs/vocabulary.md)."""

    id: Id | None = Field(default=None, description="Optional; results name it (else its position, from 0)")
    service: str
    start: IsoDate
    end: IsoDate | None = Field(default=None, description="Leave out while the involvement is open")

    @field_validator("service")
    @classmethod
    def _known_service(cls, value: str) -> str:
        if value not in vocabulary().services:
            known = ", ".join(vocabulary().services)
            raise ValueError(f"'{value}' is not a service area (known: {known}; see docs/vocabulary.md)")
        return value


class HistoryEvent(_Strict):
    """Something that happened, of a type from docs/vocabulary.md."""

    id: Id
    type: str
    date: IsoDate
    time: IsoTime | None = Field(default=None, description="Only rules counted in hours use it")
    refers_to: Id | None = Field(
        default=None, description="The id of the event this one is for (a report shared for a conference)"
    )
    corrects: Id | None = Field(
        default=None,
        description="The id of an event this one replaces; the replaced event is left out of every check",
    )
    attributes: dict[str, Any] = Field(default_factory=dict)

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        spec = vocabulary().event_types.get(value)
        if spec is None:
            raise ValueError(f"'{value}' is not an event type (see docs/vocabulary.md)")
        if spec.generated:
            raise ValueError(f"'{value}' is made from the involvements; give the involvement instead")
        return value


class History(_Strict):
    """The file given to `kinmap check --history`."""

    child: HistoryChild
    involvements: list[HistoryInvolvement]
    events: list[HistoryEvent]


class HistoryError(Exception):
    """A history file that cannot be checked; each problem names the file and the JSON path."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def _path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(the file)"


def _error_message(error: Any) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a field of the history file (see docs/interchange.md)"
    message = str(error.get("msg", ""))
    return message.removeprefix("Value error, ")


def _cross_check(history: History) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    seen: dict[Hashable, int] = {}
    for i, event in enumerate(history.events):
        if event.id in seen:
            problems.append(
                (f"events[{i}].id", f"{json.dumps(event.id)} is also the id of events[{seen[event.id]}]")
            )
        seen.setdefault(event.id, i)
    for i, event in enumerate(history.events):
        for name in ("refers_to", "corrects"):
            target = getattr(event, name)
            if target is not None and target not in seen:
                problems.append(
                    (f"events[{i}].{name}", f"no event in this file has the id {json.dumps(target)}")
                )
            elif target is not None and target == event.id:
                problems.append((f"events[{i}].{name}", "an event cannot point at itself"))
        for message in vocabulary().check_attributes(event.type, event.attributes):
            problems.append((f"events[{i}].attributes", message))
    for i, inv in enumerate(history.involvements):
        if inv.end is not None and inv.end < inv.start:
            problems.append((f"involvements[{i}].end", f"{inv.end} is before the start, {inv.start}"))
    return problems


def read_history(path: Path | str, *, name: str | None = None) -> History:
    """Read and check a history file; raise HistoryError naming the file and each bad place."""
    shown = name or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise HistoryError([f"{shown}: cannot be read: {exc.strerror or exc}"]) from None
    return parse_history(text, name=shown)


def parse_history(text: str, *, name: str = "history.json") -> History:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise HistoryError(
            [f"{name}: line {exc.lineno} column {exc.colno}: not valid JSON: {exc.msg}"]
        ) from None
    if not isinstance(data, dict):
        raise HistoryError(
            [f"{name}: the file must hold one JSON object with child, involvements and events"]
        )
    try:
        return validate_history(data)
    except HistoryError as exc:
        raise HistoryError([f"{name}: {problem}" for problem in exc.problems]) from None


def validate_history(data: dict[str, Any]) -> History:
    """A history already read (from JSON, or a pack rule's example), checked; problems name each place."""
    try:
        history = History.model_validate(data)
    except ValidationError as exc:
        raise HistoryError([f"{_path(e['loc'])}: {_error_message(e)}" for e in exc.errors()]) from None
    problems = _cross_check(history)
    if problems:
        raise HistoryError([f"{where}: {message}" for where, message in problems])
    return history


def child_record(history: History) -> engine.ChildRecord:
    """The history as the engine's input."""
    return engine.ChildRecord(
        id=history.child.id,
        birth_date=history.child.birth_date,
        involvements=[
            engine.Involvement(
                id=inv.id if inv.id is not None else i, service=inv.service, start=inv.start, end=inv.end
            )
            for i, inv in enumerate(history.involvements)
        ],
        events=[
            engine.Event(
                id=e.id,
                type=e.type,
                on=e.date,
                at=e.time,
                attributes=e.attributes,
                refers_to=e.refers_to,
                corrects=e.corrects,
            )
            for e in history.events
        ],
    )


# --- What the commands print --------------------------------------------------------------------

Status = Literal["met", "met_late", "due", "overdue", "unknown", "not_applicable"]
Reason = Literal["no_involvement", "no_trigger", "involvement_ended"]


class RuleOut(_Strict):
    id: str
    title: str
    standing: Standing
    services: list[str]
    ages: AgeRange | None = Field(
        default=None, description="The child's age on the trigger date, [from_years, to_years); null: any age"
    )
    quote: str
    source: Source
    deadline: Deadline
    deadline_text: str = Field(description="The deadline in words")
    trigger: Trigger
    requires: list[Need]
    recurrence: Recurrence | None = None
    covers: list[str] = Field(default_factory=list)


class RulesOutput(_Strict):
    """What `kinmap rules --pack P --format json` prints."""

    pack: str
    version: str
    sha256: str = Field(description="Hash of the resolved pack; results name it")
    title: str
    rules: list[RuleOut]


class MissingOut(_Strict):
    """The fact an unknown result needs: which event lacks which attribute, and what to record."""

    event: Id | None = Field(description="The id of the event that lacks the fact")
    event_type: str
    attribute: str | None = Field(description="The attribute the event lacks, or records as not_known")
    on: date | None = Field(description="The event's date")
    text: str = Field(description="What to record, in words: 'Record the outcome of the ... on 20 April'")


class ResultOut(_Strict):
    rule: str
    title: str
    status: Status
    period: int = Field(
        description="1 for the first deadline; 2, 3... for each later period of a recurring rule"
    )
    due: date | None = Field(description="The deadline (not given when not applicable)")
    met_on: date | None = Field(description="When the last requirement was met")
    evidence: Id | None = Field(description="The id of the event that met it (null for a generated event)")
    trigger: Id | None = Field(description="The id of the event that started the clock, if it has one")
    trigger_on: date | None
    involvement: Id | None = Field(description="The involvement's id, or its position in the file from 0")
    reason: Reason | None = Field(description="Why a result is not applicable")
    quote: str
    missing: MissingOut | None = Field(
        default=None, description="Only for an unknown result: the fact the record lacks"
    )


class CheckOutput(_Strict):
    """What `kinmap check --history FILE --format json` prints."""

    child: HistoryChild
    pack: str
    pack_version: str
    pack_sha256: str
    as_of: date
    results: list[ResultOut]


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def deadline_text(rule: Rule, names: dict[str, str] | None = None) -> str:
    """The rule's deadline in words, for tables and pages; events named as `names` gives them (the
    pack's own words, from kinmap.rules.labels.pack_event_labels), else as the vocabulary does."""

    def event_label(key: str) -> str:
        return names.get(key, key) if names is not None else vocabulary_label(key)

    trig = rule.trigger
    if trig.age is not None:
        months = f" {trig.age.months} months" if trig.age.months else ""
        start = f"reaching age {trig.age.years}{months}"
    else:
        start = " or ".join(event_label(kind) for kind in (trig.event or "", *trig.also_events))
        if trig.nth:
            start = f"{start} (the {_ordinal(trig.nth)})"
        if trig.clock_from is not None:
            start = f"{event_label(trig.clock_from.event)} (when {start.lower()} is recorded)"
    every = (rule.recurrence.every, rule.recurrence.unit) if rule.recurrence else None
    d = rule.deadline
    return describe(amount=d.amount, unit=d.unit, direction=d.direction, every=every, counted_from=start)


def rules_output(pack: Any, sha256: str) -> RulesOutput:
    names = pack_event_labels(pack)
    return RulesOutput(
        pack=pack.pack,
        version=pack.version,
        sha256=sha256,
        title=pack.title,
        rules=[
            RuleOut(
                id=r.id,
                title=r.title,
                standing=r.standing,
                services=r.services,
                ages=r.ages,
                quote=r.source.quote,
                source=r.source,
                deadline=r.deadline,
                deadline_text=deadline_text(r, names),
                trigger=r.trigger,
                requires=r.requires,
                recurrence=r.recurrence,
                covers=r.covers,
            )
            for r in pack.rules
        ],
    )


def check_output(
    *, history: History, pack: Any, sha256: str, as_of: date, results: list[engine.Result]
) -> CheckOutput:
    rules = {r.id: r for r in pack.rules}
    return CheckOutput(
        child=history.child,
        pack=pack.pack,
        pack_version=pack.version,
        pack_sha256=sha256,
        as_of=as_of,
        results=[
            ResultOut.model_validate(
                {
                    "rule": r.rule_id,
                    "title": rules[r.rule_id].title,
                    "status": r.status,
                    "period": r.period,
                    "due": r.due_on,
                    "met_on": r.met_on,
                    "evidence": r.evidence,
                    "trigger": r.trigger_event,
                    "trigger_on": r.trigger_on,
                    "involvement": r.involvement,
                    "reason": r.reason,
                    "quote": rules[r.rule_id].source.quote,
                    "missing": _missing_out(r.missing),
                }
            )
            for r in results
        ],
    )


def _missing_out(missing: engine.Missing | None) -> dict[str, Any] | None:
    if missing is None:
        return None
    return {
        **missing._asdict(),
        "text": missing_text(event_type=missing.event_type, attribute=missing.attribute, on=missing.on),
    }


REASON_WORDS = {
    engine.NO_INVOLVEMENT: "no involvement with its service areas",
    engine.NO_TRIGGER: "nothing has started the clock",
    engine.INVOLVEMENT_ENDED: "the involvement ended before the deadline",
}


def table(headers: list[str], rows: list[list[str]]) -> str:
    """Rows as aligned plain-text columns, for `--format text`."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "\n".join(lines)


def schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schemas published in docs/schemas/, by file name."""
    from kinmap.rules.schema import Pack

    made = {
        "history.schema.json": History.model_json_schema(mode="validation"),
        "check-output.schema.json": CheckOutput.model_json_schema(mode="serialization"),
        "rules-output.schema.json": RulesOutput.model_json_schema(mode="serialization"),
        "pack.schema.json": Pack.model_json_schema(mode="validation"),
    }
    for schema in made.values():
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return made


def write_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = directory / name
        path.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return written
