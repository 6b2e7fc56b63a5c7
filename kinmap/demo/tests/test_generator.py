"""The demo families: made the same from the same seed, every service area, real-looking records."""

from __future__ import annotations

import json
from datetime import date

import holidays
import pytest
from dateutil.relativedelta import relativedelta

from kinmap.core.testing import make_council, make_person
from kinmap.councils.models import StaffMember
from kinmap.demo.generator import build_demo_council, remove_council
from kinmap.journey.models import Event, Involvement, Transfer
from kinmap.journey.vocabulary import vocabulary
from kinmap.mapping.models import Mapping, ScalingScore, StatementSharing
from kinmap.people.models import Child, Household, NetworkMember, Person, Relationship

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 3, 31)
ENGLAND_AND_WALES = holidays.country_holidays("GB", subdiv="ENG")


def snapshot(council) -> tuple[list, list]:
    """People and events as a reader sees them (staff by username: their ids differ between builds)."""
    usernames = dict(StaffMember.objects.filter(council=council).values_list("pk", "user__username"))

    def shown(attributes: dict) -> str:
        if "practitioner" in attributes:
            attributes = {**attributes, "practitioner": usernames[attributes["practitioner"]]}
        return json.dumps(attributes, sort_keys=True)

    people = sorted(
        Person.objects.filter(council=council).values_list(
            "first_name", "last_name", "date_of_birth", "expected_date_of_birth", "household__postcode"
        ),
        key=str,
    )
    events = sorted(
        (
            (
                e.child.person.first_name,
                e.child.person.last_name,
                e.type,
                e.occurred_on,
                e.occurred_at_time,
                shown(e.attributes),
                e.recorded_by.username,
            )
            for e in Event.objects.filter(child__council=council).select_related(
                "child__person", "recorded_by"
            )
        ),
        key=str,
    )
    # What was made behind the events: mappings and their entries, sharings, scores.
    made = sorted(
        (
            *Mapping.objects.filter(child__council=council).values_list(
                "child__reference", "mapped_on", "mapped_with", "entries__domain", "entries__text"
            ),
            *StatementSharing.objects.filter(child__council=council).values_list(
                "child__reference", "on", "action", "statements__worry", "goals__text"
            ),
            *ScalingScore.objects.filter(question__child__council=council).values_list(
                "question__child__reference", "scored_on", "role", "score", "question__question"
            ),
        ),
        key=str,
    )
    return people, events + made


def test_the_same_seed_makes_the_same_families_and_events():
    first = build_demo_council(children=25, seed=5, as_of=AS_OF).council
    before = snapshot(first)
    remove_council(council=first)
    again = build_demo_council(children=25, seed=5, as_of=AS_OF).council
    assert snapshot(again) == before
    assert len(before[1]) > 500  # two years of work, not a handful of events
    remove_council(council=again)
    other = build_demo_council(children=25, seed=6, as_of=AS_OF).council
    assert snapshot(other)[0] != before[0]


def test_a_small_council_covers_every_service_area():
    council = build_demo_council(children=30, seed=3, as_of=AS_OF).council
    assert Child.objects.filter(council=council).count() == 30
    services = set(Involvement.objects.filter(child__council=council).values_list("service_area", flat=True))
    assert services == set(vocabulary().services)


def test_events_are_vocabulary_types_with_valid_attributes_and_references():
    council = build_demo_council(children=40, seed=8, as_of=AS_OF).council
    types = vocabulary().event_types
    events = list(Event.objects.filter(child__council=council).select_related("refers_to"))
    for event in events:
        spec = types[event.type]
        assert not spec.generated
        assert vocabulary().check_attributes(event.type, event.attributes) == [], event.type
        if spec.refers_to is None:
            assert event.refers_to is None
        else:
            target = types[event.refers_to.type]
            assert event.refers_to.type == spec.refers_to or (spec.refers_to == "meeting" and target.meeting)
        # Two years of history; only meetings already booked lie ahead of the as-of date.
        assert event.occurred_on >= AS_OF - relativedelta(years=2)
        assert event.occurred_on <= AS_OF or spec.meeting
    assert {
        "home_visit",
        "report_shared_with_family",
        "outcome_shared_with_family",
        "family_network_meeting",
        "genogram_completed",
        "mapping_completed",
        "cin_review",
        "looked_after_review",
        "initial_child_protection_conference",
        "core_group_meeting",
        "transfer",
    } <= {e.type for e in events}


def test_everyone_in_the_demo_belongs_to_its_council_and_other_councils_are_left_alone():
    elsewhere = make_person(council=make_council(name="Testshire"), first_name="Robin")
    council = build_demo_council(children=30, seed=4, as_of=AS_OF).council
    staff = set(StaffMember.objects.filter(council=council).values_list("pk", flat=True))
    for relationship in Relationship.objects.filter(from_person__council=council):
        assert relationship.to_person.council_id == council.pk
    assert not Relationship.objects.filter(to_person__council=council).exclude(from_person__council=council)
    for member in NetworkMember.objects.filter(child__council=council):
        assert member.person.council_id == council.pk
    assert not Household.objects.filter(members__council=council).exclude(council=council)
    for involvement in Involvement.objects.filter(child__council=council):
        assert involvement.team.council_id == council.pk
        assert involvement.lead_practitioner.council_id == council.pk
    for event in Event.objects.filter(child__council=council, type="allocated"):
        assert event.attributes["practitioner"] in staff
    remove_council(council=council)
    assert Person.objects.filter(pk=elsewhere.pk).exists()
    assert not Person.objects.filter(council=council.pk).exists()


def test_people_and_involvements_have_their_history():
    council = build_demo_council(children=40, seed=2, as_of=AS_OF).council
    people = Person.objects.filter(council=council)
    historical = Person.history.model.objects.filter(council_id=council.pk)
    assert set(historical.values_list("id", flat=True)) == set(people.values_list("pk", flat=True))
    assert not historical.filter(history_user__isnull=True).exists()  # each version says who made it
    # A child placed with carers: their record still shows the home they lived in before.
    moved = historical.filter(history_type="~").values_list("id", flat=True)
    assert moved
    homes = set(historical.filter(id=moved[0]).values_list("household_id", flat=True))
    assert len(homes) >= 2
    # A transfer: the involvement's history keeps the team it came from.
    transfer = Transfer.objects.filter(involvement__child__council=council).first()
    assert transfer is not None
    teams = set(Involvement.history.filter(id=transfer.involvement_id).values_list("team_id", flat=True))
    assert {transfer.from_team_id, transfer.to_team_id} <= teams


def test_some_first_visits_are_within_five_working_days_of_the_referral_and_some_are_late():
    council = build_demo_council(children=80, seed=1, as_of=AS_OF).council
    on_time = late = 0
    for referral in Event.objects.filter(
        child__council=council, type="referral_received", involvement__service_area="first_contact"
    ):
        visit = (
            Event.objects.filter(
                child=referral.child, type="home_visit", occurred_on__gte=referral.occurred_on
            )
            .order_by("occurred_on")
            .first()
        )
        if visit is None:
            continue
        deadline = ENGLAND_AND_WALES.get_nth_working_day(referral.occurred_on, 5)
        if visit.occurred_on <= deadline:
            on_time += 1
        else:
            late += 1
    assert on_time > late > 0


def test_families_look_like_families():
    council = build_demo_council(children=30, seed=9, as_of=AS_OF).council
    kinds = set(Relationship.objects.filter(from_person__council=council).values_list("kind", flat=True))
    assert {
        "parent",
        "step_parent",
        "sibling",
        "half_sibling",
        "grandparent",
        "partner",
        "ex_partner",
        "professional",
        "foster_carer",
    } <= kinds
    roles = set(NetworkMember.objects.filter(child__council=council).values_list("role", "circle"))
    assert {role for role, _ in roles} == {"safety_person", "support", "professional"}
    assert NetworkMember.objects.filter(child__council=council, role="safety_person").exclude(job="").exists()
    people = Person.objects.filter(council=council)
    unborn = people.filter(date_of_birth__isnull=True, expected_date_of_birth__gt=AS_OF)
    assert Child.objects.filter(person__in=unborn).exists()
    assert people.filter(interpreter_needed=True).exclude(first_language="English").exists()
    assert people.exclude(contact_method="").exists()
    assert people.exclude(disability="").exists()
    # Synthetic contact details: Ofcom's drama numbers and reserved example domains only.
    for phone, email in people.exclude(phone="").values_list("phone", "email"):
        assert phone.startswith("07700 900")
        assert not email or email.endswith(".example") or email.endswith("@example.com")
