import pytest


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    """Kept uploads go to this test's own folder: tenant and person ids repeat from one test
    database to another, and the default folder is shared by the test runs of one machine."""
    settings.MEDIA_ROOT = tmp_path / "media"
