from datetime import date

import pytest
from django.core.exceptions import ValidationError

from kinmap.core.models import RecordDeletionRefused
from kinmap.core.testing import make_child, make_event, make_person, make_staff, make_team
from kinmap.journey.models import Event, EventChangeRefused, Involvement, Transfer
from kinmap.journey.services import event_record, involvement_end, involvement_transfer
from kinmap.people.models import Child, NetworkMember, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker():
    return make_staff(team=make_team(name="Assessment Team 1"), first_name="Asha", last_name="Reed")


def test_transfer_moves_the_involvement_and_keeps_the_old_team_and_practitioner(worker):
    child = make_child(practitioner=worker)
    involvement = child.involvements.get()
    to_team = make_team(name="Child in Need Team 2")
    to_worker = make_staff(team=to_team, first_name="Bo", last_name="Lane")
    involvement_transfer(
        by=worker.user,
        involvement=involvement,
        transferred_on=date(2026, 2, 2),
        to_team=to_team,
        to_practitioner=to_worker,
        reason="Assessment done; child in need plan",
    )
    involvement.refresh_from_db()
    assert (involvement.team, involvement.lead_practitioner) == (to_team, to_worker)
    transfer = Transfer.objects.get(involvement=involvement)
    assert (transfer.from_team.name, transfer.from_practitioner) == ("Assessment Team 1", worker)
    before = involvement.history.order_by("history_date").first()
    assert before.team_id == worker.team_id and before.lead_practitioner_id == worker.pk
    assert involvement.history.order_by("-history_date").first().history_user == worker.user
    event = Event.objects.get(child=child, type="transfer")
    assert event.attributes == {"from_team": "Assessment Team 1", "to_team": "Child in Need Team 2"}


def test_transfer_to_someone_outside_the_chosen_team_is_refused(worker):
    child = make_child(practitioner=worker)
    elsewhere = make_staff(team=make_team(name="Looked After Team"))
    with pytest.raises(ValidationError, match="is not in Assessment Team 1"):
        involvement_transfer(
            by=worker.user,
            involvement=child.involvements.get(),
            transferred_on=date(2026, 2, 2),
            to_team=worker.team,
            to_practitioner=elsewhere,
            reason="Cover",
        )


def test_ended_involvement_cannot_be_ended_again(worker):
    involvement = make_child(practitioner=worker).involvements.get()
    involvement_end(by=worker.user, involvement=involvement, ended_on=date(2026, 3, 1), end_reason="Closed")
    with pytest.raises(ValidationError, match="already ended"):
        involvement_end(
            by=worker.user, involvement=involvement, ended_on=date(2026, 3, 2), end_reason="Closed"
        )


def test_events_cannot_be_changed_or_deleted_only_corrected(worker):
    child = make_child(practitioner=worker)
    visit = make_event(
        child=child, type="home_visit", occurred_on=date(2026, 1, 7), attributes={"child_seen": True}
    )
    visit.attributes = {"child_seen": False}
    with pytest.raises(EventChangeRefused):
        visit.save()
    with pytest.raises(EventChangeRefused):
        visit.delete()
    correction = event_record(
        by=worker.user,
        child=child,
        type="home_visit",
        occurred_on=date(2026, 1, 8),
        attributes={"child_seen": True},
        corrects=visit,
        correction_reason="Wrong date",
    )
    assert correction.corrects == visit and Event.objects.filter(pk=visit.pk).exists()
    with pytest.raises(ValidationError, match="already been corrected"):
        event_record(
            by=worker.user,
            child=child,
            type="home_visit",
            occurred_on=date(2026, 1, 9),
            attributes={},
            corrects=visit,
            correction_reason="Again",
        )


def test_event_attributes_are_checked_against_the_vocabulary(worker):
    child = make_child(practitioner=worker)
    with pytest.raises(ValidationError, match="'mood' is not an attribute of home_visit"):
        event_record(
            by=worker.user,
            child=child,
            type="home_visit",
            occurred_on=date(2026, 1, 7),
            attributes={"mood": "good"},
        )


def test_event_belongs_to_the_involvement_open_on_its_date(worker):
    child = make_child(practitioner=worker, started_on=date(2026, 1, 5))
    before = event_record(
        by=worker.user, child=child, type="contact_received", occurred_on=date(2025, 12, 1), attributes={}
    )
    during = event_record(
        by=worker.user, child=child, type="contact_received", occurred_on=date(2026, 1, 6), attributes={}
    )
    assert before.involvement is None and during.involvement == child.involvements.get()


@pytest.mark.parametrize("rows", [Child.objects, Person.objects, NetworkMember.objects, Involvement.objects])
def test_nothing_in_the_record_can_be_deleted(worker, rows):
    child = make_child(practitioner=worker)
    NetworkMember.objects.create(child=child, person=make_person(council=child.council), role="support")
    with pytest.raises(RecordDeletionRefused):
        rows.all().delete()
    with pytest.raises(RecordDeletionRefused):
        rows.first().delete()
    assert rows.exists()
