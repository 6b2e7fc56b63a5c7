"""Small factories for tests: synthetic councils, staff and children, made with explicit values.

Tests call these rather than building objects by hand, so a change to a model is mended here once.
"""

from __future__ import annotations

import itertools
from datetime import date
from html.parser import HTMLParser

from django.contrib.auth import get_user_model

from kinmap.councils.models import Council, StaffMember, Team
from kinmap.journey.models import Event, Involvement
from kinmap.people.models import Child, Person

PASSWORD = "correct-horse-battery-staple"
_counter = itertools.count(1)


def make_council(*, name: str = "Testshire", pack_name: str = "england") -> Council:
    council, _ = Council.objects.get_or_create(
        slug=name.lower().replace(" ", "-"), defaults={"name": name, "pack_name": pack_name}
    )
    return council


def make_team(*, council: Council | None = None, name: str = "Assessment Team 1",
              service_areas: list[str] | None = None) -> Team:
    council = council or make_council()
    team, _ = Team.objects.get_or_create(
        council=council, name=name, defaults={"service_areas": service_areas or ["assessment"]}
    )
    return team


def make_staff(*, team: Team | None = None, role: str = "practitioner", username: str | None = None,
               first_name: str = "Alex", last_name: str = "Worker") -> StaffMember:
    team = team or make_team()
    username = username or f"staff{next(_counter)}"
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=first_name, last_name=last_name
    )
    return StaffMember.objects.create(
        user=user, council=team.council, team=team, role=role, job_title="Social worker"
    )


def make_person(*, council: Council | None = None, first_name: str = "Jo", last_name: str = "Example",
                date_of_birth: date | None = date(1990, 1, 1), **facts) -> Person:
    return Person.objects.create(
        council=council or make_council(), first_name=first_name, last_name=last_name,
        date_of_birth=date_of_birth, **facts,
    )


def make_child(*, team: Team | None = None, practitioner: StaffMember | None = None,
               first_name: str = "Sam", last_name: str = "Example", date_of_birth: date = date(2015, 5, 1),
               service_area: str = "assessment", started_on: date = date(2026, 1, 5)) -> Child:
    """A child with one open involvement in `team`, led by `practitioner`."""
    team = team or (practitioner.team if practitioner else make_team())
    person = make_person(council=team.council, first_name=first_name, last_name=last_name,
                         date_of_birth=date_of_birth)
    child = Child.objects.create(person=person, council=team.council)
    Involvement.objects.create(
        child=child, service_area=service_area, team=team, lead_practitioner=practitioner,
        started_on=started_on,
    )
    return child


def make_event(*, child: Child, type: str, occurred_on: date, attributes: dict | None = None,
               refers_to: Event | None = None) -> Event:
    return Event.objects.create(
        child=child, type=type, occurred_on=occurred_on, attributes=attributes or {},
        refers_to=refers_to, involvement=child.involvements.first(),
    )


class _FormValues(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name") or ""
        if tag == "input" and name and a.get("type") not in ("hidden", "submit"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.values.setdefault(name, []).append(a.get("value") or "on")
            elif a.get("value"):
                self.values.setdefault(name, []).append(a["value"] or "")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a and a.get("value"):
            self.values.setdefault(self._select, []).append(a["value"] or "")
        elif tag == "textarea":
            self._textarea = name

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and data.strip():
            self.values.setdefault(self._textarea, []).append(data.strip())


def form_values(html: str) -> dict[str, list[str]]:
    """What the page's form controls hold, as a person sees them: typed text, chosen options, ticks."""
    parser = _FormValues()
    parser.feed(html)
    return parser.values
