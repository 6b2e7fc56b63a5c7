from datetime import date

import pytest

from kinmap.core.testing import make_child, make_council, make_staff, make_team


@pytest.fixture
def council(db):
    return make_council(name="Testshire", pack_name="england")


@pytest.fixture
def worker(council):
    team = make_team(council=council, name="Child Protection Team", service_areas=["child_protection"])
    return make_staff(team=team, first_name="Asha", last_name="Patel", username="asha")


@pytest.fixture
def child(worker):
    return make_child(
        practitioner=worker,
        first_name="Sam",
        last_name="Fielding",
        service_area="child_protection",
        started_on=date(2026, 1, 5),
    )


@pytest.fixture
def signed_in(client, worker):
    client.force_login(worker.user)
    return client
