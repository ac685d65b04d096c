"""A production server refuses to start without the front-end files its pages load."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from network_animation.static_assets import REQUIRED, static_assets_missing, static_assets_require

MANIFEST = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}


def test_static_files_collected_before_npm_install_stop_the_server_with_what_to_run(
    settings, tmp_path
):
    settings.STORAGES = MANIFEST
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    assert static_assets_missing() == list(REQUIRED)
    with pytest.raises(ImproperlyConfigured) as refused:
        static_assets_require()
    assert "vendor/chart.js/chart.umd.min.js" in str(refused.value)
    assert "npm install" in str(refused.value)
    assert "collectstatic" in str(refused.value)


def test_collected_static_files_with_the_npm_packages_let_the_server_start(settings, tmp_path):
    settings.STORAGES = MANIFEST
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", "--no-input", "-v0")
    assert static_assets_missing() == []
    static_assets_require()


def test_development_finds_the_files_in_the_npm_packages():
    assert static_assets_missing() == []
