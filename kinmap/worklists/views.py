"""The worklist, the compliance dashboard with its drill-downs and exports, and the council's pack page.

Views are thin: check who is asking, read the form, call a selector or the service, render.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from kinmap.core.access import Do, policy, staff_required
from kinmap.councils.models import Council, StaffMember, Team
from kinmap.councils.selectors import COUNCIL_WIDE_ROLES, granted_teams, visible_teams
from kinmap.rules.models import Recheck, Status
from kinmap.rules.selectors import compliance, recent_rechecks, rule_texts
from kinmap.worklists import exports, selectors, services
from kinmap.worklists.forms import DrilldownForm, PackForm, PeriodForm, default_period

DRILLDOWN_PAGE = 100


@require_GET
@staff_required
def worklist(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "worklists/worklist.html",
        {
            "worklist": selectors.worklist(staff=request.staff, as_of=today),  # type: ignore[attr-defined]
            "horizon_days": selectors.HORIZON_WORKING_DAYS,
            "due_caption": f"Due in the next {selectors.HORIZON_WORKING_DAYS} working days",
        },
    )


# --- The dashboard --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    council: Council
    team: Team | None
    start: date
    end: date

    @property
    def team_label(self) -> str:
        return str(self.team) if self.team else "All teams"


def _period_form(request: HttpRequest, form_class: type[PeriodForm] = PeriodForm) -> PeriodForm:
    """The dashboard's form, bound to the address's values or, on a first visit, to the defaults."""
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    policy.check(staff=staff, do=Do.DASHBOARD)
    teams = visible_teams(staff=staff).order_by("name")
    all_teams = staff.role in COUNCIL_WIDE_ROLES or granted_teams(staff=staff)[1]
    if {"start", "end", "team"} & set(request.GET):
        data = request.GET
    else:
        start, end = default_period(timezone.localdate())
        # A team manager starts on their own team; auditors and administrators on the whole council.
        own = None if staff.role in COUNCIL_WIDE_ROLES else teams.filter(pk=staff.team_id).first()
        if own is None and not all_teams:
            own = teams.first()
        data = {"start": start.isoformat(), "end": end.isoformat(), "team": own.pk if own else ""}
    return form_class(data, teams=teams, all_teams=all_teams)


def _period(request: HttpRequest, form: PeriodForm) -> Period:
    d = form.cleaned_data
    return Period(request.staff.council, d.get("team"), d["start"], d["end"])  # type: ignore[attr-defined]


def _query(period: Period, **extra: str) -> str:
    q = QueryDict(mutable=True)
    q.update(
        {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "team": str(period.team.pk) if period.team else "",
            **extra,
        }
    )
    return q.urlencode()


@require_GET
@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form = _period_form(request)
    context: dict = {"form": form}
    if form.is_valid():
        p = _period(request, form)
        by_rule = compliance(council=p.council, team=p.team, start=p.start, end=p.end, group_by="rule")
        by_person = compliance(
            council=p.council, team=p.team, start=p.start, end=p.end, group_by="practitioner"
        )
        context.update(
            {
                "period": p,
                "query": _query(p),
                "by_rule": by_rule,
                "by_rule_total": selectors.total_row(by_rule),
                "by_person": by_person,
                "by_person_total": selectors.total_row(by_person),
                "versions": selectors.versions_counted(
                    council=p.council, team=p.team, start=p.start, end=p.end
                ),
                "evidence": selectors.evidence_made(council=p.council, team=p.team, start=p.start, end=p.end),
            }
        )
    return render(request, "worklists/dashboard.html", context)


def _drilldown(
    request: HttpRequest, form: PeriodForm, *, group_by: selectors.GroupBy, key: str | int | None, name: str
) -> HttpResponse:
    p = _period(request, form)
    status = form.cleaned_data["status"] or None
    results = selectors.counted_results(
        council=p.council, team=p.team, start=p.start, end=p.end, group_by=group_by, key=key, status=status
    )
    page = Paginator(results, DRILLDOWN_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "worklists/drilldown.html",
        {
            "period": p,
            "group_by": group_by,
            "name": name,
            "status": status,
            "status_label": Status(status).label if status else "Met, met late and overdue",
            "statuses": [("", "All"), *((s.value, s.label) for s in selectors.SHOWN)],
            "page": page,
            "rows": selectors.counted_rows(page.object_list),
            "query": _query(p),
            "page_query": _query(p, status=status or ""),
        },
    )


@require_GET
@staff_required
def rule_results(request: HttpRequest, rule_id: str) -> HttpResponse:
    form = _period_form(request, DrilldownForm)
    if not form.is_valid():
        return render(request, "worklists/dashboard.html", {"form": form})
    p = _period(request, form)
    versions = selectors.versions_counted(council=p.council, team=p.team, start=p.start, end=p.end)
    text = rule_texts([v.pk for v in versions]).get(rule_id)
    if text is None:
        raise Http404("No results for that rule in this period")
    return _drilldown(request, form, group_by="rule", key=rule_id, name=text.title)


@require_GET
@staff_required
def practitioner_results(request: HttpRequest, staff_id: str) -> HttpResponse:
    form = _period_form(request, DrilldownForm)
    if not form.is_valid():
        return render(request, "worklists/dashboard.html", {"form": form})
    if staff_id == "none":
        return _drilldown(request, form, group_by="practitioner", key=None, name="No lead practitioner")
    person = (
        StaffMember.objects.select_related("user")
        .filter(pk=int(staff_id) if staff_id.isdigit() else 0, council=request.staff.council)  # type: ignore[attr-defined]
        .first()
    )
    if person is None:
        raise Http404("No such practitioner")
    return _drilldown(request, form, group_by="practitioner", key=person.pk, name=str(person))


def _file(rows: list[list[exports.Cell]], *, fmt: str, title: str, filename: str) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(exports.as_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.as_xlsx(rows, title=title),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.{fmt}"'
    return response


@require_GET
@staff_required
def export(request: HttpRequest, group: str, fmt: str) -> HttpResponse:
    form = _period_form(request)
    if not form.is_valid():
        return render(request, "worklists/dashboard.html", {"form": form}, status=400)
    p = _period(request, form)
    versions = selectors.versions_counted(council=p.council, team=p.team, start=p.start, end=p.end)
    if group == "evidence":
        rows = exports.evidence_table(
            rows=selectors.evidence_made(council=p.council, team=p.team, start=p.start, end=p.end),
            start=p.start,
            end=p.end,
            team=p.team_label,
            versions=versions,
        )
        name = f"evidence {p.council.slug} {p.team_label} {p.start} to {p.end}"
        return _file(rows, fmt=fmt, title="Evidence", filename=name)
    group_by: selectors.GroupBy = "rule" if group == "rule" else "practitioner"
    rows = exports.table(
        rows=compliance(council=p.council, team=p.team, start=p.start, end=p.end, group_by=group_by),
        group_by=group_by,
        start=p.start,
        end=p.end,
        team=p.team_label,
        versions=versions,
    )
    name = f"compliance by {group} {p.council.slug} {p.team_label} {p.start} to {p.end}"
    return _file(rows, fmt=fmt, title=f"Compliance by {group}", filename=name)


# --- The council's pack ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@staff_required
def council_pack(request: HttpRequest) -> HttpResponse:
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    policy.check(staff=staff, do=Do.CHOOSE_PACK)
    council = staff.council
    packs = selectors.packs_available()
    form = PackForm(request.POST or None, packs=packs, initial={"pack_name": council.pack_name})
    if request.method == "POST" and form.is_valid():
        try:
            chosen = services.choose_pack(
                council=council,
                pack_name=form.cleaned_data["pack_name"],
                by=request.user,
                as_of=timezone.localdate(),
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            done = "now works to" if chosen.changed else "will be checked again against"
            messages.success(
                request,
                f"{council} {done} {chosen.version.name} {chosen.version.version}. Every child is "
                "being checked against it: this page shows how far the check has got.",
            )
            return redirect("worklists:pack")
    current = next((p for p in packs if p.name == council.pack_name), None)
    rechecks = recent_rechecks(council=council)
    versions = selectors.recorded_versions(council=council)
    judged = {r.version.sha256 for r in versions if r.results}
    return render(
        request,
        "worklists/pack.html",
        {
            "council": council,
            "form": form,
            "current": current,
            "versions": versions,
            "broken": [p for p in packs if p.problems],
            "current_checked": current.sha256 in judged if current and judged else None,
            "under_way": _under_way(rechecks),
            "choices": selectors.pack_choices(council=council),
            "rechecks": rechecks,
        },
    )


@require_GET
@staff_required
def council_rechecks(request: HttpRequest) -> HttpResponse:
    """The pack page's re-checks section alone: the page polls it with htmx while one is under way."""
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    policy.check(staff=staff, do=Do.CHOOSE_PACK)
    rechecks = recent_rechecks(council=staff.council)
    response = render(request, "worklists/includes/rechecks.html", {"rechecks": rechecks})
    if request.headers.get("HX-Request") and not _under_way(rechecks):
        # The re-check the page was following has finished: draw the whole page again, since the
        # results it describes (versions, counts) have changed.
        response["HX-Refresh"] = "true"
    return response


def _under_way(rechecks: list[Recheck]) -> bool:
    return bool(rechecks) and rechecks[0].state in ("queued", "running")
