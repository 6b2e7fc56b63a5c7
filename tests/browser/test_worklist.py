"""The worklist, the child's timescales, the dashboard and its drill-down, and the pack page in Chromium."""

import pytest
from playwright.sync_api import expect

from kinmap.rules.packs import load_pack
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
