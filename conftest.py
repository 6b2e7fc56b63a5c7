import pytest


@pytest.fixture(autouse=True)
def _media_and_static_safe(settings, tmp_path):
    # Tests never write into the developer's var/ folder.
    settings.MEDIA_ROOT = tmp_path / "media"
