"""On the demo council, an event of a type Kinmap makes has what was made behind it, linked both ways;
types Kinmap does not make yet stay recorded by hand."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.apps import apps

from kinmap.demo.generator import build_demo_council
from kinmap.journey.models import Event
from kinmap.journey.vocabulary import vocabulary
from kinmap.mapping.models import (
    DangerStatement,
    Mapping,
    PairStatus,
    ScalingScore,
    SharingAction,
    StatementSharing,
)

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 3, 31)


@pytest.fixture(scope="module")
def council(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build = build_demo_council(children=120, seed=11, as_of=AS_OF)
        yield build.council
        from kinmap.demo.generator import remove_council

        remove_council(council=build.council)


def test_no_event_of_a_type_kinmap_makes_is_a_tick(council):
    made = vocabulary().artefact_types(made_in_kinmap=True)
    events = Event.objects.filter(child__council=council, type__in=made)
    counts = Counter(events.values_list("type", flat=True))
    assert counts["mapping_completed"] > 200 and counts["statements_shared"] > 100
    assert counts["scaling_recorded"] > 100 and counts["statements_agreed"] > 20
    ticks = events.filter(artefact_type="").values_list("type", "occurred_on")
    assert list(ticks) == []
    for type_ in counts:  # each names a record of the model the vocabulary gives, for the same child
        spec = vocabulary().event_types[type_].artefact
        of_type = events.filter(type=type_)
        assert set(of_type.values_list("artefact_type", flat=True)) == {spec.model}
        model = apps.get_model(spec.model)
        found = dict(model.objects.filter(pk__in=of_type.values("artefact_id")).values_list("pk", "child_id"))
        for child_id, artefact_id in of_type.values_list("child_id", "artefact_id"):
            assert found[artefact_id] == child_id


def test_each_mapping_completed_has_its_mapping_and_the_mapping_its_event(council):
    events = Event.objects.filter(child__council=council, type="mapping_completed")
    mappings = Mapping.objects.in_bulk(events.values_list("artefact_id", flat=True))
    assert len(mappings) == events.count()
    for event in events:
        mapping = mappings[event.artefact_id]
        assert mapping.completed_event_id == event.pk
        assert mapping.completed_on == mapping.mapped_on == event.occurred_on
        assert mapping.mapped_with == event.attributes["with"]
        assert mapping.entries.exists()
        if mapping.meeting is not None:  # done at the meeting, or written up after it
            assert mapping.mapped_with == "meeting" and mapping.meeting.occurred_on <= event.occurred_on
    assert Mapping.objects.filter(pk__in=mappings, meeting__isnull=False).exists()
    assert Mapping.history.filter(child__council=council).count() >= len(mappings)
    # A later mapping builds on the child's last: its entries carried forward.
    later = Mapping.objects.filter(child__council=council, previous__isnull=False).first()
    assert later is not None
    carried = later.entries.filter(carried_from__isnull=False)
    assert carried.exists() and all(e.carried_from.mapping_id == later.previous_id for e in carried)


def test_statements_shared_and_agreed_are_real_sharings_of_the_childs_statements(council):
    for type_, action in (
        ("statements_shared", SharingAction.SHARED),
        ("statements_agreed", SharingAction.AGREED),
    ):
        events = Event.objects.filter(child__council=council, type=type_)
        sharings = StatementSharing.objects.in_bulk(events.values_list("artefact_id", flat=True))
        for event in events:
            sharing = sharings[event.artefact_id]
            assert (sharing.event_id, sharing.action, sharing.on) == (event.pk, action, event.occurred_on)
            assert sharing.statements.exists() and sharing.goals.exists()
    agreed = DangerStatement.objects.filter(child__council=council, status=PairStatus.AGREED).first()
    assert agreed is not None  # its history shows it shared, then agreed
    statuses = list(agreed.history.order_by("history_date", "history_type").values_list("status", flat=True))
    assert statuses[0] == PairStatus.DRAFT
    assert {PairStatus.SHARED, PairStatus.AGREED} <= set(statuses)


def test_scaling_recorded_has_each_persons_score_that_day(council):
    events = Event.objects.filter(child__council=council, type="scaling_recorded")
    scored = set(
        ScalingScore.objects.filter(question__child__council=council).values_list("question_id", "scored_on")
    )
    for question_id, day in events.values_list("artefact_id", "occurred_on"):
        assert (question_id, day) in scored


def test_what_kinmap_does_not_make_yet_stays_recorded_by_hand(council):
    for type_ in ("genogram_completed", "words_and_pictures_shared"):
        events = Event.objects.filter(child__council=council, type=type_)
        assert events.exists()
        assert not events.exclude(artefact_type="").exists()
        assert all(e.recorded_by_hand for e in events[:20])
