"""The event form in the council's words: the facts its rules turn on asked for, "Not known" a
chosen answer (decision 0105), and its meeting's purpose and agenda shown (decision 0106)."""

from datetime import date

import pytest
from django.utils.html import escape

from kinmap.core.testing import form_values, make_child, make_council, make_event, make_staff, make_team
from kinmap.journey.models import Event
from kinmap.journey.vocabulary import NOT_KNOWN, vocabulary
from kinmap.rules.packs import load_pack

pytestmark = pytest.mark.django_db

ON = "2026-02-02"


def signed_in_child(client, pack: str, service_area: str = "child_in_need"):
    council = make_council(name=f"{pack.title()} Council", pack_name=pack)
    team = make_team(council=council, name="Family Support Team", service_areas=[service_area])
    worker = make_staff(team=team, username=f"{pack}-worker")
    client.force_login(worker.user)
    return make_child(team=team, practitioner=worker, service_area=service_area, started_on=date(2026, 1, 5))


def test_a_fact_the_rules_turn_on_must_be_answered_and_not_known_is_stored_and_shown(client):
    child = signed_in_child(client, "knowsley")
    questions = client.get(f"/children/{child.pk}/events/questions/", {"type": "family_network_meeting"})
    html = questions.content.decode()
    # Knowsley's rules turn on whether a support network meeting was rapid: asked, with "Not known".
    assert 'value="not_known"' in html and "The council&#x27;s rules turn on this" in html

    unanswered = client.post(
        f"/children/{child.pk}/events/add/", {"type": "family_network_meeting", "occurred_on": ON}
    )
    assert unanswered.content.decode().count("Answer “Rapid (same day)”, or choose “Not known”") == 2
    assert not Event.objects.exists()

    client.post(
        f"/children/{child.pk}/events/add/",
        {"type": "family_network_meeting", "occurred_on": ON, "attr_rapid": NOT_KNOWN},
    )
    event = Event.objects.get(child=child)
    assert event.attributes == {"rapid": NOT_KNOWN}
    detail = client.get(f"/children/{child.pk}/events/{event.pk}/").content.decode()
    assert "Rapid (same day)" in detail and "Not known" in detail

    corrected = client.get(f"/children/{child.pk}/events/{event.pk}/correct/").content.decode()
    assert form_values(corrected)["attr_rapid"] == [NOT_KNOWN]  # a correction starts from the answer


def test_a_question_no_rule_turns_on_stays_optional(client):
    child = signed_in_child(client, "england")
    response = client.post(
        f"/children/{child.pk}/events/add/", {"type": "family_network_meeting", "occurred_on": ON}
    )
    assert response.status_code == 302
    assert Event.objects.get(child=child).attributes == {}


def test_the_vocabulary_accepts_not_known_for_choices_and_yes_no_questions_only():
    check = vocabulary().check_attributes
    assert check("initial_child_protection_conference", {"outcome": NOT_KNOWN}) == []
    assert check("home_visit", {"child_seen": NOT_KNOWN}) == []
    assert check("strategy_discussion", {"agencies": NOT_KNOWN}) == ["'agencies' must be a whole number"]


def test_a_knowsley_practitioner_sees_their_own_meeting_names_and_the_meetings_agenda(client):
    child = signed_in_child(client, "knowsley")
    form = client.get(f"/children/{child.pk}/events/add/").content.decode()
    assert ">Support network meeting</option>" in form and "Family network meeting" not in form

    meeting = next(m for m in load_pack("knowsley").meeting_types if m.id == "family_network_meeting")
    questions = client.get(
        f"/children/{child.pk}/events/questions/", {"type": "family_network_meeting"}
    ).content.decode()
    assert "Support network meeting: its purpose and agenda" in questions
    first_item = meeting.agenda[0].replace("'", "&#x27;")
    assert f"<li>{first_item}</li>" in questions

    client.post(
        f"/children/{child.pk}/events/add/",
        {"type": "family_network_meeting", "occurred_on": ON, "attr_rapid": "no"},
    )
    for url in (child.get_absolute_url(), f"/children/{child.pk}/events/", f"/children/{child.pk}/history/"):
        html = client.get(url).content.decode()
        assert "Support network meeting" in html and "Family network meeting" not in html, url


def test_an_england_council_keeps_the_shared_words(client):
    child = signed_in_child(client, "england")
    form = client.get(f"/children/{child.pk}/events/add/").content.decode()
    england = {m.id: m.name for m in load_pack("england").meeting_types}
    assert f">{england['family_network_meeting']}</option>" in form
    assert "Support network meeting" not in form


def test_a_recorded_meeting_shows_its_agenda_on_its_page(client):
    child = signed_in_child(client, "knowsley")
    meeting = make_event(child=child, type="strategy_discussion", occurred_on=date(2026, 2, 2))
    described = next(m for m in load_pack("knowsley").meeting_types if m.id == "strategy_discussion")
    html = client.get(f"/children/{child.pk}/events/{meeting.pk}/").content.decode()
    assert f"{described.name}: its purpose and agenda" in html
    assert "The family is not invited." in html  # Knowsley: strategy meetings are for professionals


def test_a_fact_that_starts_a_clock_is_asked_for_too(client):
    # England counts the initial conference's 15 working days from a strategy discussion whose
    # outcome was a section 47 enquiry (`clock_from`): a strategy discussion must say its outcome.
    child = signed_in_child(client, "england")
    response = client.post(
        f"/children/{child.pk}/events/add/", {"type": "strategy_discussion", "occurred_on": ON}
    )
    assert response.content.decode().count("Answer “Outcome”, or choose “Not known”") == 2
    assert not Event.objects.exists()


def test_every_meeting_the_councils_pack_describes_is_on_its_meetings_page(client):
    child = signed_in_child(client, "knowsley")
    described = load_pack("knowsley").meeting_types
    questions = client.get(
        f"/children/{child.pk}/events/questions/", {"type": "family_network_meeting"}
    ).content.decode()
    assert 'href="/meetings/#family_network_meeting"' in questions
    html = client.get("/meetings/").content.decode()
    for meeting in described:
        assert f'id="{meeting.id}">{escape(meeting.name)}</h2>' in html
        assert all(f"<li>{escape(item)}</li>" in html for item in meeting.agenda), meeting.id
