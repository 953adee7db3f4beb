# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Parameter specs: types from defaults, ranges and choices, resolution of values."""

import math

import pytest
from resonance_robot.core.errors import ConfigError
from resonance_robot.core.params import ParamSpec, resolve

RATE = ParamSpec('rate', 10.0, 'Ticks per second.', minimum=0.5, maximum=100.0)
MODE = ParamSpec('mode', 'home', 'Where the robot works.', choices=('home', 'care'))
COUNT = ParamSpec('count', 3, 'How many.', minimum=0)
FLAG = ParamSpec('flag', False, 'A switch.')
NAMES = ParamSpec('names', (), 'Some names.', item_type='str')
GAINS = ParamSpec('gains', (1.0, 2.0), 'Some gains.')


@pytest.mark.parametrize('spec,kind', [
    (RATE, 'float'), (MODE, 'str'), (COUNT, 'int'), (FLAG, 'bool'), (NAMES, 'str_list'),
    (GAINS, 'float_list')])
def test_kind_follows_the_default(spec, kind):
    assert spec.kind == kind


@pytest.mark.parametrize('spec,value,reason', [
    (RATE, 0.1, 'below the minimum 0.5'),
    (RATE, 1000.0, 'above the maximum 100'),
    (RATE, 'fast', 'expected a number'),
    (RATE, math.inf, 'finite'),
    (RATE, True, 'expected a number'),
    (COUNT, 2.5, 'expected an integer'),
    (MODE, 'office', "'office' is not one of: home, care"),
    (FLAG, 1, 'expected a bool'),
    (NAMES, ['a', 3], 'expected strings'),
    (GAINS, [1.0, 'x'], 'expected numbers'),
])
def test_bad_values_are_rejected_with_a_reason(spec, value, reason):
    assert reason in spec.check(value)


@pytest.mark.parametrize('spec,value', [
    (RATE, 10), (RATE, 0.5), (COUNT, 0), (MODE, 'care'), (FLAG, True), (NAMES, ['x']),
    (GAINS, [3, 4.5])])
def test_good_values_pass(spec, value):
    assert spec.check(value) is None


def test_a_spec_with_an_invalid_default_cannot_be_made():
    with pytest.raises(ValueError, match='default of rate is invalid'):
        ParamSpec('rate', -1.0, 'Ticks.', minimum=0.0)
    with pytest.raises(ValueError, match='item_type'):
        ParamSpec('things', (), 'Things.').kind


def test_resolve_merges_over_defaults_and_coerces_ints_to_floats():
    values = resolve([RATE, MODE, NAMES], {'rate': 20, 'names': ['a', 'b']})
    assert values == {'rate': 20.0, 'mode': 'home', 'names': ('a', 'b')}
    assert isinstance(values['rate'], float)


def test_resolve_names_unknown_and_invalid_parameters():
    with pytest.raises(ConfigError, match="unknown parameter 'rat'"):
        resolve([RATE], {'rat': 3.0})
    with pytest.raises(ConfigError, match='parameter mode: .* not one of'):
        resolve([MODE], {'mode': 'school'})


def test_range_text_describes_bounds_and_choices():
    assert RATE.range_text() == 'range [0.5, 100]'
    assert COUNT.range_text() == 'range [0, inf]'
    assert MODE.range_text() == 'one of: home, care'
    assert FLAG.range_text() == ''
