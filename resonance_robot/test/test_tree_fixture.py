# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Behaviour kept across restructuring: the dry runs print what they printed before.

The files in ``data/tree_simulate/`` were written by ``resonance-robot tree`` and
``resonance-robot tree --simulate …`` before the code was split into stage packages and one
module per social act; every decision, its time, target and reason must stay the same. A
deliberate change of behaviour rewrites them (and says why in the commit).
"""

import pathlib
import re

import pytest
from resonance_robot.cli import main
from resonance_robot.paths import data_dir

FIXTURES = pathlib.Path(__file__).parent / 'data' / 'tree_simulate'
CASES = {
    'demo.txt': 'demo',
    'default_scenario.txt': str(data_dir() / 'scenarios' / 'default.yaml'),
    'community_scenario.txt': str(
        pathlib.Path(__file__).parent / 'data' / 'community_scenario' / 'scenario.yaml'),
}


def _normalise(text: str) -> str:
    """Drop where the scenario file lies (the header names its path)."""
    return re.sub(r'from scenario \S+', 'from scenario <file>', text)


@pytest.mark.parametrize('fixture', sorted(CASES))
def test_dry_run_prints_the_recorded_decisions(fixture, capsys):
    assert main(['tree', '--simulate', CASES[fixture]]) == 0
    printed = capsys.readouterr().out
    assert _normalise(printed) == _normalise((FIXTURES / fixture).read_text())


def test_tree_prints_the_recorded_structure(capsys):
    assert main(['tree']) == 0
    assert capsys.readouterr().out == (FIXTURES / 'tree.txt').read_text()
