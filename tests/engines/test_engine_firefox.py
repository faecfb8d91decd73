"""Smoke test in Firefox ESR (Debian's), driven by puppeteer-core over WebDriver BiDi."""
import firefox
from engine_kit import STEPS, check_run, require, site_url  # noqa: F401  (a fixture)


def test_firefox_gets_ready_trains_samples_the_same_names_and_refuses(site_url):
    require(firefox.missing(), "Firefox")
    seen = firefox.run(site_url, STEPS)
    assert seen["browser"].startswith("firefox"), seen["browser"]
    assert not seen["errors"], seen["errors"]
    check_run(seen)
