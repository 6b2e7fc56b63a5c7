"""A Knowsley practitioner records meetings and work in Knowsley's words: the meeting's agenda on
the form, the facts its rules turn on asked for with "Not known" an answer, and a tick that says so."""

from datetime import date

import pytest
from playwright.sync_api import expect

from kinmap.core.testing import make_child, make_council, make_staff, make_team
from kinmap.rules.packs import load_pack
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_knowsley_practitioner_records_a_support_network_meeting_and_a_genogram_by_hand(page):
    council = make_council(name="Knowsley", pack_name="knowsley")
    team = make_team(council=council, name="Child in Need Team", service_areas=["child_in_need"])
    worker = make_staff(team=team, username="asha", first_name="Asha", last_name="Reed")
    make_child(
        team=team,
        practitioner=worker,
        first_name="Sam",
        last_name="Fielding",
        service_area="child_in_need",
        started_on=date(2026, 1, 5),
    )
    agenda = next(m for m in load_pack("knowsley").meeting_types if m.id == "family_network_meeting").agenda

    sign_in(page, "asha")
    page.get_by_role("link", name="Sam Fielding").click()
    page.get_by_role("link", name="Add an event").click()
    with page.expect_response(lambda response: "/events/questions/" in response.url):
        page.get_by_label("What happened?").select_option(label="Support network meeting")
    details = page.locator("details", has_text="Support network meeting: its purpose and agenda")
    expect(details).to_be_visible()  # swapped in by htmx with the questions
    details.locator("summary").click()
    expect(details).to_contain_text(agenda[0])
    page.get_by_label("Date", exact=True).fill("2026-02-03")
    page.get_by_role("button", name="Record the event").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Answer “Rapid (same day)”, or choose “Not known”"
    )
    assert_accessible(page, screenshot="council-words-fact-error")
    page.locator("fieldset", has_text="Rapid (same day)").get_by_label("Not known").check()
    page.get_by_role("button", name="Record the event").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Support network meeting on 3 February 2026 recorded"
    )
    page.locator("#events ~ table").first.get_by_role("link", name="Support network meeting").click()
    expect(page.get_by_role("heading", name="Support network meeting", level=1)).to_be_visible()
    expect(page.locator(".govuk-summary-list__row", has_text="Rapid (same day)")).to_contain_text("Not known")
    assert_accessible(page)

    page.locator("details summary").click()
    page.get_by_role("link", name="All the council's meetings").click()
    expect(page.get_by_role("heading", name="Meetings", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Support network meeting", level=2)).to_be_visible()
    assert_accessible(page, screenshot="council-words-meetings")

    page.go_back()
    page.get_by_role("link", name="Back to events").click()
    page.get_by_role("link", name="Back to Sam Fielding").click()
    page.get_by_role("link", name="Add an event").click()
    with page.expect_response(lambda response: "/events/questions/" in response.url):
        page.get_by_label("What happened?").select_option(label="Genogram completed")
    expect(page.get_by_text("Genograms are not made in Kinmap yet")).to_be_visible()
    page.get_by_role("button", name="Record the event").click()
    row = page.locator("#events ~ table").first.get_by_role("row", name="Genogram completed")
    expect(row).to_contain_text("Recorded by hand")
    assert_accessible(page, screenshot="council-words-recorded-by-hand")
