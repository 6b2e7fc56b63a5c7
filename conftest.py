import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Tests never write into the developer's var/ folder.
    settings.MEDIA_ROOT = tmp_path / "media"
    # Real hashing costs about half a second per staff member and proves nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
