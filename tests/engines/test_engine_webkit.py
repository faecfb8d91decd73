"""Smoke test in WebKitGTK (Safari's engine), with an ordinary locale and with LANG=C.UTF-8,
where navigator.language is "C", a tag Intl rejects."""
import subprocess

import pytest

import webkit
from engine_kit import STEPS, check_run, require, site_url  # noqa: F401  (a fixture)


def has_locale(name):
    listed = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    return name.lower().replace("utf-8", "utf8") in {n.lower() for n in listed}


@pytest.mark.parametrize("lang, tag", [("en_US.UTF-8", "en-US"), ("C.UTF-8", "C")])
def test_webkit_gets_ready_trains_samples_the_same_names_and_refuses(site_url, lang, tag):
    require(webkit.missing() or (None if has_locale(lang) else f"locale {lang}"), "WebKitGTK")
    seen = webkit.run(site_url, STEPS, lang)
    assert seen["lang"] == tag  # the locale reached the page: the "C" run is the odd one
    check_run(seen)
