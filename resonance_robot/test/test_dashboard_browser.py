# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The dashboard page in a real headless chromium, fed by the real stack.

The built-in astronaut is seen, read as happy and boxed on the page; the behaviour tree shows
its running branch; the robot's face is drawn; a control without the token is refused; privacy
mode through the page blanks the camera view and the robot's face; the page keeps updating
when a node restarts and when the dashboard itself restarts (it reconnects).
"""

import dataclasses
import os
import pathlib

from browser_fixtures import chromium, missing
import pytest
from resonance_robot.stack import bringup
from resonance_robot.stack.bringup import Role

pytestmark = [pytest.mark.ros, pytest.mark.slow,
              pytest.mark.skipif(bool(missing()), reason=missing())]

NAMES = ('camera_source', 'face_affect', 'affect_fusion', 'social_behavior', 'face_display',
         'dashboard')
SPECS = tuple(s for s in bringup.stack([Role.PERCEPTION, Role.DECISION, Role.EXPRESSION],
                                       camera=True, dashboard=True) if s.name in NAMES)
OVERRIDES = {'camera_source': {'source': 'builtin:astronaut', 'rate': 10.0},
             'dashboard': {'port': 0}, 'face_display': {'rate': 10.0},
             'social_behavior': {'snapshot_period': 0.5}}
SCREENSHOT = os.environ.get('DASHBOARD_SCREENSHOT', '')


def _wait(driver, script, timeout=60.0):
    """Wait until the JavaScript expression ``script`` is truthy on the page; return it."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.2).until(
        lambda d: d.execute_script(f'return {script};'))


def _updates(driver):
    return int(driver.execute_script("return document.getElementById('updates').dataset.count"))


def _restart(runner, name, **parameters):
    runner.remove_node(runner.nodes.pop(name))
    entry = next(e for e in runner.entries() if e.name == name)
    params = dict(entry.parameters, **parameters)
    return runner.add(dataclasses.replace(entry, parameters=tuple(params.items())))


def test_the_page_shows_the_robot_live_and_obeys_only_the_token(runner_factory, tmp_path):
    runner = runner_factory(SPECS, overrides=OVERRIDES)
    server = runner.node('dashboard').server
    driver = chromium(tmp_path / 'profile')
    try:
        driver.get(server.url)
        _wait(driver, "document.querySelector('#faces li.face[data-expression=happy]')")
        _wait(driver, "document.querySelector('#camera-boxes g.face[data-expression=happy]')")
        _wait(driver, "document.getElementById('camera').dataset.blank === 'false'")
        _wait(driver, "document.getElementById('face-img').naturalWidth > 0")
        # The running branch for a person in view (not Idle), highlighted in the same tree.
        branch, active = _wait(
            driver, "(b => b && b !== 'Idle' && [b, [...document.querySelectorAll("
            "'#tree li.active')].map(li => li.dataset.name)])"
            "(document.getElementById('branch').dataset.branch)")
        assert branch in active and 'Priorities' in active
        _wait(driver, "document.querySelector('#persons li.person[data-expression=happy]')")
        _wait(driver, "document.querySelectorAll('#diagnostics tbody tr').length >= 4")
        if SCREENSHOT:  # for the README: with some history in the plots
            driver.set_window_size(1400, 1000)
            _wait(driver, "document.querySelector('#decisions li')")
            _wait(driver, 'lastState && Object.values(lastState.history).some('
                          'h => h.t.length && h.t[0] < -20)', timeout=90.0)
            pathlib.Path(SCREENSHOT).parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(SCREENSHOT)

        # A control without the token: refused, nothing changes.
        driver.find_element('id', 'privacy-on').click()
        assert _wait(driver, "document.getElementById('control-result').dataset.status") == '401'
        assert not runner.node('social_behavior')._privacy.state.enabled
        assert driver.execute_script(
            "return document.getElementById('camera').dataset.blank") == 'false'

        # With the token: privacy mode on, the camera view and the robot's face are blank.
        driver.find_element('id', 'token').send_keys(server.policy.token)
        driver.find_element('id', 'privacy-on').click()
        _wait(driver, "document.getElementById('control-result').dataset.status === '200'")
        _wait(driver, "document.getElementById('camera').dataset.blank === 'true'")
        _wait(driver, "!document.getElementById('camera-img').getAttribute('src')")
        _wait(driver, "!document.getElementById('face-img').getAttribute('src')")
        _wait(driver, "document.getElementById('privacy-state').dataset.on === 'true'")
        assert driver.execute_script(
            "return document.querySelectorAll('#camera-boxes g.face').length") == 0
        driver.find_element('id', 'privacy-off').click()
        _wait(driver, "document.getElementById('camera').dataset.blank === 'false'")

        # A perception node restarts: the page goes on and sees the happy face again.
        _restart(runner, 'face_affect')
        count = _updates(driver)
        _wait(driver, f"document.getElementById('updates').dataset.count > {count + 10}")
        _wait(driver, "document.querySelector('#faces li.face[data-expression=happy]')")

        # The dashboard itself restarts on the same port: the page reconnects by itself.
        _restart(runner, 'dashboard', port=server.port)
        _wait(driver, "document.getElementById('connection').textContent === 'live'")
        count = _updates(driver)
        _wait(driver, f"document.getElementById('updates').dataset.count > {count + 10}")
        _wait(driver, "document.querySelector('#faces li.face[data-expression=happy]')")
    finally:
        driver.quit()
