"""Work done on paper, recorded on the event form: the event says so, and one recorded long after
it happened needs a reason (decisions 0103, 0104)."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from kinmap.core.testing import form_values, make_child, make_staff, make_team
from kinmap.journey.models import Event
from kinmap.journey.services import BACKDATED_AFTER_DAYS
from kinmap.journey.vocabulary import vocabulary

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LONG_AGO = TODAY - timedelta(days=BACKDATED_AFTER_DAYS + 1)


@pytest.fixture
def child(client):
    worker = make_staff(team=make_team(name="Assessment Team 1"))
    client.force_login(worker.user)
    return make_child(
        practitioner=worker, first_name="Sam", last_name="Fielding", started_on=TODAY - timedelta(days=90)
    )


def record(client, child, **data):
    return client.post(f"/children/{child.pk}/events/add/", data)


def test_a_genogram_ticked_on_the_form_shows_as_recorded_by_hand_on_the_childs_page(client, child):
    form = client.get(
        f"/children/{child.pk}/events/questions/", {"type": "genogram_completed"}
    ).content.decode()
    assert "Genograms are not made in Kinmap yet" in form

    assert record(client, child, type="genogram_completed", occurred_on=TODAY.isoformat()).status_code == 302
    event = Event.objects.get(child=child)
    assert event.artefact_type == "" and event.artefact_id is None
    child_page = client.get(child.get_absolute_url()).content.decode()
    assert "Genogram completed" in child_page and "Recorded by hand" in child_page
    detail = client.get(f"/children/{child.pk}/events/{event.pk}/").content.decode()
    assert "Recorded by hand: genograms are not made in Kinmap yet" in detail


def test_a_mapping_ticked_by_hand_says_so_and_tells_the_practitioner_before_they_record_it(client, child):
    form = client.get(
        f"/children/{child.pk}/events/questions/", {"type": "mapping_completed"}
    ).content.decode()
    assert "Kinmap records this itself, linked to the mapping" in form
    record(client, child, type="mapping_completed", occurred_on=TODAY.isoformat(), attr_with="family")
    event = Event.objects.get(child=child)
    journey = client.get(f"/children/{child.pk}/events/").content.decode()
    assert "Recorded by hand" in journey and "In the record" not in journey
    detail = client.get(f"/children/{child.pk}/events/{event.pk}/").content.decode()
    assert "Recorded by hand: not linked to anything made in Kinmap" in detail


def test_a_back_dated_tick_needs_a_reason_and_keeps_what_was_typed(client, child):
    data = {
        "type": "words_and_pictures_shared",
        "occurred_on": LONG_AGO.isoformat(),
        "attr_read_to_child_by_parent": "yes",
        "summary": "Read with Mum at home",
    }
    html = record(client, child, **data).content.decode()
    message = (
        "Say why &#x27;Words and pictures shared&#x27; is recorded more than "
        f"{BACKDATED_AFTER_DAYS} days after it happened"
    )
    assert html.count(message) == 2  # the summary at the top and by the field
    assert form_values(html)["summary"] == ["Read with Mum at home"]
    assert not Event.objects.exists()

    response = record(client, child, **data, backdated_reason="Done on paper; the laptop was away for repair")
    assert response.status_code == 302
    event = Event.objects.get(child=child)
    assert event.backdated_reason == "Done on paper; the laptop was away for repair"
    detail = client.get(f"/children/{child.pk}/events/{event.pk}/").content.decode()
    assert "Why it was recorded late" in detail and "the laptop was away for repair" in detail


def test_recent_ticks_and_events_that_stand_for_nothing_made_need_no_reason(client, child):
    recent = TODAY - timedelta(days=BACKDATED_AFTER_DAYS)
    assert record(client, child, type="genogram_completed", occurred_on=recent.isoformat()).status_code == 302
    visit = {"type": "home_visit", "occurred_on": LONG_AGO.isoformat(), "attr_child_seen": "yes"}
    assert record(client, child, **visit).status_code == 302
    assert Event.objects.filter(child=child, backdated_reason="").count() == 2


def test_every_type_kinmap_makes_names_a_model_with_a_page():
    for key in vocabulary().artefact_types(made_in_kinmap=True):
        label = vocabulary().event_types[key].artefact.model
        assert hasattr(apps.get_model(label), "get_absolute_url"), key
