"""The record's pages as a practitioner and a team manager use them."""

from datetime import date

import pytest

from kinmap.core.testing import make_child, make_event, make_person, make_staff, make_team
from kinmap.councils.models import Role
from kinmap.people.models import NetworkMember, Relationship, RelationshipType, SafetyCircle

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker():
    return make_staff(
        team=make_team(name="Assessment Team 1"), username="asha", first_name="Asha", last_name="Reed"
    )


@pytest.fixture
def child(worker):
    child = make_child(practitioner=worker, first_name="Sam", last_name="Fielding")
    gran = make_person(council=child.council, first_name="Iris", last_name="Fielding")
    teacher = make_person(
        council=child.council,
        first_name="Pat",
        last_name="Moss",
        is_professional=True,
        organisation="Hill Primary",
    )
    NetworkMember.objects.create(
        child=child,
        person=gran,
        role="safety_person",
        circle=SafetyCircle.INNER,
        job="Collects Sam from school every day",
    )
    NetworkMember.objects.create(child=child, person=teacher, role="professional", circle=SafetyCircle.OUTER)
    Relationship.objects.create(from_person=gran, to_person=child.person, kind=RelationshipType.GRANDPARENT)
    return child


def test_my_children_lists_the_caseload_with_last_seen(client, worker, child):
    make_event(child=child, type="home_visit", occurred_on=date(2026, 2, 3), attributes={"child_seen": True})
    make_event(
        child=child, type="home_visit", occurred_on=date(2026, 2, 20), attributes={"child_seen": False}
    )
    client.force_login(worker.user)
    page = client.get("/").content.decode()
    assert "Sam Fielding" in page
    assert "Assessment" in page
    assert "3 Feb 2026" in page  # the last visit on which Sam was seen, not the later one


def test_child_page_shows_who_they_are_network_by_circle_and_journey(client, worker, child):
    client.force_login(worker.user)
    page = client.get(child.get_absolute_url()).content.decode()
    inner, outer = page.index("Inner circle"), page.index("Outer circle")
    assert inner < page.index("Iris Fielding") < page.index("Middle circle") < outer < page.index("Pat Moss")
    assert "Collects Sam from school every day" in page
    assert "grandparent" in page
    assert "Assessment Team 1" in page and "Asha Reed" in page


def test_practitioner_of_another_team_cannot_open_the_child_nor_see_them_listed(client, child):
    other = make_staff(team=make_team(name="Assessment Team 2"))
    client.force_login(other.user)
    assert client.get(child.get_absolute_url()).status_code == 404
    assert client.get(f"{child.get_absolute_url()}history/").status_code == 404
    assert client.get(f"/children/{child.pk}/events/add/").status_code == 404
    assert "Sam Fielding" not in client.get("/team/").content.decode()


def test_team_manager_sees_the_teams_children_by_practitioner_and_filters_them(client, worker, child):
    team = worker.team
    colleague = make_staff(team=team, first_name="Bo", last_name="Lane")
    make_child(practitioner=colleague, first_name="Tia", last_name="Marsh", service_area="child_in_need")
    make_child(team=team, first_name="Una", last_name="Pike")
    manager = make_staff(team=team, role=Role.TEAM_MANAGER)
    client.force_login(manager.user)
    page = client.get("/team/").content.decode()
    assert "Sam Fielding" in page and "Tia Marsh" in page and "Una Pike" in page
    assert page.index("Bo Lane") < page.index("Tia Marsh")
    assert "Not allocated" in page
    filtered = client.get("/team/", {"team": team.pk, "service_area": "child_in_need"}).content.decode()
    assert "Tia Marsh" in filtered and "Sam Fielding" not in filtered
    unallocated = client.get("/team/", {"team": team.pk, "unallocated": "on"}).content.decode()
    assert "Una Pike" in unallocated and "Sam Fielding" not in unallocated


def test_auditor_reads_but_cannot_change(client, child):
    auditor = make_staff(team=make_team(name="Quality Team"), role=Role.AUDITOR)
    client.force_login(auditor.user)
    page = client.get(child.get_absolute_url()).content.decode()
    assert "Sam Fielding" in page and "Add an event" not in page
    assert client.get(f"/children/{child.pk}/events/add/").status_code == 403


def test_history_shows_who_changed_what_and_when(client, worker, child):
    client.force_login(worker.user)
    person = child.person
    response = client.post(
        f"/children/{child.pk}/people/{person.pk}/",
        {
            "first_name": "Sam",
            "last_name": "Fielding",
            "known_as": "Sammy",
            "date_of_birth": "2015-05-01",
            "sex": "U",
            "first_language": "English",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/children/{child.pk}/history/").content.decode()
    assert "Asha Reed" in page
    assert "Known as: (empty) → Sammy" in page


def test_adding_a_person_with_a_relationship_puts_them_in_the_childs_life(client, worker, child):
    client.force_login(worker.user)
    response = client.post(
        f"/children/{child.pk}/people/add/",
        {
            "first_name": "Mo",
            "last_name": "Fielding",
            "relationship_kind": "aunt_uncle",
            "sex": "U",
        },
    )
    assert response.status_code == 302
    page = client.get(child.get_absolute_url()).content.decode()
    assert "Mo Fielding" in page and "aunt or uncle" in page


def test_adding_a_child_makes_their_first_involvement_and_lists_them(client, worker):
    client.force_login(worker.user)
    response = client.post(
        "/children/add/",
        {
            "first_name": "Lou",
            "last_name": "Brook",
            "date_of_birth": "2019-03-02",
            "sex": "F",
            "first_language": "English",
            "service_area": "assessment",
            "team": worker.team_id,
            "lead_practitioner": worker.pk,
            "started_on": "2026-01-12",
        },
    )
    assert response.status_code == 302
    assert "Lou Brook" in client.get("/").content.decode()


def test_archiving_keeps_the_network_member_out_of_the_network_but_in_the_history(client, worker, child):
    client.force_login(worker.user)
    member = NetworkMember.objects.get(child=child, person__first_name="Pat")
    response = client.post(
        f"/children/{child.pk}/network/{member.pk}/archive/", {"reason": "Left the school"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.archived_reason == "Left the school"
    page = client.get(child.get_absolute_url()).content.decode()
    network = page[page.index('id="network"') : page.index('id="relationships"')]
    assert "Iris Fielding" in network and "Pat Moss" not in network
    history = client.get(f"/children/{child.pk}/history/").content.decode()
    assert "Archived" in history and "Left the school" in history


@pytest.mark.parametrize(
    ("pack", "label"), [("england", "Signs of Wellbeing"), ("knowsley", "Signs of Safety")]
)
def test_the_variant_is_named_as_the_councils_pack_names_it_for_the_service_area(client, pack, label):
    team = make_team(name="Child in Need Team", service_areas=["child_in_need"])
    team.council.pack_name = pack
    team.council.save()
    worker = make_staff(team=team)
    make_child(practitioner=worker, service_area="child_in_need")
    client.force_login(worker.user)
    assert label in client.get("/").content.decode()
