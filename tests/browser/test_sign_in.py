import pytest

from kinmap.core.testing import make_staff
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_page_is_accessible_and_signs_in(page):
    staff = make_staff(username="asha")
    page.goto("/sign-in/")
    assert_accessible(page, screenshot="sign-in")
    sign_in(page, staff.user.username)
    assert page.get_by_role("heading", name="My children").is_visible()
    assert_accessible(page)
