"""Pages for mapping, statements and goals, scaling, next steps and the one-page view.

Views are thin: find the child (`child_to_read`, 404 if not visible; `child_to_change`, 403 if the
access policy says no), make the form and name the service; `record_form` sends the change down the
one path (kinmap.core.actions) and puts a service's ValidationError back onto the form, so nothing
typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from kinmap.core.access import can_record, child_to_change, child_to_read, staff_required
from kinmap.core.views import record_form
from kinmap.councils.models import StaffMember
from kinmap.councils.selectors import visible_children
from kinmap.mapping import selectors, services
from kinmap.mapping.chart import scaling_chart
from kinmap.mapping.forms import (
    BottomLineForm,
    CompleteForm,
    EntryForm,
    HarmIncidentForm,
    HarmStatementForm,
    MappingStartForm,
    NextStepDoneForm,
    NextStepForm,
    OnePageGivenForm,
    RetireForm,
    ScalingQuestionForm,
    ScalingRoundForm,
    ScoreFormSet,
    SharingForm,
    StatementPairForm,
    scorer_choices,
)
from kinmap.mapping.labels import child_labels, child_variant
from kinmap.mapping.models import MappingEntry, Occasion, PairStatus
from kinmap.mapping.one_page import one_page_context, one_page_pdf
from kinmap.people.models import Child, Person
from kinmap.rules.schema import MAPPING_DOMAINS

ENTRY_DOMAINS = MAPPING_DOMAINS[:-1]  # next steps are NextStep rows: who, what, by when


def _or_404(get: Callable):
    """A selector's .get() for an id in the address: not this child's (or not there) is a 404."""
    try:
        return get()
    except ObjectDoesNotExist as error:
        raise Http404("Not found") from error


def _base(child: Child) -> dict:
    return {"child": child, "labels": child_labels(child=child)}


# --- Mapping --------------------------------------------------------------------------------------


@staff_required
def mapping_list(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_to_read(request, child_id)
    mappings = list(selectors.child_mappings(child=child))
    return render(
        request,
        "mapping/mapping_list.html",
        {
            **_base(child),
            "mappings": mappings,
            "in_progress": next((m for m in mappings if not m.is_complete), None),
            "can_record": can_record(request, child),
        },
    )


def _siblings(request: HttpRequest, child: Child) -> list[Child]:
    household = child.person.household_id
    if household is None:
        return []
    return list(
        visible_children(staff=request.staff)
        .filter(person__household_id=household)
        .exclude(pk=child.pk)
        .select_related("person")
    )


@staff_required
def mapping_start(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_to_change(request, child_id)
    form = MappingStartForm(
        request.POST or None,
        child=child,
        siblings=_siblings(request, child),
        initial={"mapped_on": timezone.localdate(), "variant": child_variant(child=child)},
    )
    return record_form(
        request,
        child=child,
        reason="Mapping started",
        change=lambda: services.mapping_start(
            by=request.user,
            child=child,
            mapped_on=form.cleaned_data["mapped_on"],
            mapped_with=form.cleaned_data["mapped_with"],
            variant=form.cleaned_data["variant"],
            meeting=form.cleaned_data.get("meeting"),
            siblings=form.cleaned_data.get("siblings") or (),
        ),
        done=lambda mapping: (
            "Mapping started. Everything from the last mapping is carried forward: "
            "keep, change or retire each entry."
            if mapping.previous_id
            else "",
            reverse("mapping:mapping", args=[child.pk, mapping.pk]),
        ),
        form=form,
        title="Start a mapping",
        submit="Start the mapping",
        cancel=reverse("mapping:list", args=[child.pk]),
        intro="A new mapping builds on the last one: what is still true is carried forward.",
    )


@staff_required
def mapping_detail(request: HttpRequest, child_id: int, mapping_id: int) -> HttpResponse:
    child = child_to_read(request, child_id)
    mapping = _or_404(lambda: selectors.mapping_for_child(child=child, mapping_id=mapping_id))
    labels = child_labels(child=child, variant=mapping.variant)
    entries = selectors.mapping_entries(mapping=mapping)
    columns = [
        (heading, [(domain, name, entries[domain]) for domain, name in domains])
        for heading, domains in labels.groups()
    ]
    return render(
        request,
        "mapping/mapping.html",
        {
            "child": child,
            "labels": labels,
            "mapping": mapping,
            "columns": columns,
            "statements": selectors.child_statements(child=child),
            "next_steps": selectors.child_next_steps(child=child).filter(done_on__isnull=True),
            "can_record": can_record(request, child),
            "editable": can_record(request, child) and not mapping.is_complete,
            "entry_domains": ENTRY_DOMAINS,
        },
    )


@staff_required
def mapping_changes(request: HttpRequest, child_id: int, mapping_id: int) -> HttpResponse:
    child = child_to_read(request, child_id)
    mapping = _or_404(lambda: selectors.mapping_for_child(child=child, mapping_id=mapping_id))
    labels = child_labels(child=child, variant=mapping.variant)
    return render(
        request,
        "mapping/changes.html",
        {
            "child": child,
            "labels": labels,
            "mapping": mapping,
            "changes": selectors.mapping_changes(mapping=mapping),
            "history": selectors.mapping_history(mapping=mapping)[:200],
            "columns": dict(labels.vocabulary.columns),
        },
    )


def _writable_mapping(request: HttpRequest, child_id: int, mapping_id: int):
    child = child_to_change(request, child_id)
    mapping = _or_404(lambda: selectors.mapping_for_child(child=child, mapping_id=mapping_id))
    return child, mapping


def _entry_data(cleaned: dict) -> services.EntryInput:
    return services.EntryInput(
        text=cleaned["text"],
        source=cleaned["source"],
        kind=cleaned["kind"],
        source_name=cleaned["source_name"],
        noticed_on=cleaned.get("noticed_on"),
        harm_frequency=cleaned.get("harm_frequency", ""),
        harm_timespan=cleaned.get("harm_timespan", ""),
    )


@staff_required
def entry_add(request: HttpRequest, child_id: int, mapping_id: int, domain: str) -> HttpResponse:
    child, mapping = _writable_mapping(request, child_id, mapping_id)
    if domain not in ENTRY_DOMAINS:
        raise Http404("No such domain")
    labels = child_labels(child=child, variant=mapping.variant)
    form = EntryForm(request.POST or None, domain=domain)
    back = reverse("mapping:mapping", args=[child.pk, mapping.pk])
    return record_form(
        request,
        child=child,
        reason="Mapping entry added",
        change=lambda: services.mapping_entry_add(
            by=request.user, mapping=mapping, domain=domain, data=_entry_data(form.cleaned_data)
        ),
        done=lambda _: (f"Added to {labels.column(domain)}", f"{back}#{domain}"),
        form=form,
        title=f"Add to {labels.column(domain)}",
        submit="Add",
        cancel=back,
    )


def _entry(request: HttpRequest, child_id: int, entry_id: int):
    child = child_to_change(request, child_id)
    entry = _or_404(
        lambda: (
            MappingEntry.objects.current()
            .select_related("mapping")
            .get(pk=entry_id, mapping__in=selectors.child_mappings(child=child))
        )
    )
    return child, entry


@staff_required
def entry_edit(request: HttpRequest, child_id: int, entry_id: int) -> HttpResponse:
    child, entry = _entry(request, child_id, entry_id)
    labels = child_labels(child=child, variant=entry.mapping.variant)
    form = EntryForm(
        request.POST or None,
        domain=entry.domain,
        initial={f: getattr(entry, f) for f in services.ENTRY_FIELDS},
    )
    back = reverse("mapping:mapping", args=[child.pk, entry.mapping_id])
    return record_form(
        request,
        child=child,
        reason="Mapping entry changed",
        change=lambda: services.mapping_entry_update(
            by=request.user, entry=entry, data=_entry_data(form.cleaned_data)
        ),
        done=lambda _: (f"{labels.column(entry.domain)}: entry changed", f"{back}#{entry.domain}"),
        form=form,
        title=f"Change an entry in {labels.column(entry.domain)}",
        submit="Save the change",
        cancel=back,
    )


@staff_required
def entry_retire(request: HttpRequest, child_id: int, entry_id: int) -> HttpResponse:
    child, entry = _entry(request, child_id, entry_id)
    labels = child_labels(child=child, variant=entry.mapping.variant)
    form = RetireForm(request.POST or None)
    back = reverse("mapping:mapping", args=[child.pk, entry.mapping_id])
    return record_form(
        request,
        child=child,
        reason="Mapping entry retired",
        change=lambda: services.mapping_entry_retire(
            by=request.user, entry=entry, reason=form.cleaned_data["reason"]
        ),
        done=lambda _: (
            f"{labels.column(entry.domain)}: entry retired. It stays in the history.",
            f"{back}#{entry.domain}",
        ),
        form=form,
        title="Retire an entry",
        submit="Retire the entry",
        cancel=back,
        intro=f"“{entry.text}”",
    )


@staff_required
def harm_incident(request: HttpRequest, child_id: int, entry_id: int, occasion: str) -> HttpResponse:
    child, entry = _entry(request, child_id, entry_id)
    if entry.domain != "harm" or occasion not in Occasion.values:
        raise Http404("No such incident")
    labels = child_labels(child=child, variant=entry.mapping.variant)
    current = entry.incidents.current().filter(occasion=occasion).first()
    initial = (
        {f: getattr(current, f) for f in ("occurred_on", "what_happened", "severity", "impact")}
        if current
        else {}
    )
    form = HarmIncidentForm(request.POST or None, initial=initial)
    back = reverse("mapping:mapping", args=[child.pk, entry.mapping_id])
    return record_form(
        request,
        child=child,
        reason="Harm incident recorded",
        change=lambda: services.harm_incident_set(
            by=request.user, entry=entry, occasion=occasion, **form.cleaned_data
        ),
        done=lambda _: (f"{Occasion(occasion).label} incident recorded", f"{back}#harm"),
        form=form,
        title=f"{Occasion(occasion).label} incident",
        submit="Save the incident",
        cancel=back,
        intro=f"{labels.column('harm')}: “{entry.text}”",
    )


@staff_required
def mapping_complete(request: HttpRequest, child_id: int, mapping_id: int) -> HttpResponse:
    child, mapping = _writable_mapping(request, child_id, mapping_id)
    form = CompleteForm(request.POST or None, initial={"completed_on": timezone.localdate()})
    back = reverse("mapping:mapping", args=[child.pk, mapping.pk])
    return record_form(
        request,
        child=child,
        reason="Mapping completed",
        change=lambda: services.mapping_complete(
            by=request.user, mapping=mapping, completed_on=form.cleaned_data["completed_on"]
        ),
        done=lambda _: ("Mapping completed", back),
        form=form,
        title="Complete the mapping",
        submit="Complete the mapping",
        cancel=back,
        intro="A completed mapping is kept as it is. The next mapping builds on it.",
    )


# --- Statements and goals -------------------------------------------------------------------------


@staff_required
def statement_list(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_to_read(request, child_id)
    statements = list(selectors.child_statements(child=child))
    return render(
        request,
        "mapping/statements.html",
        {
            **_base(child),
            "statements": statements,
            "harm_statements": selectors.child_harm_statements(child=child),
            "general_questions": selectors.child_scaling_questions(child=child).filter(
                statement__isnull=True
            ),
            "can_record": can_record(request, child),
            "any_shared": any(s.status != PairStatus.DRAFT for s in statements),
        },
    )


@staff_required
def statement_add(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_to_change(request, child_id)
    labels = child_labels(child=child)
    data = request.POST or None
    mapping = selectors.latest_mapping(child=child)
    form = StatementPairForm(data, child=child, labels=labels, initial={"variant": labels.variant})
    back = reverse("mapping:statements", args=[child.pk])
    return record_form(
        request,
        child=child,
        reason="Statement and goal written",
        change=lambda: services.statement_pair_create(
            by=request.user,
            child=child,
            mapping=mapping if mapping and mapping.child_id == child.pk else None,
            **form.cleaned_data,
        ),
        done=lambda _: (f"{labels.statement} and {labels.goal.lower()} saved as a draft", back),
        form=form,
        title=f"Write a {labels.statement.lower()} and its {labels.goal.lower()}",
        submit="Save as a draft",
        cancel=back,
        template="mapping/statement_form.html",
    )


@staff_required
def statement_detail(request: HttpRequest, child_id: int, statement_id: int) -> HttpResponse:
    child = child_to_read(request, child_id)
    statement = _or_404(lambda: selectors.statement_for_child(child=child, statement_id=statement_id))
    return render(
        request,
        "mapping/statement.html",
        {
            "child": child,
            "labels": child_labels(child=child, variant=statement.variant),
            "statement": statement,
            "sharings": statement.sharings.prefetch_related("goals").order_by("-on", "-pk"),
            "can_record": can_record(request, child),
        },
    )


@staff_required
def statement_edit(request: HttpRequest, child_id: int, statement_id: int) -> HttpResponse:
    child = child_to_change(request, child_id)
    statement = _or_404(lambda: selectors.statement_for_child(child=child, statement_id=statement_id))
    labels = child_labels(child=child, variant=statement.variant)
    goal = statement.current_goal
    form = StatementPairForm(
        request.POST or None,
        child=child,
        labels=labels,
        statement=statement,
        initial={
            "who_is_worried": statement.who_is_worried,
            "worry": statement.worry,
            "impact": statement.impact,
            "goal": goal.text if goal else "",
        },
    )
    back = reverse("mapping:statement", args=[child.pk, statement.pk])
    intro = ""
    if statement.status == PairStatus.AGREED:
        intro = (
            f"This {labels.statement.lower()} and {labels.goal.lower()} were agreed with the family. "
            "A change needs a reason; the agreed version is kept and the pair is shared and agreed again."
        )
    return record_form(
        request,
        child=child,
        reason="Statement and goal changed",
        change=lambda: services.statement_pair_update(
            by=request.user, statement=statement, **form.cleaned_data
        ),
        done=lambda _: (f"{labels.statement} and {labels.goal.lower()} changed", back),
        form=form,
        title=f"Change the {labels.statement.lower()} and {labels.goal.lower()}",
        submit="Save the change",
        cancel=back,
        intro=intro,
        template="mapping/statement_form.html",
    )


def _sharing_page(request: HttpRequest, child_id: int, *, agreeing: bool) -> HttpResponse:
    child = child_to_change(request, child_id)
    labels = child_labels(child=child)
    statements = (
        selectors.agreeable_statements(child=child)
        if agreeing
        else selectors.shareable_statements(child=child)
    )
    preselected = [
        s.pk for s in statements if s.status != (PairStatus.AGREED if agreeing else PairStatus.SHARED)
    ]
    form = SharingForm(
        request.POST or None,
        statements=statements,
        labels=labels,
        agreeing=agreeing,
        initial={"on": timezone.localdate(), "statements": preselected},
    )
    back = reverse("mapping:statements", args=[child.pk])
    service = services.statements_agree if agreeing else services.statements_share
    what = f"{labels.statement.lower()}s and {labels.goal.lower()}s"
    return record_form(
        request,
        child=child,
        reason="Statements agreed" if agreeing else "Statements shared",
        change=lambda: service(
            by=request.user,
            child=child,
            statements=list(form.cleaned_data["statements"]),
            on=form.cleaned_data["on"],
            method=form.cleaned_data["method"],
            with_whom=form.cleaned_data["with_whom"],
            with_network=form.cleaned_data["with_network"],
        ),
        done=lambda _: ("Agreement recorded" if agreeing else "Sharing recorded", back),
        form=form,
        cancel=back,
        title=f"Record that the family agreed the {what}" if agreeing else f"Record sharing the {what}",
        submit="Record the agreement" if agreeing else "Record the sharing",
        intro=""
        if agreeing
        else "Share them with the family and their network: record when, how and with whom.",
    )


@staff_required
def statements_share(request: HttpRequest, child_id: int) -> HttpResponse:
    return _sharing_page(request, child_id, agreeing=False)


@staff_required
def statements_agree(request: HttpRequest, child_id: int) -> HttpResponse:
    return _sharing_page(request, child_id, agreeing=True)


@staff_required
def bottom_line_add(request: HttpRequest, child_id: int, statement_id: int) -> HttpResponse:
    child = child_to_change(request, child_id)
    statement = _or_404(lambda: selectors.statement_for_child(child=child, statement_id=statement_id))
    labels = child_labels(child=child, variant=statement.variant)
    form = BottomLineForm(request.POST or None)
    back = reverse("mapping:statement", args=[child.pk, statement.pk])
    goal = statement.current_goal
    return record_form(
        request,
        child=child,
        reason="Bottom line added",
        change=lambda: services.bottom_line_add(by=request.user, statement=statement, **form.cleaned_data),
        done=lambda _: ("Bottom line added", back),
        form=form,
        title="Add a bottom line",
        submit="Add",
        cancel=back,
        intro=f"For the {labels.goal.lower()}: “{goal.text if goal else ''}”",
    )


@staff_required
def harm_statement_add(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_to_change(request, child_id)
    form = HarmStatementForm(request.POST or None)
    back = reverse("mapping:statements", args=[child.pk])
    mapping = selectors.latest_mapping(child=child)
    return record_form(
        request,
        child=child,
        reason="Harm statement added",
        change=lambda: services.harm_statement_add(
            by=request.user,
            child=child,
            text=form.cleaned_data["text"],
            mapping=mapping if mapping and mapping.child_id == child.pk else None,
        ),
        done=lambda _: ("Harm statement added", back),
        form=form,
        title="Add a harm statement",
        submit="Add",
        cancel=back,
    )


# --- Scaling --------------------------------------------------------------------------------------


@staff_required
def scaling_add(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_to_change(request, child_id)
    statements = selectors.child_statements(child=child)
    initial = (
        {"statement": request.GET.get("statement")} if request.GET.get("statement", "").isdigit() else {}
    )
    form = ScalingQuestionForm(request.POST or None, statements=statements, initial=initial)
    return record_form(
        request,
        child=child,
        reason="Scaling question added",
        change=lambda: services.scaling_question_create(by=request.user, child=child, **form.cleaned_data),
        done=lambda question: (
            "Scaling question added",
            reverse("mapping:scaling", args=[child.pk, question.pk]),
        ),
        form=form,
        title="Add a scaling question",
        submit="Add the question",
        cancel=reverse("mapping:statements", args=[child.pk]),
        intro="Define both ends in words everyone understands.",
    )


@staff_required
def scaling_detail(request: HttpRequest, child_id: int, question_id: int) -> HttpResponse:
    child = child_to_read(request, child_id)
    question = _or_404(lambda: selectors.scaling_question_for_child(child=child, question_id=question_id))
    table = selectors.scaling_table(question=question)
    return render(
        request,
        "mapping/scaling.html",
        {
            **_base(child),
            "question": question,
            "table": table,
            "chart": scaling_chart(
                table=table,
                title=f"Scores over time: {question.question}",
                chart_id=f"scaling-chart-{question.pk}",
            )
            if table.series
            else None,
            "scores": question.scores.current().select_related("meeting").order_by("-scored_on", "pk"),
            "can_record": can_record(request, child),
        },
    )


def _scorer(value: str) -> tuple[Person | None, StaffMember | None]:
    kind, _, pk = value.partition(":")
    if kind == "person":
        return Person.objects.get(pk=pk), None
    if kind == "staff":
        return None, StaffMember.objects.select_related("user").get(pk=pk)
    return None, None


@staff_required
def scaling_round(request: HttpRequest, child_id: int, question_id: int) -> HttpResponse:
    child = child_to_change(request, child_id)
    question = _or_404(lambda: selectors.scaling_question_for_child(child=child, question_id=question_id))
    staff = list(
        StaffMember.objects.filter(council=child.council, involvements__child=child)
        .distinct()
        .select_related("user")
    ) or [request.staff]
    if request.staff not in staff:
        staff.append(request.staff)
    choices = scorer_choices(child=child, staff=staff)
    data = request.POST or None
    form = ScalingRoundForm(data, child=child, initial={"scored_on": timezone.localdate()})
    formset = ScoreFormSet(data, prefix="score", form_kwargs={"choices": choices})
    back = reverse("mapping:scaling", args=[child.pk, question.pk])

    def change():
        scores = []
        for row in formset.cleaned_data:
            if row.get("score") is None:
                continue
            person, member = _scorer(row["who"]) if row["who"] in dict(choices) else (None, None)
            scores.append(
                services.ScoreInput(
                    score=row["score"],
                    role=row["role"],
                    name=row["name"],
                    person=person,
                    staff=member,
                    why_not_lower=row["why_not_lower"],
                    to_move_up=row["to_move_up"],
                )
            )
        return services.scaling_round_record(
            by=request.user,
            question=question,
            scored_on=form.cleaned_data["scored_on"],
            meeting=form.cleaned_data.get("meeting"),
            scores=scores,
        )

    return record_form(
        request,
        child=child,
        form=form,
        formset=formset,
        reason="Scaling round recorded",
        change=change,
        done=lambda saved: (f"{len(saved)} score{'s' if len(saved) != 1 else ''} recorded", back),
        title="",
        cancel=back,
        template="mapping/scaling_round.html",
        labels=child_labels(child=child),
        question=question,
    )


# --- Next steps -----------------------------------------------------------------------------------


@staff_required
def next_step_add(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_to_change(request, child_id)
    statements = selectors.child_statements(child=child)
    initial = {"owner_staff": request.staff.pk}
    if request.GET.get("statement", "").isdigit():
        initial["statement"] = request.GET["statement"]
    form = NextStepForm(request.POST or None, child=child, statements=statements, initial=initial)
    mapping = selectors.latest_mapping(child=child)
    back = (
        request.GET.get("back") == "mapping"
        and mapping
        and reverse("mapping:mapping", args=[child.pk, mapping.pk])
        or reverse("mapping:statements", args=[child.pk])
    )
    return record_form(
        request,
        child=child,
        reason="Next step added",
        change=lambda: services.next_step_add(
            by=request.user,
            child=child,
            mapping=mapping if mapping and not mapping.is_complete else None,
            **form.cleaned_data,
        ),
        done=lambda _: ("Next step added", back),
        form=form,
        title="Add a next step",
        submit="Add the next step",
        cancel=back,
    )


@staff_required
def next_step_done(request: HttpRequest, child_id: int, step_id: int) -> HttpResponse:
    child = child_to_change(request, child_id)
    step = _or_404(lambda: selectors.child_next_steps(child=child).get(pk=step_id))
    form = NextStepDoneForm(request.POST or None, initial={"done_on": timezone.localdate()})
    wanted = request.GET.get("next", "")
    back = (
        wanted
        if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()})
        else reverse("mapping:statements", args=[child.pk])
    )
    return record_form(
        request,
        child=child,
        reason="Next step done",
        change=lambda: services.next_step_complete(
            by=request.user,
            step=step,
            done_on=form.cleaned_data["done_on"],
            note=form.cleaned_data["note"],
        ),
        done=lambda _: ("Next step done", back),
        form=form,
        title="Mark a next step done",
        submit="Mark as done",
        cancel=back,
        intro=f"“{step.what}”, {step.owner}, by {step.due_on:%-d %B %Y}",
    )


# --- One page -------------------------------------------------------------------------------------


@require_GET
@staff_required
def one_page(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_to_read(request, child_id)
    given = child.one_page_views_given.current()[:5]
    return render(
        request,
        "mapping/one_page.html",
        {**one_page_context(child=child), "given": given, "can_record": can_record(request, child)},
    )


@staff_required
def one_page_given(request: HttpRequest, child_id: int) -> HttpResponse:
    """Record that the one-page view was given to the family: it records its own event."""
    child = child_to_change(request, child_id)
    form = OnePageGivenForm(request.POST or None, initial={"on": timezone.localdate()})
    back = reverse("mapping:one_page", args=[child.pk])
    return record_form(
        request,
        child=child,
        reason="One-page view given to the family",
        change=lambda: services.one_page_view_give(by=request.user, child=child, **form.cleaned_data),
        done=lambda _: ("Recorded: the one-page view was given to the family", back),
        form=form,
        title="Record that the one-page view was given",
        submit="Record it",
        cancel=back,
        intro="The one-page view as it is now, given to the family (and network) on paper or by email.",
    )


@require_GET
@staff_required
def one_page_given_view(request: HttpRequest, child_id: int, given_id: int) -> HttpResponse:
    """The one-page view exactly as it was given to the family."""
    child = child_to_read(request, child_id)
    given = _or_404(lambda: child.one_page_views_given.current().get(pk=given_id))
    return render(request, "mapping/one_page_given.html", {**_base(child), "given": given})


@require_GET
@staff_required
def one_page_download(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_to_read(request, child_id)
    response = HttpResponse(one_page_pdf(child=child, request=request), content_type="application/pdf")
    name = f"{child.person.first_name}-{child.person.last_name}-one-page-{timezone.localdate():%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name.lower()}"'
    return response
