import pytest
from django.contrib.auth import get_user_model

from kinmap.core.testing import PASSWORD, make_child, make_staff

pytestmark = pytest.mark.django_db


def test_signed_out_visitor_is_sent_to_sign_in(client):
    child = make_child()
    response = client.get(child.get_absolute_url())
    assert response.status_code == 302 and response.url.startswith("/sign-in/")


def test_signed_in_user_who_is_not_staff_is_refused(client):
    child = make_child()
    user = get_user_model().objects.create_user(username="configonly", password=PASSWORD)
    client.force_login(user)
    for url in ("/", child.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 403
        assert "You cannot do this" in response.content.decode()


def test_sign_in_with_a_wrong_password_says_so_and_keeps_the_username(client):
    make_staff(username="asha")
    response = client.post("/sign-in/", {"username": "asha", "password": "wrong-password-here"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in" in page
    assert "Enter a correct username and password" in page
    assert 'value="asha"' in page
