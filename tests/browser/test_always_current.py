"""Always current: what a practitioner records changes their worklist at once, with no other step."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from kinmap.core.testing import make_child, make_council, make_staff, make_team
from kinmap.rules.packs import load_pack
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Northumberland: "At the initial care team meeting the draft timeline will be discussed and amended."
RULE = next(r for r in load_pack("northumberland").rules if r.id == "nld-cin-ctm-initial-timeline")


def record_event(page: Page, child_name: str, what: str) -> None:
    page.goto("/")
    page.get_by_role("link", name=child_name).click()
    page.get_by_role("link", name="Add an event").click()
    page.get_by_label("What happened?").select_option(label=what)
    page.get_by_label("Date", exact=True).fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Record the event").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{what} on ")


def test_a_care_team_meeting_puts_its_duty_on_the_worklist_and_recording_it_takes_it_off(page):
    assert RULE.trigger.event == "care_team_meeting"
    council = make_council(name="Northumberland", pack_name="northumberland")
    worker = make_staff(
        team=make_team(council=council, name="Child in Need 1", service_areas=["child_in_need"]),
        username="asha",
        first_name="Asha",
        last_name="Reed",
    )
    make_child(
        practitioner=worker,
        first_name="Sam",
        last_name="Fielding",
        service_area="child_in_need",
        started_on=timezone.localdate() - timedelta(days=14),
    )
    sign_in(page, "asha")
    page.get_by_role("link", name="My worklist").click()
    expect(page.get_by_text(RULE.title)).to_have_count(0)

    record_event(page, "Sam Fielding", "Care team meeting")
    page.get_by_role("link", name="My worklist").click()
    due = page.locator("table", has=page.get_by_text("Due in the next 5 working days"))
    expect(due.get_by_role("row", name=RULE.title)).to_contain_text("Sam Fielding")
    assert_accessible(page, screenshot="always-current-duty-appears")

    record_event(page, "Sam Fielding", "Timeline to closure drafted")
    page.get_by_role("link", name="My worklist").click()
    expect(page.get_by_role("heading", name="My worklist")).to_be_visible()
    expect(page.get_by_text(RULE.title)).to_have_count(0)
    assert_accessible(page, screenshot="always-current-duty-goes")
