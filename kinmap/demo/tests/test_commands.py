"""`kinmap demo` and `kinmap serve`, as someone trying Kinmap sees them."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kinmap.councils.models import Council
from kinmap.demo.generator import DEMO_PASSWORD, SIGN_INS
from kinmap.demo.management.commands.runserver_kinmap import Command as Serve
from kinmap.people.models import Child, Person
from kinmap.rules.models import RuleResult

pytestmark = pytest.mark.django_db
AS_OF = "2026-03-31"


def demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_demo_builds_a_council_checks_its_rules_and_says_how_to_sign_in(client):
    out = demo("--children", "30", "--as-of", AS_OF)
    council = Council.objects.get(slug="demoshire")
    assert Child.objects.filter(council=council).count() == 30
    assert "30 children" in out
    assert DEMO_PASSWORD in out
    for role, username, *_ in SIGN_INS:
        assert role in out and username in out
    assert "Safeguarding Team 1" in out and "Assessment Team 1" in out  # where the practitioners work
    # The rules were checked: some work on time, some late, some due, some overdue.
    statuses = set(RuleResult.objects.filter(child__council=council).values_list("status", flat=True))
    assert {"met", "met_late", "due", "overdue"} <= statuses
    assert client.login(username="amy.practitioner", password=DEMO_PASSWORD)


def test_demo_leaves_an_existing_council_alone_unless_told_to_replace_it():
    demo("--children", "20", "--as-of", AS_OF, "--seed", "1")
    names = set(Person.objects.values_list("first_name", "last_name"))
    out = demo("--children", "40", "--as-of", AS_OF)
    assert "already here" in out and "--reset" in out
    assert "amy.practitioner" in out  # the sign-ins are still shown
    assert Child.objects.count() == 20
    demo("--children", "40", "--as-of", AS_OF, "--seed", "2", "--reset")
    assert Council.objects.filter(slug="demoshire").count() == 1
    assert Child.objects.count() == 40
    assert set(Person.objects.values_list("first_name", "last_name")) != names


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--children", "0"), "--children must be 1 or more"),
        (("--pack", "atlantis"), "There is no pack called 'atlantis'"),
        (("--as-of", "2999-01-01"), "cannot be after today"),
        (("--as-of", "31/03/2026"), "write it as YYYY-MM-DD"),
    ],
)
def test_bad_input_gets_a_clear_message_and_builds_nothing(args, message):
    with pytest.raises(CommandError, match=message):
        demo(*args)
    assert not Council.objects.exists()


def test_serve_says_where_kinmap_is_and_how_to_sign_in():
    def bound() -> str:
        command = Serve(stdout=StringIO())
        command.addr, command._raw_ipv6 = "127.0.0.1", False
        command.on_bind(8000)
        return command.stdout.getvalue()

    assert "Kinmap is running at http://127.0.0.1:8000/ — sign in with your account" in bound()
    demo("--children", "15", "--as-of", AS_OF)
    assert "Kinmap is running at http://127.0.0.1:8000/ — sign in with the accounts listed above" in bound()
