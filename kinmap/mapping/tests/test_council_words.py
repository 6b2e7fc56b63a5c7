"""The mapping's pages and the one-page view (whose body the PDF shares) name meetings in the
council's own words (decision 0106)."""

from datetime import date

import pytest

from kinmap.core.testing import make_child, make_council, make_event, make_staff, make_team
from kinmap.mapping import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def knowsley(client):
    council = make_council(name="Knowsley", pack_name="knowsley")
    team = make_team(council=council, name="Child in Need Team", service_areas=["child_in_need"])
    worker = make_staff(team=team, username="asha")
    child = make_child(
        team=team, practitioner=worker, service_area="child_in_need", started_on=date(2026, 1, 5)
    )
    meeting = make_event(child=child, type="family_network_meeting", occurred_on=date(2026, 2, 2))
    mapping = services.mapping_start(
        by=worker.user, child=child, mapped_on=date(2026, 2, 2), mapped_with="meeting", meeting=meeting
    )
    client.force_login(worker.user)
    return child, mapping


def test_the_mapping_and_the_one_page_view_name_the_meeting_as_knowsley_does(client, knowsley):
    child, mapping = knowsley
    for url in (f"/children/{child.pk}/mapping/{mapping.pk}/", f"/children/{child.pk}/mapping/"):
        html = client.get(url).content.decode()
        assert "Support network meeting" in html and "Family network meeting" not in html, url
    one_page = client.get(f"/children/{child.pk}/one-page/").content.decode()
    assert "from the mapping of 2 February 2026 at the support network meeting" in one_page
