from datetime import date

import pytest

from kinmap.core.testing import form_values, make_child, make_event, make_staff, make_team
from kinmap.journey.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(client):
    worker = make_staff(team=make_team(name="Assessment Team 1"))
    client.force_login(worker.user)
    return worker


@pytest.fixture
def child(worker):
    return make_child(
        practitioner=worker, first_name="Sam", last_name="Fielding", started_on=date(2026, 1, 5)
    )


def test_event_questions_follow_the_type_with_htmx(client, child):
    page = client.get(f"/children/{child.pk}/events/questions/", {"type": "home_visit"}).content.decode()
    assert "Child seen alone" in page and "<html" not in page
    page = client.get(f"/children/{child.pk}/events/questions/", {"type": "closure"}).content.decode()
    assert "Network safety plan in place at closure" in page and "Child seen" not in page


def test_without_javascript_choosing_a_type_shows_its_questions_and_keeps_what_was_typed(client, child):
    response = client.post(
        f"/children/{child.pk}/events/add/",
        {
            "type": "family_network_meeting",
            "occurred_on": "2026-02-01",
            "summary": "Grandparents came",
            "choose_type": "1",
        },
    )
    page = response.content.decode()
    assert "Safety plan made" in page and "There is a problem" not in page
    assert form_values(page)["summary"] == ["Grandparents came"]
    assert not Event.objects.filter(child=child).exists()


def test_recording_an_event_stores_its_answers_in_the_vocabulary_types(client, worker, child):
    response = client.post(
        f"/children/{child.pk}/events/add/",
        {
            "type": "home_visit",
            "occurred_on": "2026-02-01",
            "attr_child_seen": "yes",
            "attr_child_seen_alone": "no",
            "attr_location": "home",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get(child=child)
    assert event.attributes == {"child_seen": True, "child_seen_alone": False, "location": "home"}
    assert event.recorded_by == worker.user and event.involvement == child.involvements.get()


def test_a_report_must_say_which_meeting_it_is_for(client, child):
    conference = make_event(
        child=child, type="initial_child_protection_conference", occurred_on=date(2026, 3, 2)
    )
    make_event(child=child, type="home_visit", occurred_on=date(2026, 2, 2))
    page = client.get(
        f"/children/{child.pk}/events/questions/", {"type": "report_shared_with_family"}
    ).content
    assert (
        b"Which meeting is it for?" in page and b"Initial child protection conference, 2 March 2026" in page
    )
    assert b"Visit, 2 February 2026" not in page
    response = client.post(
        f"/children/{child.pk}/events/add/",
        {
            "type": "report_shared_with_family",
            "occurred_on": "2026-02-27",
            "refers_to": conference.pk,
        },
    )
    assert response.status_code == 302
    assert Event.objects.get(type="report_shared_with_family").refers_to == conference


def test_correcting_an_event_replaces_it_and_keeps_both(client, child):
    visit = make_event(
        child=child, type="home_visit", occurred_on=date(2026, 1, 7), attributes={"child_seen": True}
    )
    form = form_values(client.get(f"/children/{child.pk}/events/{visit.pk}/correct/").content.decode())
    assert form["type"] == ["home_visit"] and form["attr_child_seen"] == ["yes"]
    response = client.post(
        f"/children/{child.pk}/events/{visit.pk}/correct/",
        {
            "type": "home_visit",
            "occurred_on": "2026-01-08",
            "attr_child_seen": "yes",
            "correction_reason": "Visit was the day after",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/children/{child.pk}/events/{visit.pk}/").content.decode()
    assert "This event was corrected" in page and "Visit was the day after" in page
    assert client.get(f"/children/{child.pk}/events/{visit.pk}/correct/").status_code == 404


def test_transferring_a_child_to_another_team_takes_them_off_my_list(client, worker, child):
    other_team = make_team(name="Child in Need Team 2")
    response = client.post(
        f"/children/{child.pk}/involvements/{child.involvements.get().pk}/transfer/",
        {
            "to_team": other_team.pk,
            "transferred_on": "2026-02-02",
            "reason": "Child in need plan agreed",
        },
    )
    assert response.status_code == 302 and response.url == "/"
    assert "Sam Fielding" not in client.get("/").content.decode()
    assert client.get(child.get_absolute_url()).status_code == 404
    manager = make_staff(team=other_team, role="team_manager")
    client.force_login(manager.user)
    page = client.get(child.get_absolute_url()).content.decode()
    assert "from Assessment Team 1" in page and "Child in need plan agreed" in page


def test_the_journey_panels_show_the_involvement_and_the_events_as_they_stand(client, worker, child):
    visit = make_event(child=child, type="home_visit", occurred_on=date(2026, 2, 2))
    response = client.post(
        f"/children/{child.pk}/events/{visit.pk}/correct/",
        {"type": "home_visit", "occurred_on": "2026-02-03", "correction_reason": "Wrong day"},
    )
    assert response.status_code == 302 and response.url.endswith("#events")
    page = client.get(child.get_absolute_url()).content.decode()
    journey, events = page.split('id="journey"')[1].split('id="events"')
    assert "Assessment Team 1" in journey and "End<span" in journey
    recent = events.split('id="mapping"')[0]
    assert "3 Feb 2026" in recent and "2 Feb 2026" not in recent  # the corrected one no longer counts
    everything = client.get(f"/children/{child.pk}/events/").content.decode()
    assert everything.count("<table") == 1 and "2 Feb 2026" in everything and "Corrected" in everything
