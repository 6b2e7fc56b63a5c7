"""Reads of the rules app: a practitioner's worklist and a council's or team's compliance figures.

Both read the stored results (kinmap.rules.services keeps them current) and take the rule titles
from the pack version that judged each result, so a page always says what the rule said then.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from django.db.models import Count, Q

from kinmap.councils.models import Council, StaffMember, Team
from kinmap.rules.deadlines import add_working_days, working_days_between
from kinmap.rules.labels import council_event_labels, missing_text
from kinmap.rules.models import PackVersion, Recheck, RuleResult, Status


@dataclass(frozen=True)
class RuleSource:
    """The handbook or guidance words a rule encodes, and where they are."""

    file: str
    section: str
    quote: str
    line: int | None = None
    page: str | None = None


@dataclass(frozen=True)
class RuleText:
    title: str
    standing: str
    position: int  # the rule's place in the pack, for ordering
    source: RuleSource | None = None


_texts: dict[str, dict[str, RuleText]] = {}


def rule_texts(version_ids: Iterable[int]) -> dict[str, RuleText]:
    """Rule id -> title, standing, place and source, from these pack versions (the newest wins)."""
    found: dict[str, RuleText] = {}
    versions = PackVersion.objects.filter(pk__in=set(version_ids)).order_by("loaded_at", "pk")
    for pk, sha in versions.values_list("pk", "sha256"):
        texts = _texts.get(sha)
        if texts is None:
            content = PackVersion.objects.filter(pk=pk).values_list("content", flat=True).get()
            texts = {
                rule["id"]: RuleText(rule["title"], rule["standing"], i, RuleSource(**rule["source"]))
                for i, rule in enumerate(content.get("rules", []))
            }
            _texts[sha] = texts  # content is immutable for a hash
        found.update(texts)
    return found


@dataclass(frozen=True)
class WorklistItem:
    """One thing a practitioner must do (or is late doing) for a child they lead."""

    result_id: int
    child_id: int
    child_name: str
    rule_id: str
    title: str
    standing: str
    status: Literal["overdue", "due", "unknown"]  # as of the date asked for, whatever it was when checked
    due_on: date
    working_days_left: int  # 0: due today; negative: working days overdue
    period: int
    trigger_on: date | None
    involvement_id: int
    service_area: str
    missing: str = ""  # for an unknown result: what to record ("Record the outcome of ...")


def worklist_for(*, staff: StaffMember, as_of: date, horizon_working_days: int = 5) -> list[WorklistItem]:
    """What is overdue, and what falls due within `horizon_working_days`, for children `staff` leads;
    and every unknown result, whatever its date: a fact to record before the rule can be judged.

    Only open involvements that `staff` leads now count (a transfer moves the work at once). A
    result stored as "due" whose date has passed by `as_of` is shown as overdue. Overdue items
    come first, the longest overdue first; then the rest by due date.
    """
    horizon = add_working_days(as_of, horizon_working_days)
    rows = (
        RuleResult.objects.filter(
            Q(status__in=[Status.DUE, Status.OVERDUE], due_on__lte=horizon) | Q(status=Status.UNKNOWN),
            involvement__lead_practitioner=staff,
            involvement__ended_on__isnull=True,
            involvement__archived_at__isnull=True,
        )
        .order_by("due_on", "child_id", "rule_id", "period")
        .values_list(
            "pk",
            "child_id",
            "child__person__first_name",
            "child__person__known_as",
            "child__person__last_name",
            "rule_id",
            "pack_version_id",
            "due_on",
            "period",
            "trigger_on",
            "involvement_id",
            "involvement__service_area",
            "status",
            "missing_event__type",
            "missing_attribute",
            "missing_event__occurred_on",
        )
    )
    rows = list(rows)
    texts = rule_texts({row[6] for row in rows})
    names = council_event_labels(council=staff.council)
    items = []
    for (
        pk,
        child_id,
        first,
        known_as,
        last,
        rule_id,
        _version,
        due_on,
        period,
        trigger_on,
        inv_id,
        service,
        status,
        missing_type,
        missing_attribute,
        missing_on,
    ) in rows:
        text = texts.get(rule_id, RuleText(rule_id, "", 0))
        unknown = status == Status.UNKNOWN
        items.append(
            WorklistItem(
                result_id=pk,
                child_id=child_id,
                child_name=f"{known_as or first} {last}".strip(),
                rule_id=rule_id,
                title=text.title,
                standing=text.standing,
                status="unknown" if unknown else "overdue" if due_on < as_of else "due",
                due_on=due_on,
                working_days_left=working_days_between(as_of, due_on),
                period=period,
                trigger_on=trigger_on,
                involvement_id=inv_id,
                service_area=service,
                missing=missing_text(
                    event_type=missing_type,
                    attribute=missing_attribute or None,
                    on=missing_on,
                    event_name=names.get(missing_type),
                ) if unknown and missing_type else "",
            )
        )
    return items


@dataclass(frozen=True)
class ComplianceRow:
    """Counts for one rule or one practitioner over a period.

    `key` is the rule id, or the staff member's id (None: no lead practitioner). `rate` is the share
    met on time, met / (met + met_late + overdue), or None when nothing fell due. `unknown` counts
    apart the results that cannot be judged until a fact is recorded: in neither total nor rate.
    """

    key: str | int | None
    label: str
    standing: str | None
    met: int
    met_late: int
    overdue: int
    total: int
    rate: float | None
    unknown: int = 0


def compliance(
    *,
    council: Council,
    team: Team | None = None,
    start: date,
    end: date,
    group_by: Literal["rule", "practitioner"] = "rule",
) -> list[ComplianceRow]:
    """Met, met late and overdue results whose deadline fell in [start, end], grouped; and apart,
    unknown results whose deadline (as if the missing fact were there) fell in it.

    Results still "due" or not applicable are not counted. `team` narrows to results counted for
    that team (the involvement's team when checked). Rows for rules come in pack order; rows for
    practitioners by name.
    """
    if group_by not in ("rule", "practitioner"):
        raise ValueError("group_by is 'rule' or 'practitioner'")
    results = RuleResult.objects.filter(
        child__council=council,
        due_on__gte=start,
        due_on__lte=end,
        status__in=[Status.MET, Status.MET_LATE, Status.OVERDUE, Status.UNKNOWN],
    )
    if team is not None:
        results = results.filter(team=team)
    key = "rule_id" if group_by == "rule" else "practitioner_id"
    counted: list[dict[str, Any]] = list(
        results.values(key)
        .annotate(
            met=Count("pk", filter=Q(status=Status.MET)),
            met_late=Count("pk", filter=Q(status=Status.MET_LATE)),
            overdue=Count("pk", filter=Q(status=Status.OVERDUE)),
            unknown=Count("pk", filter=Q(status=Status.UNKNOWN)),
        )
        .order_by(key)
    )
    rows: list[tuple[Any, ComplianceRow]] = []
    if group_by == "rule":
        versions = results.values_list("pack_version_id", flat=True).distinct()
        texts = rule_texts(versions)
        for c in counted:
            text = texts.get(c[key], RuleText(c[key], "", len(texts)))
            rows.append((text.position, _row(c[key], text.title, text.standing, c)))
    else:
        names = {
            s.pk: str(s)
            for s in StaffMember.objects.filter(
                pk__in=[c[key] for c in counted if c[key] is not None]
            ).select_related("user")
        }
        for c in counted:
            label = names.get(c[key], "No lead practitioner")
            rows.append((label, _row(c[key], label, None, c)))
    rows.sort(key=lambda pair: pair[0])
    return [row for _, row in rows]


def _row(key: str | int | None, label: str, standing: str | None, counts: dict[str, Any]) -> ComplianceRow:
    total = counts["met"] + counts["met_late"] + counts["overdue"]
    return ComplianceRow(
        key=key,
        label=label,
        standing=standing,
        met=counts["met"],
        met_late=counts["met_late"],
        overdue=counts["overdue"],
        total=total,
        rate=counts["met"] / total if total else None,
        unknown=counts["unknown"],
    )


def recent_rechecks(*, council: Council, limit: int = 5) -> list[Recheck]:
    """The council's latest council-wide re-checks, newest first (queued, running or done)."""
    return list(Recheck.objects.filter(council=council)[:limit])


def last_rechecked_on(*, council_id: int) -> date | None:
    """The as-of date of the council's latest finished re-check: results it left as they were still
    carry the date they were first stored (kinmap.rules.services)."""
    return (
        Recheck.objects.filter(council_id=council_id, finished_at__isnull=False, failure="")
        .order_by("-finished_at")
        .values_list("as_of", flat=True)
        .first()
    )
