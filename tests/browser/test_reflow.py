"""Every kind of page in the demo council, as each role, on a 320 px wide screen: nothing scrolls
sideways (WCAG 1.4.10, decision 0521) and axe finds no violation of any impact.

The pages are found as a user finds them: from each role's home, following the links on every page,
bounded (one page of each kind and a few children's pages, so a council of any size costs the same).
A role's own lists (home, worklist, team, dashboard) are checked for every role: each sees other rows.
"""

from collections import deque
from urllib.parse import urlsplit

import pytest
from django.db.models import Count
from django.urls import Resolver404, resolve
from django.utils import timezone

from kinmap.demo.generator import DEMO_PASSWORD, build_demo_council, sign_ins
from kinmap.mapping.models import ScalingScore
from kinmap.people.models import Child
from kinmap.rules.services import check_council
from tests.browser.conftest import ARTIFACTS, axe_violations, describe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 640}
# Not pages: downloads, htmx fragments, Django's admin (configuration only) and the JSON API.
NOT_PAGES = {
    "logout",
    "mapping:one_page_pdf",
    "worklists:export",
    "journey:event_questions",
    "language-check",
}
NOT_PAGE_APPS = {"admin", "ninja"}
PER_ROLE = {"home", "people:team", "worklists:worklist", "worklists:dashboard"}
CHILDREN = 4  # child pages opened: enough to reach children who have a mapping, statements and scaling
SCREENSHOTS = {"people:child": "reflow-320-child", "worklists:dashboard": "reflow-320-dashboard"}
SIDEWAYS = """() => {
  const width = document.documentElement.clientWidth, scrolls = document.documentElement.scrollWidth;
  if (scrolls <= width) return null;
  const wide = [...document.querySelectorAll('body *')].filter(
    e => e.getBoundingClientRect().right > width + 1 && !e.parentElement.closest('.kinmap-table-region')
      && e.parentElement.getBoundingClientRect().right <= width + 1);
  return `${scrolls} px wide: ` + wide.slice(0, 3).map(e => e.outerHTML.slice(0, 100)).join(' | ');
}"""


def page_kind(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    if match.view_name in NOT_PAGES or NOT_PAGE_APPS & set(match.app_names):
        return None
    return match.view_name


def fullest_plan(*, username: str):
    """The practitioner's child with the most scaling scores: a mapping, statements, scaling over time."""
    fullest = (
        ScalingScore.objects.filter(
            question__child__involvements__ended_on__isnull=True,
            question__child__involvements__lead_practitioner__user__username=username,
        )
        .values("question__child")
        .annotate(scores=Count("id"))
        .order_by("-scores")
        .first()
    )
    assert fullest, f"{username} leads no demo child with scaling scores"
    return Child.objects.get(pk=fullest["question__child"])


def test_every_page_of_the_demo_reflows_at_320_px_with_no_axe_violation(browser, live_server):
    build = build_demo_council(children=20, seed=1)
    check_council(council=build.council, as_of=timezone.localdate())
    checked: dict[str, str] = {}  # kind -> the address checked
    problems: list[str] = []
    children = 0
    screenshots = dict(SCREENSHOTS)
    for account in sign_ins(council=build.council):
        context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=NARROW)
        page = context.new_page()
        sign_in(page, account.username, DEMO_PASSWORD)
        queue = deque([urlsplit(page.url).path])
        if account.role == "Practitioner":  # the fullest plan first, so its sub-pages are the ones seen
            queue.append(fullest_plan(username=account.username).get_absolute_url())
        while queue:
            address = queue.popleft()
            kind = page_kind(address)
            key = f"{kind} ({account.role})" if kind in PER_ROLE else kind
            if kind == "people:child" and address not in checked.values() and children < CHILDREN:
                key, children = f"{kind} {children}", children + 1
            if kind is None or key in checked:
                continue
            checked[key] = address
            response = page.goto(address)
            where = f"{account.role}, {address}"
            if response is None or response.status >= 400:
                problems.append(f"{where}: status {response.status if response else 'none'}")
                continue
            if sideways := page.evaluate(SIDEWAYS):
                problems.append(f"{where}: scrolls sideways, {sideways}")
            problems += [f"{where}: {describe(v)}" for v in axe_violations(page)]
            if kind in screenshots:
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"{screenshots.pop(kind)}.png"))
            links = page.eval_on_selector_all("main a[href], nav a[href]", "links => links.map(a => a.href)")
            queue += [
                urlsplit(link)._replace(scheme="", netloc="", fragment="").geturl()
                for link in links
                if link.startswith(live_server.url)
            ]
        context.close()
    # The crawl reached the pages the issue names, for the roles that use them.
    for kind in (
        "people:child 0",
        "journey:event_list",
        "people:child_history",
        "mapping:mapping",
        "mapping:statement",
        "mapping:scaling",
        "mapping:one_page",
        "worklists:rule_results",
    ):
        assert kind in checked, f"the crawl never reached {kind}: {sorted(checked)}"
    for role_page in (
        "home (Practitioner)",
        "worklists:worklist (Practitioner)",
        "people:team (Team manager)",
        "worklists:dashboard (Team manager)",
        "worklists:pack",
    ):
        assert role_page in checked, f"the crawl never reached {role_page}: {sorted(checked)}"
    assert not problems, f"{len(problems)} problems on {len(checked)} pages:\n" + "\n".join(problems)
