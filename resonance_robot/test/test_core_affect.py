# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Affect values: ranges are enforced, untrusted numbers are clamped, names are parsed."""

import math

import pytest
from resonance_robot.core.affect import Affect, clamp, Expression, UNKNOWN_AFFECT


def test_valid_affect_keeps_its_values():
    affect = Affect(Expression.HAPPY, 0.8, 0.4, 0.9, (('happy', 0.9), ('sad', 0.1)))
    assert (affect.valence, affect.arousal, affect.confidence) == (0.8, 0.4, 0.9)
    assert affect.is_known


@pytest.mark.parametrize('field,value', [
    ('valence', 1.5), ('valence', -1.01), ('arousal', 2.0), ('confidence', -0.1),
    ('confidence', 1.1), ('valence', math.nan)])
def test_out_of_range_values_are_rejected_with_the_field_name(field, value):
    kwargs = {'expression': Expression.SAD, 'valence': 0.0, 'arousal': 0.0, 'confidence': 0.5}
    kwargs[field] = value
    with pytest.raises(ValueError, match=field):
        Affect(**kwargs)


def test_bad_class_probability_is_rejected():
    with pytest.raises(ValueError, match='happy'):
        Affect(Expression.HAPPY, 0.5, 0.5, 0.5, (('happy', 1.5),))


def test_clamped_repairs_untrusted_numbers():
    affect = Affect.clamped(Expression.ANGRY, -3.0, math.nan, 7.0, (('angry', -0.2),))
    assert affect.valence == -1.0
    assert affect.arousal == 0.0
    assert affect.confidence == 1.0
    assert affect.class_probabilities == (('angry', 0.0),)


def test_clamp_maps_nan_to_neutral_and_respects_bounds():
    assert clamp(math.nan, -1.0, 1.0) == 0.0
    assert clamp(math.nan, 0.2, 1.0) == 0.2
    assert clamp(5.0, -1.0, 1.0) == 1.0


def test_unknown_affect_must_not_drive_behaviour():
    assert not UNKNOWN_AFFECT.is_known
    assert not Affect(Expression.HAPPY, 0.5, 0.5, 0.0).is_known
    assert not Affect(Expression.UNKNOWN, 0.5, 0.5, 0.9).is_known


def test_expression_parse_accepts_case_and_space_and_lists_valid_names():
    assert Expression.parse(' Happy ') is Expression.HAPPY
    with pytest.raises(ValueError, match='valid: neutral, happy'):
        Expression.parse('joyful')


def test_affect_is_immutable():
    affect = Affect(Expression.NEUTRAL, 0.0, 0.0, 0.5)
    with pytest.raises(AttributeError):
        affect.valence = 0.3  # type: ignore[misc]
