# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Debian's chromium driven by Selenium, headless, for the dashboard's browser tests."""

from __future__ import annotations

import pathlib
import shutil

CHROMIUM_FLAGS = ('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
                  '--no-first-run', '--disable-background-networking',
                  '--disable-component-update', '--disable-sync', '--window-size=1400,1050')


def missing() -> str:
    """Return why no browser test can run here ('' when everything is installed)."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return 'selenium is not installed (pip install -r requirements/test.txt)'
    if not shutil.which('chromium') or not shutil.which('chromedriver'):
        return ("Debian's chromium and chromium-driver are not installed "
                '(apt-get install chromium chromium-driver; make does it as root)')
    return ''


def chromium(profile: pathlib.Path):  # -> selenium.webdriver.Chrome
    """Start a headless chromium with a fresh profile in ``profile``."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which('chromium')
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f'--user-data-dir={profile}')
    return webdriver.Chrome(options=options,
                            service=Service(executable_path=shutil.which('chromedriver')))
