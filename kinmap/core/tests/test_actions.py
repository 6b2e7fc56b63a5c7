"""The one path for every change to a child's record: policy, validation, history, follow-ups."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kinmap.core.access import Do, policy
from kinmap.core.actions import change_record
from kinmap.core.testing import make_child, make_council, make_staff, make_team
from kinmap.councils.models import Role
from kinmap.journey import services as journey
from kinmap.journey.models import Event, Involvement
from kinmap.people import services as people

pytestmark = pytest.mark.django_db

called: list[int] = []


def remember(*, child_id: int) -> None:
    called.append(child_id)


def fail(*, child_id: int) -> None:
    raise RuntimeError("the follow-up broke")


@pytest.fixture
def worker():
    return make_staff(team=make_team(name="Assessment Team 1"), first_name="Asha", last_name="Reed")


@pytest.fixture
def child(worker):
    return make_child(practitioner=worker, first_name="Sam", last_name="Fielding")


@pytest.fixture
def follow_ups(settings):
    called.clear()
    settings.KINMAP_RECORD_FOLLOW_UPS = [f"{__name__}.remember"]
    return called


def end(worker, child, reason=""):
    involvement = child.involvements.get()
    return change_record(
        staff=worker,
        user=worker.user,
        child=child,
        reason="Involvement ended",
        change=lambda: journey.involvement_end(
            by=worker.user, involvement=involvement, ended_on=date(2026, 2, 1), end_reason=reason
        ),
    )


def test_the_change_is_kept_with_who_and_why_and_followed_up_after_commit(
    worker, child, follow_ups, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as waiting:
        end(worker, child, reason="Moved away")
        assert follow_ups == []  # nothing runs before the change is committed
    assert len(waiting) == 1 and follow_ups == [child.pk]
    version = Involvement.history.filter(id=child.involvements.get().pk).latest("history_date")
    assert (version.history_user, version.history_change_reason) == (worker.user, "Involvement ended")


def test_a_refused_change_writes_nothing_and_follows_nothing_up(
    worker, child, follow_ups, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        end(worker, child, reason="  ")
    assert child.involvements.get().ended_on is None and follow_ups == []


def test_the_policy_refuses_before_anything_is_written(child, follow_ups, django_capture_on_commit_callbacks):
    auditor = make_staff(team=make_team(name="Quality"), role=Role.AUDITOR)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        end(auditor, child, reason="Moved away")
    assert child.involvements.get().ended_on is None and follow_ups == []


def test_a_failing_follow_up_does_not_lose_the_change(
    worker, child, settings, django_capture_on_commit_callbacks
):
    settings.KINMAP_RECORD_FOLLOW_UPS = [f"{__name__}.fail"]
    with django_capture_on_commit_callbacks(execute=True):
        end(worker, child, reason="Moved away")
    assert child.involvements.get().ended_on == date(2026, 2, 1)


def test_a_new_child_is_followed_up_by_its_own_id(worker, follow_ups, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        child = change_record(
            staff=worker,
            user=worker.user,
            child=None,
            do=Do.ADD_CHILD,
            reason="Child added",
            change=lambda: people.child_create(
                by=worker.user,
                council=worker.council,
                person_fields={"first_name": "Lou", "last_name": "Pike", "date_of_birth": date(2019, 3, 3)},
                reference="",
                service_area="assessment",
                team=worker.team,
                started_on=date(2026, 1, 5),
            ),
        )
    assert follow_ups == [child.pk]


@pytest.mark.parametrize(
    ("role", "may"),
    [
        (Role.PRACTITIONER, {Do.RECORD, Do.ADD_CHILD, Do.WORKLIST}),
        (Role.TEAM_MANAGER, {Do.RECORD, Do.ADD_CHILD, Do.WORKLIST, Do.DASHBOARD}),
        (Role.CHAIR, {Do.RECORD, Do.ADD_CHILD}),
        (Role.AUDITOR, {Do.DASHBOARD}),
        (Role.ADMINISTRATOR, {Do.DASHBOARD, Do.CHOOSE_PACK}),
    ],
)
def test_each_role_is_offered_what_the_policy_allows_and_nothing_else(client, child, role, may):
    staff = make_staff(team=make_team(name="Assessment Team 1"), role=role)
    client.force_login(staff.user)
    page = client.get(child.get_absolute_url()).content.decode()
    links = {
        Do.RECORD: reverse("journey:event_add", args=[child.pk]),
        Do.ADD_CHILD: reverse("people:child_add"),
        Do.WORKLIST: reverse("worklists:worklist"),
        Do.DASHBOARD: reverse("worklists:dashboard"),
        Do.CHOOSE_PACK: reverse("worklists:pack"),
    }
    assert {do for do, url in links.items() if f'href="{url}"' in page} == may


def test_an_archived_childs_record_cannot_be_changed_by_anyone(client, worker, child):
    people.record_archive(by=worker.user, record=child, reason="Made twice")
    client.force_login(worker.user)
    page = client.get(child.get_absolute_url()).content.decode()
    assert "It can be read but not changed" in page and "Add an event" not in page
    response = client.post(
        reverse("journey:event_add", args=[child.pk]), {"type": "home_visit", "occurred_on": "2026-02-01"}
    )
    assert response.status_code == 403 and not Event.objects.filter(child=child).exists()


def test_a_child_of_another_council_is_never_changed(worker):
    elsewhere = make_child(team=make_team(council=make_council(name="Otherby"), name="Team A"))
    assert not policy.allows(staff=worker, do=Do.RECORD, child=elsewhere)


def test_the_history_page_says_why_each_change_was_made(client, worker, child):
    client.force_login(worker.user)
    involvement = child.involvements.get()
    client.post(
        reverse("journey:involvement_end", args=[child.pk, involvement.pk]),
        {"ended_on": "2026-02-01", "end_reason": "Moved away"},
    )
    page = client.get(reverse("people:child_history", args=[child.pk])).content.decode()
    row = next(r for r in page.split("<tr") if "Assessment" in r and "Changed" in r)
    assert "Involvement ended" in row and "Asha Reed" in row
