from datetime import date, timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from kinmap.core.testing import make_child, make_council, make_staff, make_team
from kinmap.councils.models import AccessGrant, Role
from kinmap.councils.selectors import child_for_staff, visible_children
from kinmap.journey.models import Involvement

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams():
    return make_team(name="Assessment Team 1"), make_team(name="Assessment Team 2")


def test_practitioner_sees_their_teams_child(teams):
    worker = make_staff(team=teams[0])
    child = make_child(practitioner=worker)
    assert list(visible_children(staff=worker)) == [child]
    assert child_for_staff(staff=worker, child_id=child.pk) == child


def test_practitioner_of_another_team_sees_nothing_and_gets_404(teams):
    child = make_child(practitioner=make_staff(team=teams[0]))
    other = make_staff(team=teams[1])
    assert list(visible_children(staff=other)) == []
    with pytest.raises(Http404):
        child_for_staff(staff=other, child_id=child.pk)


def test_team_manager_sees_every_child_of_the_team_whoever_leads(teams):
    a = make_child(practitioner=make_staff(team=teams[0]), first_name="Ava")
    b = make_child(team=teams[0], first_name="Ben")  # not allocated
    make_child(practitioner=make_staff(team=teams[1]), first_name="Cal")
    manager = make_staff(team=teams[0], role=Role.TEAM_MANAGER)
    assert set(visible_children(staff=manager)) == {a, b}


def test_grant_extends_access_to_a_team_until_it_ends(teams):
    child = make_child(practitioner=make_staff(team=teams[1]))
    worker = make_staff(team=teams[0])
    admin = make_staff(team=teams[0], role=Role.ADMINISTRATOR)
    grant = AccessGrant.objects.create(staff=worker, team=teams[1], reason="Covering leave", granted_by=admin)
    assert child in visible_children(staff=worker)
    grant.ends_on = timezone.localdate() - timedelta(days=1)
    grant.save()
    assert child not in visible_children(staff=worker)


def test_grant_without_a_team_opens_the_whole_council(teams):
    child = make_child(practitioner=make_staff(team=teams[1]))
    worker = make_staff(team=teams[0])
    admin = make_staff(team=teams[0], role=Role.ADMINISTRATOR)
    AccessGrant.objects.create(staff=worker, team=None, reason="Duty senior", granted_by=admin)
    assert child in visible_children(staff=worker)


def test_chair_sees_child_protection_children_council_wide_but_not_others(teams):
    cp_team = make_team(name="Child Protection Team", service_areas=["child_protection"])
    protected = make_child(team=cp_team, service_area="child_protection", first_name="Dee")
    assessed = make_child(team=teams[1], first_name="Eli")
    chair = make_staff(team=teams[0], role=Role.CHAIR)
    visible = set(visible_children(staff=chair))
    assert protected in visible and assessed not in visible


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ADMINISTRATOR])
def test_auditor_and_administrator_see_the_whole_council_and_no_other(teams, role):
    mine = make_child(team=teams[1])
    elsewhere = make_child(team=make_team(council=make_council(name="Otherton"), name="Other Team"))
    viewer = make_staff(team=teams[0], role=role)
    visible = set(visible_children(staff=viewer))
    assert mine in visible and elsewhere not in visible


def test_team_loses_sight_of_a_child_a_year_after_the_involvement_ended(teams):
    worker = make_staff(team=teams[0])
    child = make_child(practitioner=worker, started_on=date(2020, 1, 6))
    involvement = Involvement.objects.get(child=child)
    involvement.ended_on = timezone.localdate() - timedelta(days=300)
    involvement.save()
    assert child in visible_children(staff=worker)
    involvement.ended_on = timezone.localdate() - timedelta(days=400)
    involvement.save()
    assert child not in visible_children(staff=worker)


def test_archived_children_leave_the_lists_but_their_page_still_opens(teams):
    worker = make_staff(team=teams[0])
    child = make_child(practitioner=worker)
    child.archive(reason="Duplicate record", by=worker.user)
    assert child not in visible_children(staff=worker)
    assert child_for_staff(staff=worker, child_id=child.pk) == child
