import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Speed is measured in bench/, never asserted: no per-example deadline, and no failure because a
# shared CI machine generated examples slowly.
hypothesis_settings.register_profile(
    "kinmap", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("kinmap")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Tests never write into the developer's var/ folder.
    settings.MEDIA_ROOT = tmp_path / "media"
    # Real hashing costs about half a second per staff member and proves nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _jobs_run_at_once():
    # A queued job runs where it is queued, in memory, unless a test asks for the real queue
    # (kinmap/rules/tests/test_tasks.py); tests never touch the developer's queue in var/.
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
