"""The team's list of children in pages: every child reachable, whatever the size of the team."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from kinmap.core.testing import make_staff, make_team
from kinmap.councils.models import Role
from kinmap.journey.models import Involvement
from kinmap.people.models import Child, Person

pytestmark = pytest.mark.django_db

TEAM_SIZE = 520  # more than the 500 the list once stopped at


@pytest.fixture
def team():
    """A team of 520 children, all led by one practitioner, 'Child 001' to 'Child 520'."""
    team = make_team(name="Safeguarding Team 1", service_areas=["child_protection"])
    worker = make_staff(team=team, first_name="Amy", last_name="Taylor")
    people = Person.objects.bulk_create(
        Person(council=team.council, first_name="Child", last_name=f"{n:03}", date_of_birth=date(2016, 1, 1))
        for n in range(1, TEAM_SIZE + 1)
    )
    children = Child.objects.bulk_create(Child(person=p, council=team.council) for p in people)
    Involvement.objects.bulk_create(
        Involvement(
            child=c,
            service_area="child_protection",
            team=team,
            lead_practitioner=worker,
            started_on=date(2026, 1, 5),
        )
        for c in children
    )
    return team


def _names(page: str) -> list[str]:
    return re.findall(r">Child (\d{3})</a>", page)


def test_every_child_of_a_large_team_is_on_one_page_of_the_list(client, team):
    client.force_login(make_staff(team=team, role=Role.TEAM_MANAGER).user)
    page = client.get("/team/").content.decode()
    assert f"{TEAM_SIZE} open involvements, 1 to 100 on this page" in page
    seen, pages = _names(page), 1
    while (following := re.search(r'href="([^"]+)" rel="next"', page)) is not None:
        page = client.get(f"/team/{html.unescape(following[1])}").content.decode()
        seen += _names(page)
        pages += 1
    assert pages == 6
    assert seen == [f"{n:03}" for n in range(1, TEAM_SIZE + 1)]  # each child once, in order
    assert "Child 501" in page and 'aria-current="page">6</a>' in page


def test_the_pages_keep_the_filters(client, team):
    client.force_login(make_staff(team=team, role=Role.TEAM_MANAGER).user)
    page = client.get("/team/", {"team": team.pk, "name": "Child", "service_area": "child_protection"})
    text = page.content.decode()
    following = html.unescape(re.search(r'href="([^"]+)" rel="next"', text)[1])
    assert (
        "name=Child" in following and "service_area=child_protection" in following and "page=2" in following
    )
    second = client.get(f"/team/{following}").content.decode()
    assert "101 to 200 on this page" in second and "Child 101" in second
    assert client.get("/team/", {"page": "999"}).status_code == 200  # past the end: the last page
