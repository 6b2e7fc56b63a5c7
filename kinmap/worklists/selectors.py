"""Reads for the worklist, the child's timescales, the compliance dashboard and the council's pack.

The figures themselves come from kinmap.rules.selectors (`worklist_for`, `compliance`,
`rule_texts`); what is here is what those do not give: next steps joined to the worklist, the
child's results grouped by status, the results behind a dashboard count, and the pack versions
on record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from django.db.models import Count, Q, QuerySet

from kinmap.councils.models import Council, StaffMember, Team
from kinmap.journey.models import Event
from kinmap.journey.vocabulary import vocabulary
from kinmap.mapping.models import NextStep
from kinmap.mapping.selectors import next_steps_for_staff
from kinmap.people.models import Child
from kinmap.rules.deadlines import add_working_days, working_days_between
from kinmap.rules.labels import council_event_labels, missing_text
from kinmap.rules.models import PackVersion, RuleResult, Status
from kinmap.rules.packs import PackError, available_packs, loaded_pack
from kinmap.rules.selectors import (
    ComplianceRow,
    RuleSource,
    RuleText,
    WorklistItem,
    last_rechecked_on,
    rule_texts,
    worklist_for,
)

HORIZON_WORKING_DAYS = 5
COUNTED = (Status.MET, Status.MET_LATE, Status.OVERDUE)  # what `compliance` counts in its totals
SHOWN = (*COUNTED, Status.UNKNOWN)  # and what it counts apart
GroupBy = Literal["rule", "practitioner"]


# --- The practitioner's worklist ------------------------------------------------------------------


@dataclass(frozen=True)
class NextStepItem:
    step: NextStep
    overdue: bool
    working_days_left: int


@dataclass(frozen=True)
class Worklist:
    as_of: date
    horizon: date  # the last day counted as "due soon"
    overdue: list[WorklistItem]
    due: list[WorklistItem]
    next_steps: list[NextStepItem]
    unknown: list[WorklistItem]  # rules that cannot be judged until a fact is recorded

    @property
    def is_empty(self) -> bool:
        return not (self.overdue or self.due or self.next_steps or self.unknown)


def worklist(
    *, staff: StaffMember, as_of: date, horizon_working_days: int = HORIZON_WORKING_DAYS
) -> Worklist:
    """What `staff` must do: overdue and soon-due rule results for the children they lead, and the
    next steps they own that are overdue or due within the same horizon."""
    items = worklist_for(staff=staff, as_of=as_of, horizon_working_days=horizon_working_days)
    horizon = add_working_days(as_of, horizon_working_days)
    steps = [
        NextStepItem(step, step.due_on < as_of, working_days_between(as_of, step.due_on))
        for step in next_steps_for_staff(staff=staff).filter(due_on__lte=horizon)
    ]
    return Worklist(
        as_of=as_of,
        horizon=horizon,
        overdue=[i for i in items if i.status == "overdue"],
        due=[i for i in items if i.status == "due"],
        next_steps=steps,
        unknown=[i for i in items if i.status == "unknown"],
    )


# --- Each rule's words, from the pack version that judged it --------------------------------------


# --- The child's timescales -----------------------------------------------------------------------


@dataclass(frozen=True)
class ChildResult:
    result: RuleResult
    title: str
    standing: str
    status: str  # as of the date asked for: a stored "due" whose date has passed is overdue
    source: RuleSource | None
    working_days_left: int | None
    missing: str = ""  # for an unknown result: what to record ("Record the outcome of ...")


@dataclass(frozen=True)
class StatusGroup:
    status: str
    label: str
    results: list[ChildResult]


@dataclass(frozen=True)
class JudgedBy:
    name: str
    version: str
    title: str
    sha256: str


@dataclass(frozen=True)
class ChildRules:
    groups: list[StatusGroup]
    not_applicable: list[str]  # titles of the pack's rules that gave the child nothing to do
    judged_by: list[JudgedBy]  # the versions that judged the results (with none, the latest recorded)
    checked_on: date | None


_GROUPS = (
    (Status.UNKNOWN, "Unknown"),
    (Status.OVERDUE, "Overdue"),
    (Status.DUE, "Due"),
    (Status.MET_LATE, "Met late"),
    (Status.MET, "Met"),
)


def _judged_by(version_ids: Iterable[int]) -> list[JudgedBy]:
    rows = (
        PackVersion.objects.filter(pk__in=set(version_ids))
        .order_by("loaded_at", "pk")
        .values_list("name", "version", "content__title", "sha256")
    )
    return [JudgedBy(*row) for row in rows]


def child_rules(*, child: Child, as_of: date) -> ChildRules:
    """Each rule's state for the child as of `as_of`, grouped by status, with the pack version that
    judged it. A stored "due" whose date has passed shows as overdue, as on the worklist.

    The rules of that version with no stored result (or a not applicable one) are listed by title:
    the services store only what applied (kinmap.rules.services). Before the child's first check,
    the council's latest recorded version of its pack says which rules there are.
    """
    results = list(
        RuleResult.objects.filter(child=child)
        .select_related("evidence_event", "missing_event")
        .order_by("due_on", "rule_id", "period")
    )
    ids = {r.pack_version_id for r in results}
    if not ids:
        pack_name = Council.objects.filter(pk=child.council_id).values_list("pack_name", flat=True).get()
        latest = (
            PackVersion.objects.filter(name=pack_name)
            .order_by("-loaded_at", "-pk")
            .values_list("pk", flat=True)
        )
        ids = set(latest[:1])
    texts = rule_texts(ids)
    names = council_event_labels(council=child.council)
    grouped: dict[str, list[ChildResult]] = {status: [] for status, _ in _GROUPS}
    applied = set()
    for r in results:
        if r.status == Status.NOT_APPLICABLE:
            continue
        applied.add(r.rule_id)
        status = Status.OVERDUE if r.status == Status.DUE and r.due_on and r.due_on < as_of else r.status
        text = texts.get(r.rule_id, RuleText(r.rule_id, "", 0))
        pending = status in (Status.DUE, Status.OVERDUE) and r.due_on is not None
        left = working_days_between(as_of, r.due_on) if pending and r.due_on else None
        missing, attribute = r.missing_event, r.missing_attribute or None
        words = (
            missing_text(
                event_type=missing.type,
                attribute=attribute,
                on=missing.occurred_on,
                event_name=names.get(missing.type),
            )
            if status == Status.UNKNOWN and missing is not None
            else ""
        )
        grouped[status].append(ChildResult(r, text.title, text.standing, status, text.source, left, words))
    ordered = sorted(texts.items(), key=lambda pair: pair[1].position)
    # A result a re-check found unchanged keeps the date it was stored: the last re-check confirmed it.
    checked_on = max((r.checked_on for r in results), default=None)
    rechecked_on = last_rechecked_on(council_id=child.council_id) if checked_on else None
    if checked_on and rechecked_on:
        checked_on = max(checked_on, rechecked_on)
    return ChildRules(
        groups=[StatusGroup(s, label, grouped[s]) for s, label in _GROUPS if grouped[s]],
        not_applicable=[text.title for rule_id, text in ordered if rule_id not in applied],
        judged_by=_judged_by(ids),
        checked_on=checked_on,
    )


# --- Behind the dashboard's counts ----------------------------------------------------------------


def counted_results(
    *,
    council: Council,
    team: Team | None,
    start: date,
    end: date,
    group_by: GroupBy,
    key: str | int | None,
    status: str | None = None,
) -> QuerySet[RuleResult]:
    """The results one `compliance` count is made of: the same filter, narrowed to one row's key
    (a rule id, or a staff member's id with None for "no lead practitioner") and one status."""
    results = RuleResult.objects.filter(
        child__council=council,
        due_on__gte=start,
        due_on__lte=end,
        status__in=[Status.UNKNOWN] if status == Status.UNKNOWN else COUNTED,
    )
    if team is not None:
        results = results.filter(team=team)
    if group_by == "rule":
        results = results.filter(rule_id=key)
    elif key is None:
        results = results.filter(practitioner__isnull=True)
    else:
        results = results.filter(practitioner_id=key)
    if status is not None:
        results = results.filter(status=status)
    return results.select_related("child__person", "evidence_event", "practitioner__user").order_by(
        "due_on", "child__person__last_name", "child__person__first_name", "pk"
    )


@dataclass(frozen=True)
class CountedRow:
    child_id: int
    child_name: str
    title: str
    standing: str
    practitioner: str
    status: str
    status_label: str
    due_on: date | None
    met_on: date | None
    evidence: Event | None


def counted_rows(results: Iterable[RuleResult]) -> list[CountedRow]:
    """Rows for a page of `counted_results`, each with its rule's title from the version that judged it."""
    results = list(results)
    texts = rule_texts({r.pack_version_id for r in results})
    rows = []
    for r in results:
        text = texts.get(r.rule_id, RuleText(r.rule_id, "", 0))
        rows.append(
            CountedRow(
                child_id=r.child_id,
                child_name=str(r.child),
                title=text.title,
                standing=text.standing,
                practitioner=str(r.practitioner) if r.practitioner else "No lead practitioner",
                status=r.status,
                status_label=r.get_status_display(),
                due_on=r.due_on,
                met_on=r.met_on,
                evidence=r.evidence_event,
            )
        )
    return rows


def versions_counted(*, council: Council, team: Team | None, start: date, end: date) -> list[PackVersion]:
    """The pack versions that judged the results a dashboard counts over this period."""
    results = RuleResult.objects.filter(
        child__council=council, due_on__gte=start, due_on__lte=end, status__in=SHOWN
    )
    if team is not None:
        results = results.filter(team=team)
    ids = results.values_list("pack_version_id", flat=True).distinct()
    return list(PackVersion.objects.filter(pk__in=ids).order_by("loaded_at", "pk"))


def total_row(rows: list[ComplianceRow]) -> ComplianceRow:
    met = sum(r.met for r in rows)
    met_late = sum(r.met_late for r in rows)
    overdue = sum(r.overdue for r in rows)
    total = met + met_late + overdue
    unknown = sum(r.unknown for r in rows)
    return ComplianceRow(
        None, "All", None, met, met_late, overdue, total, met / total if total else None, unknown
    )


# --- Evidence: made in Kinmap or recorded by hand -------------------------------------------------


@dataclass(frozen=True)
class EvidenceRow:
    """For one rule and one type of evidence that stands for something made: how many of the
    results it met were met by what Kinmap made ("in the record") and how many by a tick."""

    rule_id: str
    title: str
    event: str  # the evidence's type, in the council's words
    made_in_kinmap: bool  # False: Kinmap does not make it yet, so every one is by hand
    in_record: int
    by_hand: int

    @property
    def total(self) -> int:
        return self.in_record + self.by_hand


def evidence_made(*, council: Council, team: Team | None, start: date, end: date) -> list[EvidenceRow]:
    """Met and met-late results of the period (as the dashboard counts them) whose evidence is an
    event standing for something made, by rule and type: in the record apart from recorded by hand.
    Rules in pack order (decision 0107)."""
    results = RuleResult.objects.filter(
        child__council=council,
        due_on__gte=start,
        due_on__lte=end,
        status__in=(Status.MET, Status.MET_LATE),
        evidence_event__type__in=vocabulary().artefact_types(),
    )
    if team is not None:
        results = results.filter(team=team)
    counted = list(
        results.values("rule_id", "evidence_event__type")
        .annotate(
            by_hand=Count("pk", filter=Q(evidence_event__artefact_type="")),
            total=Count("pk"),
        )
        .order_by("rule_id", "evidence_event__type")
    )
    texts = rule_texts(results.values_list("pack_version_id", flat=True).distinct())
    names = council_event_labels(council=council)
    made = set(vocabulary().artefact_types(made_in_kinmap=True))
    rows = []
    for c in counted:
        text = texts.get(c["rule_id"], RuleText(c["rule_id"], "", len(texts)))
        kind = c["evidence_event__type"]
        in_record = c["total"] - c["by_hand"]
        row = EvidenceRow(
            c["rule_id"], text.title, names.get(kind, kind), kind in made, in_record, c["by_hand"]
        )
        rows.append((text.position, row))
    rows.sort(key=lambda pair: (pair[0], pair[1].event))
    return [row for _, row in rows]


# --- The council's pack ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AvailablePack:
    name: str
    title: str
    version: str
    rules: int
    sha256: str
    problems: list[str]


def packs_available() -> list[AvailablePack]:
    """Every pack in the packs folder: its title, version and number of rules, or what is wrong with it."""
    found = []
    for name in available_packs():
        try:
            loaded = loaded_pack(name)
        except PackError as exc:
            found.append(AvailablePack(name, "", "", 0, "", [str(p) for p in exc.problems]))
        else:
            pack = loaded.pack
            found.append(AvailablePack(name, pack.title, pack.version, len(pack.rules), loaded.sha256, []))
    return found


@dataclass(frozen=True)
class PackChoice:
    on: Any  # datetime
    pack_name: str
    by: str
    reason: str


def pack_choices(*, council: Council) -> list[PackChoice]:
    """Each time the council's pack was set, newest first, from the council's history."""
    history = list(council.history.order_by("history_date", "history_id").select_related("history_user"))
    changes, previous = [], None
    for h in history:
        if h.pack_name != previous:
            user = h.history_user
            by = (user.get_full_name() or user.get_username()) if user else "Set up"
            changes.append(PackChoice(h.history_date, h.pack_name, by, h.history_change_reason or ""))
            previous = h.pack_name
    return changes[::-1]


@dataclass(frozen=True)
class RecordedVersion:
    version: PackVersion
    results: int  # this council's stored results judged by it


def recorded_versions(*, council: Council) -> list[RecordedVersion]:
    """Versions recorded of every pack the council has worked to, newest first, with how many of
    the council's current results each judged."""
    names = {c.pack_name for c in pack_choices(council=council)} | {council.pack_name}
    counts = dict(
        RuleResult.objects.filter(child__council=council)
        .values("pack_version_id")
        .annotate(n=Count("pk"))
        .values_list("pack_version_id", "n")
    )
    versions = PackVersion.objects.filter(name__in=names).defer("content").order_by("-loaded_at", "-pk")
    return [RecordedVersion(v, counts.get(v.pk, 0)) for v in versions]
