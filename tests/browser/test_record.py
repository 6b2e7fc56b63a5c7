from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kinmap.core.testing import make_child, make_person, make_staff, make_team
from kinmap.people.models import NetworkMember, Relationship
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_practitioner_opens_a_child_and_records_a_visit_after_fixing_a_mistake(page):
    worker = make_staff(
        team=make_team(name="Assessment Team 1"), username="asha", first_name="Asha", last_name="Reed"
    )
    child = make_child(
        practitioner=worker, first_name="Sam", last_name="Fielding", started_on=date(2026, 1, 5)
    )
    gran = make_person(council=child.council, first_name="Iris", last_name="Fielding")
    NetworkMember.objects.create(
        child=child,
        person=gran,
        role="safety_person",
        circle="inner",
        job="Collects Sam from school every day",
    )
    Relationship.objects.create(from_person=gran, to_person=child.person, kind="grandparent")

    sign_in(page, "asha")
    expect(page.get_by_role("heading", name="My children")).to_be_visible()
    assert_accessible(page, screenshot="record-my-children")

    page.get_by_role("link", name="Sam Fielding").click()
    expect(page.get_by_role("heading", name="Sam Fielding", level=1)).to_be_visible()
    network = page.locator("table", has=page.get_by_text("Inner circle"))
    expect(network).to_contain_text("Iris Fielding")
    expect(network).to_contain_text("Collects Sam from school every day")
    expect(page.get_by_role("heading", name="Assessment")).to_be_visible()
    expect(page.locator(".govuk-summary-card", has_text="Lead practitioner")).to_contain_text("Asha Reed")
    assert_accessible(page, screenshot="record-child")

    page.get_by_role("link", name="Add an event").click()
    page.get_by_label("What happened?").select_option(label="Visit")
    expect(page.get_by_text("Child seen alone")).to_be_visible()  # swapped in by htmx
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.get_by_label("Date", exact=True).fill(tomorrow.isoformat())
    page.locator("fieldset", has_text="Child seen alone").get_by_label("No").check()
    page.locator("fieldset", has=page.get_by_text("Child seen", exact=True)).get_by_label("Yes").check()
    page.get_by_label("Notes (optional)").fill("Sam showed me his room")
    page.get_by_role("button", name="Record the event").click()

    expect(page).to_have_title("Error: Add an event – Sam Fielding – Kinmap")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Only meetings can be booked ahead")
    expect(page.get_by_label("Notes (optional)")).to_have_value("Sam showed me his room")
    assert_accessible(page, screenshot="record-event-error")

    page.get_by_label("Date", exact=True).fill("2026-02-03")
    page.get_by_role("button", name="Record the event").click()
    expect(page.get_by_role("heading", name="Sam Fielding", level=1)).to_be_visible()
    expect(page.locator("#events ~ div table").first).to_contain_text("Visit")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Visit on 3 February 2026 recorded")
    assert_accessible(page)

    page.get_by_role("link", name="My children").click()
    expect(page.get_by_role("row", name="Sam Fielding")).to_contain_text("3 Feb 2026")  # last seen


def test_practitioner_of_another_team_gets_page_not_found(page):
    child = make_child(
        practitioner=make_staff(team=make_team(name="Assessment Team 1")),
        first_name="Sam",
        last_name="Fielding",
    )
    make_staff(team=make_team(name="Assessment Team 2"), username="bo")
    sign_in(page, "bo")
    expect(page.get_by_text("Sam Fielding")).to_have_count(0)
    page.goto(child.get_absolute_url())
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert_accessible(page, screenshot="record-not-found")


def test_team_manager_views_the_team_the_history_and_the_forms(page):
    team = make_team(name="Assessment Team 1")
    worker = make_staff(team=team, first_name="Asha", last_name="Reed")
    make_child(practitioner=worker, first_name="Sam", last_name="Fielding")
    make_child(team=team, first_name="Una", last_name="Pike")
    make_staff(team=team, role="team_manager", username="maya", first_name="Maya", last_name="Stone")
    sign_in(page, "maya")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Team's children").click()
    expect(page.get_by_role("table", name="Asha Reed (1)")).to_contain_text("Sam Fielding")
    expect(page.get_by_role("table", name="Not allocated (1)")).to_contain_text("Una Pike")
    assert_accessible(page, screenshot="record-team")

    page.get_by_role("link", name="Sam Fielding").click()
    page.locator(".govuk-summary-card", has_text="Who they are").get_by_role("link", name="Change").click()
    page.get_by_label("Known as").fill("Sammy")
    page.get_by_label("Email").fill("not an email")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter an email address in the right form")
    expect(page.get_by_label("Known as")).to_have_value("Sammy")
    assert_accessible(page, screenshot="record-person-error")
    page.get_by_label("Email").fill("")
    page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Every change to this record").click()
    expect(page.get_by_role("row").filter(has_text="Maya Stone")).to_contain_text("Known as: (empty) → Sammy")
    assert_accessible(page, screenshot="record-history")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Add a child").click()
    page.get_by_label("First name").fill("Lou")
    page.get_by_role("button", name="Add the child").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter their last name")
    expect(page.get_by_label("First name")).to_have_value("Lou")
    assert_accessible(page, screenshot="record-add-child-error")
