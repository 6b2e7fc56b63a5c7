"""The pack format: a council's vocabulary, meeting types and practice rules, as pydantic models.

A pack is `packs/<name>.yaml`. It may `extend` another pack (its rules, meetings and vocabulary are
inherited; `removed` drops inherited rule ids; a rule with the same id replaces the inherited one).
docs/packs.md explains each field with examples. Validation errors name the file, the rule id and
the field (see kinmap.rules.packs.load_pack).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator, model_validator

from kinmap.journey.vocabulary import vocabulary

Variant = Annotated[str, Field(pattern=r"^[a-z][a-z_]*$")]
MAPPING_DOMAINS = (
    "harm",  # past: Harm / Wellbeing concerns / Worrying behaviour
    "danger",  # future: Danger / Critical worries
    "complicating_factors",
    "existing_strengths",
    "existing_safety",  # Existing safety / wellbeing / success / stability
    "goals",  # Safety / Wellbeing / Success / Stability goals
    "next_steps",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """Where a rule comes from: the handbook file, its section, the line or page, and its words."""

    file: str = Field(description="Handbook file in shared/seeds, or the statutory guidance title")
    section: str
    line: int | None = Field(default=None, description="Line of the handbook text file")
    page: str | None = Field(default=None, description="Page or paragraph as the source numbers it")
    quote: str = Field(min_length=10, description="Verbatim words of the source")


class EventCondition(_Strict):
    """An event of a type whose attributes equal the given values (a list means 'any of')."""

    event: str
    where: dict[str, Any] = Field(default_factory=dict)
    refers_to_trigger: bool = Field(
        default=False, description="The event must refer to the trigger event (a report for a meeting)"
    )

    @model_validator(mode="after")
    def _known_event(self) -> EventCondition:
        spec = vocabulary().event_types.get(self.event)
        if spec is None:
            raise ValueError(f"unknown event type '{self.event}' (see docs/vocabulary.md)")
        for name in self.where:
            if name not in spec.attributes:
                known = ", ".join(spec.attributes) or "none"
                raise ValueError(f"event '{self.event}' has no attribute '{name}' (it has: {known})")
        return self


DeadlineUnit = Literal["hours", "same_day", "working_days", "calendar_days", "weeks", "months"]


class Deadline(_Strict):
    """How long after (or before) the trigger the requirement must be met."""

    amount: int = Field(default=0, ge=0)
    unit: DeadlineUnit
    direction: Literal["after", "before"] = "after"
    days_note: str | None = Field(
        default=None,
        description="Where the handbook says 'days' without saying which, why the pack chose this unit",
    )

    @model_validator(mode="after")
    def _same_day_has_no_amount(self) -> Deadline:
        if self.unit == "same_day" and self.amount not in (0, 1):
            raise ValueError("a same_day deadline takes no amount")
        if self.unit != "same_day" and self.amount == 0 and self.direction == "after":
            raise ValueError("give an amount, or use unit: same_day")
        return self


Since = Literal["previous_trigger", "involvement", "any_time"]


class Requirement(EventCondition):
    """One thing a rule requires: an event condition, with where its evidence may come from, and
    (inside `any_of`) its own deadline."""

    since: Since | None = Field(
        default=None,
        description="For a rule due before its trigger, and for clock_from: which earlier events count. "
        "previous_trigger (the default): only events after the rule's previous trigger in the same "
        "involvement, so old evidence cannot answer a new occasion; involvement: any since the "
        "involvement started; any_time: any in the record",
    )
    deadline: Deadline | None = Field(
        default=None,
        description="Only inside any_of: this way of meeting the requirement has its own deadline "
        "(a phone call the same day, or a face to face meeting within one working day)",
    )


class AnyOf(_Strict):
    """A requirement met by any one of several events, each by its own deadline."""

    any_of: list[Requirement] = Field(min_length=2)


def _need_kind(value: Any) -> str:
    if isinstance(value, AnyOf) or (isinstance(value, dict) and "any_of" in value):
        return "any_of"
    return "event"


# One requirement: an event condition, or any_of several. The tags name the two shapes in errors,
# and kinmap.rules.packs leaves them out of the place it reports (requires[0].where).
Need = Annotated[
    Annotated[Requirement, Tag("event")] | Annotated[AnyOf, Tag("any_of")], Discriminator(_need_kind)
]


class AgeTrigger(_Strict):
    """The clock starts on the day the child reaches this age."""

    years: int = Field(ge=0, le=25)
    months: int = Field(default=0, ge=0, le=11)


class Trigger(_Strict):
    """What starts the clock: an event (optionally only its nth occurrence), or reaching an age."""

    event: str | None = None
    where: dict[str, Any] = Field(default_factory=dict)
    also_events: list[str] = Field(
        default_factory=list,
        description="Other event types that start the rule the same way, as one series of occasions (a "
        "consultation before every conference, initial or review: evidence for one is not the next's)",
    )
    nth: int | None = Field(default=None, ge=1, description="Only the nth such event in the involvement")
    age: AgeTrigger | None = None
    clock_from: Requirement | None = Field(
        default=None,
        description="Count the deadline from the latest such event on or before the trigger (the trigger "
        "says whether the rule applies; this event starts the clock: a conference within 15 working days "
        "of the strategy discussion, once the enquiry has found that one is needed)",
    )

    @model_validator(mode="after")
    def _one_kind(self) -> Trigger:
        if (self.event is None) == (self.age is None):
            raise ValueError("a trigger needs exactly one of 'event' or 'age'")
        if self.event is not None:
            for kind in (self.event, *self.also_events):
                EventCondition(event=kind, where=self.where)
        else:
            if self.also_events:
                raise ValueError("'also_events' belongs to an event trigger, not an age trigger")
            if self.where:
                raise ValueError("'where' belongs to an event trigger, not an age trigger")
            if self.nth is not None:
                raise ValueError("'nth' belongs to an event trigger, not an age trigger")
        return self


class Span(_Strict):
    """A length of time: an amount of a unit."""

    amount: int = Field(ge=1)
    unit: Literal["working_days", "calendar_days", "weeks", "months"]


class Recurrence(_Strict):
    """After the first deadline, the requirement recurs at least this often while the involvement lasts."""

    every: int = Field(ge=1)
    unit: Literal["working_days", "calendar_days", "weeks", "months"]
    ends_after: Span | None = Field(
        default=None,
        description="No period falls due later than this long after the clock started (weekly for the "
        "first four weeks of a placement)",
    )
    ends_with: EventCondition | None = Field(
        default=None,
        description="No period falls due after the first such event following the trigger (monthly "
        "visits to carers end with the placement)",
    )


class AgeRange(_Strict):
    """The rule applies when the child's age at the trigger is in [from_years, to_years)."""

    from_years: float | None = Field(default=None, ge=0)
    to_years: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _from_below_to(self) -> AgeRange:
        if self.from_years is not None and self.to_years is not None and self.from_years >= self.to_years:
            raise ValueError("from_years must be below to_years (the range is [from, to))")
        return self


Standing = Literal["bottom_line", "practice_expectation", "statutory"]


ExpectedStatus = Literal["met", "met_late", "due", "overdue", "not_applicable", "unknown"]


class ExpectedResult(_Strict):
    """One result an example expects the rule to give, in the order the engine gives them."""

    status: ExpectedStatus
    due: date | None = Field(
        default=None, description="The deadline; required for every status but not_applicable and unknown"
    )
    period: int = Field(default=1, ge=1, description="2, 3... for the later periods of a recurring rule")
    met_on: date | None = Field(default=None, description="When given, the day the rule was met")

    @model_validator(mode="after")
    def _due_given(self) -> ExpectedResult:
        if self.due is None and self.status not in ("not_applicable", "unknown"):
            raise ValueError(f"an expected {self.status} result needs its due date (due: YYYY-MM-DD)")
        return self


class RuleExample(_Strict):
    """A small chronology and the results the rule must give for it: the rule's own test.

    `child`, `involvements` and `events` have the shape of the `kinmap check` history file
    (docs/interchange.md) and are read by the same parser; `child.id` may be left out.
    `kinmap packs test` runs every example through the engine.
    """

    name: str = Field(min_length=5, description="What the example shows, e.g. 'overdue: no core group'")
    as_of: date
    child: dict[str, Any] = Field(
        default_factory=dict, description="As the history file's child: birth_date (id optional)"
    )
    involvements: list[dict[str, Any]] = Field(min_length=1, description="As in the history file")
    events: list[dict[str, Any]] = Field(default_factory=list, description="As in the history file")
    expect: list[ExpectedResult] = Field(
        min_length=1, description="Every result the rule gives for this child, in order"
    )

    def history_data(self) -> dict[str, Any]:
        """The example as a history file's content."""
        return {
            "child": {"id": "example", **self.child},
            "involvements": self.involvements,
            "events": self.events,
        }

    @model_validator(mode="after")
    def _a_history(self) -> RuleExample:
        # Imported here: the interchange module builds on this one.
        from kinmap.rules.interchange import HistoryError, validate_history

        try:
            validate_history(self.history_data())
        except HistoryError as exc:
            raise ValueError("; ".join(exc.problems)) from None
        return self


class Rule(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    covers: list[str] = Field(
        default_factory=list,
        description="Catalogue rule ids this rule encodes, when not just its own id (one catalogue rule "
        "may need several pack rules, e.g. the first, second and later looked after reviews)",
    )
    title: str = Field(min_length=5, description="What must happen, in a sentence a practitioner reads")
    standing: Standing
    services: list[str] = Field(min_length=1)
    ages: AgeRange | None = None
    source: Source
    trigger: Trigger
    requires: list[Need] = Field(
        min_length=1, description="All of these must happen within the deadline (any_of: one of several)"
    )
    deadline: Deadline
    recurrence: Recurrence | None = None
    examples: list[RuleExample] = Field(
        default_factory=list,
        description="Chronologies with the results the rule must give (`kinmap packs test` runs them)",
    )

    @field_validator("services")
    @classmethod
    def _known_services(cls, value: list[str]) -> list[str]:
        known = vocabulary().services
        unknown = [s for s in value if s not in known]
        if unknown:
            raise ValueError(f"unknown service area(s): {', '.join(unknown)} (known: {', '.join(known)})")
        return value

    @model_validator(mode="after")
    def _recurrence_fits(self) -> Rule:
        if self.recurrence and self.deadline.direction == "before":
            raise ValueError("a rule due before its trigger cannot recur")
        if self.trigger.clock_from and self.deadline.direction == "before":
            raise ValueError("trigger.clock_from starts a clock that runs forward; it needs direction: after")
        if self.trigger.age and any(c.refers_to_trigger for c in self.conditions()):
            raise ValueError("refers_to_trigger needs an event trigger (an age is not an event)")
        if any(c.deadline is not None for c in self.requires if isinstance(c, Requirement)):
            raise ValueError(
                "a requirement's own deadline belongs inside any_of; the rule's deadline covers the rest"
            )
        for group in self.requires:
            if isinstance(group, AnyOf):
                for option in group.any_of:
                    if option.deadline is not None and option.deadline.direction != self.deadline.direction:
                        raise ValueError("an any_of deadline runs the same way (after, before) as the rule's")
        return self

    def conditions(self) -> list[Requirement]:
        """Every event condition the rule requires, any_of options included."""
        found: list[Requirement] = []
        for group in self.requires:
            found.extend(group.any_of if isinstance(group, AnyOf) else [group])
        return found


class NotEncoded(_Strict):
    """A catalogue rule the pack does not check, and why (not recordable, judged by people...)."""

    id: str
    reason: str = Field(min_length=10)


class EncodedInPart(_Strict):
    """A catalogue rule the pack's rules encode only in part, and what they leave out."""

    id: str = Field(description="The catalogue id; a rule of the pack must have it as its id or in covers")
    left_out: str = Field(
        min_length=10, description="What of the catalogue rule no pack rule checks, and why"
    )


class MeetingType(_Strict):
    """A meeting the council holds, its name in the council's words and its agenda."""

    id: str = Field(description="The event type recorded when the meeting is held")
    name: str
    family_invited: bool = True
    purpose: str | None = None
    agenda: list[str] = Field(default_factory=list)
    source: Source | None = None

    @field_validator("id")
    @classmethod
    def _is_meeting_event(cls, value: str) -> str:
        spec = vocabulary().event_types.get(value)
        if spec is None or not spec.meeting:
            raise ValueError(f"'{value}' is not a meeting event type in the vocabulary")
        return value


class VariantVocabulary(_Strict):
    """Names a variant gives to things: 'Signs of Wellbeing', 'Worry statement', 'Wellbeing goal'."""

    label: str
    statement: str
    goal: str
    columns: dict[str, str] = Field(description="A name for each of the seven mapping domains")

    @field_validator("columns")
    @classmethod
    def _seven_domains(cls, value: dict[str, str]) -> dict[str, str]:
        missing = [d for d in MAPPING_DOMAINS if d not in value]
        extra = [d for d in value if d not in MAPPING_DOMAINS]
        if missing or extra:
            raise ValueError(
                f"columns must name exactly the seven domains {', '.join(MAPPING_DOMAINS)}"
                + (f"; missing {', '.join(missing)}" if missing else "")
                + (f"; unknown {', '.join(extra)}" if extra else "")
            )
        return value


class PackVocabulary(_Strict):
    variants: dict[Variant, VariantVocabulary] = Field(default_factory=dict)
    service_variants: dict[str, Variant] = Field(
        default_factory=dict, description="The variant each service area works in"
    )
    meeting_names: dict[str, str] = Field(default_factory=dict)


class DaysPolicy(_Strict):
    """What the pack reads 'N days' as where the handbook does not say working or calendar."""

    unit: Literal["working_days", "calendar_days"]
    reason: str


class Pack(_Strict):
    pack: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    version: str = Field(pattern=r"^\d{4}\.\d+$", description="YYYY.N, e.g. 2026.1")
    title: str
    extends: str | None = None
    effective_from: date | None = None
    handbook: str | None = Field(default=None, description="The handbook file in shared/seeds")
    catalogue_prefix: str | None = Field(
        default=None, description="Prefix of this handbook's rule ids in shared/research (e.g. 'nld-')"
    )
    days_policy: DaysPolicy | None = None
    vocabulary: PackVocabulary = Field(default_factory=PackVocabulary)
    meeting_types: list[MeetingType] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    inherited_also_in: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Service area -> inherited rule ids that also apply there (Bexley's disabled "
        "children's team holds child protection work: England's section 47 and conference rules apply "
        "in `disabilities` too), without copying the rules",
    )
    not_encoded: list[NotEncoded] = Field(default_factory=list)
    encoded_in_part: list[EncodedInPart] = Field(
        default_factory=list,
        description="Catalogue rules the pack's rules encode only in part, each with what is left out",
    )

    @model_validator(mode="after")
    def _unique_ids(self) -> Pack:
        lists = (
            ("rule", [r.id for r in self.rules]),
            ("not_encoded", [n.id for n in self.not_encoded]),
            ("encoded_in_part", [n.id for n in self.encoded_in_part]),
        )
        for name, ids in lists:
            seen: set[str] = set()
            for rid in ids:
                if rid in seen:
                    raise ValueError(f"{name} id '{rid}' appears twice")
                seen.add(rid)
        both = {r.id for r in self.rules} & {n.id for n in self.not_encoded}
        if both:
            raise ValueError(f"ids both encoded and not encoded: {', '.join(sorted(both))}")
        encoded = {r.id for r in self.rules} | {c for r in self.rules for c in r.covers}
        for entry in self.encoded_in_part:
            if entry.id in {n.id for n in self.not_encoded}:
                raise ValueError(f"'{entry.id}' is both encoded in part and not encoded")
            if entry.id not in encoded:
                raise ValueError(
                    f"encoded_in_part '{entry.id}': no rule has it as its id or in covers "
                    "(list it in not_encoded if nothing encodes it)"
                )
        return self
