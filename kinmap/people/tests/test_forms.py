"""Bad input on every people form: a clear message, the error title, and what was typed kept."""

import pytest

from kinmap.core.testing import form_values, make_child, make_person, make_staff, make_team
from kinmap.people.models import NetworkMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client):
    worker = make_staff(team=make_team(), first_name="Asha", last_name="Reed")
    child = make_child(practitioner=worker, first_name="Sam", last_name="Fielding")
    gran = make_person(council=child.council, first_name="Iris", last_name="Fielding")
    member = NetworkMember.objects.create(child=child, person=gran, role="support", joined_on="2026-01-10")
    client.force_login(worker.user)
    return {"child": child, "gran": gran, "member": member, "worker": worker}


CASES = {
    "add a child": (
        "/children/add/",
        lambda s: {
            "first_name": "Lou",
            "last_name": "",
            "date_of_birth": "2019-03-02",
            "sex": "F",
            "service_area": "assessment",
            "team": s["worker"].team_id,
            "started_on": "2026-01-12",
        },
        "Enter their last name",
        {"first_name": "Lou", "date_of_birth": "2019-03-02", "service_area": "assessment"},
    ),
    "add a child with no date of birth": (
        "/children/add/",
        lambda s: {
            "first_name": "Lou",
            "last_name": "Brook",
            "sex": "F",
            "service_area": "assessment",
            "team": s["worker"].team_id,
            "started_on": "2026-01-12",
            "reference": "REF-77",
        },
        "Enter the child&#x27;s date of birth, or an expected date of birth",
        {"last_name": "Brook", "reference": "REF-77"},
    ),
    "add a person": (
        "/children/{child}/people/add/",
        lambda s: {
            "first_name": "Mo",
            "last_name": "Fielding",
            "email": "not-an-email",
            "sex": "U",
            "relationship_kind": "aunt_uncle",
        },
        "Enter an email address in the right form",
        {"first_name": "Mo", "email": "not-an-email", "relationship_kind": "aunt_uncle"},
    ),
    "add a person to a household not yet recorded": (
        "/children/{child}/people/add/",
        lambda s: {"first_name": "Mo", "last_name": "Fielding", "sex": "U", "lives_with_child": "on"},
        "address first",
        {"first_name": "Mo", "lives_with_child": "on"},
    ),
    "change a person": (
        "/children/{child}/people/{gran}/",
        lambda s: {
            "first_name": "Iris",
            "last_name": "Fielding",
            "date_of_birth": "2999-01-01",
            "sex": "F",
            "phone": "07700 900123",
        },
        "Date of birth must be today or in the past",
        {"phone": "07700 900123", "date_of_birth": "2999-01-01"},
    ),
    "the address": (
        "/children/{child}/address/",
        lambda s: {"address_line_1": "1 Example Row", "town": "Testtown", "postcode": ""},
        "Enter the postcode",
        {"address_line_1": "1 Example Row", "town": "Testtown"},
    ),
    "add a relationship": (
        "/children/{child}/relationships/add/",
        lambda s: {
            "from_person": s["gran"].pk,
            "kind": "grandparent",
            "to_person": s["gran"].pk,
            "notes": "Sees her weekly",
        },
        "Choose two different people",
        {"notes": "Sees her weekly", "kind": "grandparent"},
    ),
    "add to the network": (
        "/children/{child}/network/add/",
        lambda s: {"person": s["gran"].pk, "circle": "inner", "job": "Takes Sam to football"},
        "Select their role in the network",
        {"job": "Takes Sam to football", "circle": "inner"},
    ),
    "change a network member": (
        "/children/{child}/network/{member}/",
        lambda s: {
            "role": "support",
            "circle": "middle",
            "job": "Weekend stays",
            "joined_on": "2026-01-10",
            "left_on": "2025-12-01",
        },
        "The end date must be on or after the date they joined",
        {"job": "Weekend stays", "left_on": "2025-12-01"},
    ),
    "archive a network member": (
        "/children/{child}/network/{member}/archive/",
        lambda s: {"reason": "   "},
        "Enter why this is being archived",
        {},
    ),
}


@pytest.mark.parametrize("case", CASES.keys())
def test_bad_input_is_explained_and_nothing_typed_is_lost(client, setup, case):
    url, data, message, kept = CASES[case]
    ids = {"child": setup["child"].pk, "gran": setup["gran"].pk, "member": setup["member"].pk}
    response = client.post(url.format(**ids), data(setup))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "There is a problem" in page
    assert page.count(message) == 2  # in the summary at the top and by the field
    values = form_values(page)
    for name, value in kept.items():
        assert values.get(name) == [value], name
