import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Seven staff per scene: PBKDF2 would spend half a second on each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
