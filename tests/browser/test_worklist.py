"""The worklist, the child's timescales, the dashboard and its drill-down, and the pack page in Chromium."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kinmap.councils.models import StaffMember
from kinmap.demo.generator import DEMO_PASSWORD, build_demo_council, sign_ins
from kinmap.rules.packs import load_pack
from kinmap.rules.services import check_council
from kinmap.worklists.selectors import worklist
from kinmap.worklists.tests import scene as scenes
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_practitioner_worklist_manager_dashboard_and_drill_down(page, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    scene = scenes.build()
    rule = load_pack("england").rules[0]

    sign_in(page, "asha")
    page.get_by_role("link", name="My worklist").click()
    expect(page.get_by_role("heading", name="My worklist")).to_be_visible()
    overdue = page.locator("table", has=page.get_by_text("Overdue (1)"))
    expect(overdue).to_contain_text("Sam Testcase")
    expect(overdue).to_contain_text("9 working days overdue")
    expect(page.locator("table", has=page.get_by_text("Due in the next 5 working days"))).to_contain_text(
        "Lee Testcase"
    )
    expect(page.get_by_text("Mo Testcase")).to_have_count(0)
    assert_accessible(page, screenshot="worklist-practitioner")

    overdue.get_by_role("link", name="Sam Testcase").click()
    panel = page.locator("table", has=page.get_by_text("Overdue (1)"))
    expect(panel).to_contain_text(rule.source.quote)
    expect(page.get_by_text("Not applicable to Sam Testcase now")).to_be_visible()
    assert_accessible(page, screenshot="worklist-child-timescales")

    page.context.clear_cookies()
    sign_in(page, "mia")
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Compliance dashboard")).to_be_visible()
    by_rule = page.locator("table", has=page.get_by_text("By rule", exact=True))
    expect(by_rule.get_by_role("row", name=rule.title)).to_contain_text("25%")
    assert_accessible(page, screenshot="worklist-dashboard")

    by_rule.get_by_role("link", name=f"2 overdue: {rule.title}").click()
    expect(page.get_by_role("heading", name=rule.title, level=1)).to_be_visible()
    children = page.locator("table")
    expect(children).to_contain_text("Sam Testcase")
    expect(children).to_contain_text("Mo Testcase")
    expect(children).not_to_contain_text("Zed Testcase")
    assert_accessible(page, screenshot="worklist-drill-down")

    page.get_by_role("link", name="Back to the dashboard").click()
    page.get_by_label("From").fill("")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the first day of the period")
    assert_accessible(page, screenshot="worklist-dashboard-error")

    page.context.clear_cookies()
    sign_in(page, "admin")
    page.get_by_role("link", name="Council pack").click()
    page.get_by_label(load_pack("bexley").title, exact=False).check()
    page.get_by_role("button", name="Save and check every child").click()
    expect(page.get_by_role("alert")).to_contain_text("Testshire now works to bexley")
    assert_accessible(page, screenshot="worklist-council-pack")
    assert scene.council.__class__.objects.get(pk=scene.council.pk).pack_name == "bexley"


def test_worklist_and_dashboard_on_the_demo_council(page):
    build = build_demo_council(children=60, seed=1)
    today = timezone.localdate()
    check_council(council=build.council, as_of=today)
    accounts = {s.role: s for s in sign_ins(council=build.council)}
    practitioner, manager = accounts["Practitioner"], accounts["Team manager"]
    expected = worklist(staff=StaffMember.objects.get(user__username=practitioner.username), as_of=today)

    sign_in(page, practitioner.username, DEMO_PASSWORD)
    page.get_by_role("link", name="My worklist").click()
    if expected.overdue:
        overdue = page.locator("table", has=page.get_by_text(f"Overdue ({len(expected.overdue)})"))
        expect(overdue.locator("tbody tr")).to_have_count(len(expected.overdue))
        expect(overdue).to_contain_text(expected.overdue[0].child_name)
    else:
        expect(page.get_by_text("Nothing is overdue")).to_be_visible()
    assert_accessible(page, screenshot="worklist-demo-practitioner")

    page.context.clear_cookies()
    sign_in(page, manager.username, DEMO_PASSWORD)
    page.get_by_role("link", name="Dashboard").click()
    by_rule = page.locator("table", has=page.get_by_text("By rule", exact=True))
    expect(by_rule).to_be_visible()
    assert_accessible(page, screenshot="worklist-demo-dashboard")

    first = by_rule.locator("tbody tr").first.locator("td a").last  # the row's total
    total = first.inner_text().split()[0]
    first.click()
    expect(page.locator("tbody tr")).to_have_count(min(int(total), 100))
    assert_accessible(page, screenshot="worklist-demo-drill-down")
