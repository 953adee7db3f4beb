# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The ROS4HRI (REP-155) mapping without ROS: vocabulary, ids, regions, the face book."""

from __future__ import annotations

import pathlib

import pytest

from resonance_robot.core.affect import Affect, Expression
from resonance_robot.core.errors import InvalidInput
from resonance_robot.core.fusion import hri

HRI_MSGS_SRC = [pathlib.Path(__file__).resolve().parents[3 + up] / 'shared' / 'third_party'
                / 'hri_msgs' / 'msg' / 'Expression.msg' for up in (0, 1)]


def test_every_expression_of_ours_is_an_hri_constant_with_the_same_string():
    for expression in Expression:
        if expression is Expression.UNKNOWN:
            assert hri.to_hri_expression(expression) == ''
        else:
            assert hri.to_hri_expression(expression) == expression.value
            assert expression.value in hri.HRI_EXPRESSIONS
            assert hri.from_hri_expression(expression.value) is expression


def test_every_hri_constant_maps_to_a_known_expression_of_ours():
    assert len(hri.HRI_EXPRESSIONS) == 25 and set(hri.FROM_HRI) == set(hri.HRI_EXPRESSIONS)
    assert all(e is not Expression.UNKNOWN for e in hri.FROM_HRI.values())
    assert hri.from_hri_expression('furious') is Expression.ANGRY
    assert hri.from_hri_expression('Bored ') is Expression.TIRED
    assert hri.from_hri_expression('amazed') is Expression.SURPRISED
    assert hri.from_hri_expression('') is Expression.UNKNOWN
    assert hri.from_hri_expression('smug') is Expression.UNKNOWN


def test_the_constants_equal_the_hri_msgs_definition_when_its_source_is_here():
    source = next((p for p in HRI_MSGS_SRC if p.is_file()), None)
    if source is None:
        pytest.skip('hri_msgs sources (shared/third_party/hri_msgs) are not on this machine')
    constants = [line.split('=')[1].strip().strip('"') for line in source.read_text().splitlines()
                 if line.startswith('string ') and '=' in line]
    assert tuple(constants) == hri.HRI_EXPRESSIONS


def test_affect_goes_out_as_expression_fields_and_unknown_with_confidence_zero():
    out = hri.affect_to_hri(Affect(Expression.HAPPY, 0.7, 0.3, 0.8))
    assert out == hri.HriExpression('happy', 0.7, 0.3, 0.8)
    unknown = hri.affect_to_hri(Affect(Expression.UNKNOWN, 0.0, 0.0, 0.5))
    assert unknown.expression == '' and unknown.confidence == 0.0


def test_affect_comes_in_clamped_and_placed_when_only_a_category_is_given():
    placed = hri.affect_from_hri('furious', 0.0, 0.0, 0.9)
    assert placed.expression is Expression.ANGRY
    assert (placed.valence, placed.arousal) == hri.PLACEMENTS[Expression.ANGRY]
    assert placed.confidence == pytest.approx(0.9)
    given = hri.affect_from_hri('happy', 2.0, float('nan'), 1.5)
    assert (given.valence, given.arousal, given.confidence) == (1.0, 0.0, 1.0)
    assert hri.affect_from_hri('smug', 0.5, 0.5, 0.9).confidence == 0.0
    assert hri.affect_from_hri('neutral', 0.0, 0.0, 0.6).valence == 0.0


def test_round_trip_keeps_every_expression_of_ours():
    for expression in Expression:
        affect = Affect(expression, -0.25, 0.5, 0.6)
        fields = hri.affect_to_hri(affect)
        back = hri.affect_from_hri(fields.expression, fields.valence, fields.arousal,
                                   fields.confidence)
        assert back.expression is expression
        assert (back.valence, back.arousal) == (-0.25, 0.5)


def test_ids_become_topic_tokens():
    assert hri.hri_id('face3') == 'face3'
    assert hri.hri_id('p-1.a') == 'p_1_a'
    assert hri.hri_id('7up') == 'id7up'
    with pytest.raises(InvalidInput):
        hri.hri_id('')


def test_regions_normalise_clip_and_return_to_pixels():
    roi = hri.normalize_roi((160.0, 120.0, 320.0, 240.0), 640, 480, 0.9)
    corners = (roi.xmin, roi.ymin, roi.xmax, roi.ymax, roi.confidence)
    assert corners == (0.25, 0.25, 0.75, 0.75, 0.9)
    assert roi.to_pixels(640, 480) == (160, 120, 320, 240)
    clipped = hri.normalize_roi((-10.0, 400.0, 100.0, 200.0), 640, 480)
    assert clipped.xmin == 0.0 and clipped.ymax == 1.0
    with pytest.raises(InvalidInput):
        hri.normalize_roi((0.0, 0.0, 1.0, 1.0), 0, 480)
    with pytest.raises(InvalidInput):
        hri.NormalizedRoi(0.5, 0.5, 0.4, 0.6)
    with pytest.raises(InvalidInput):
        hri.NormalizedRoi(0.0, 0.0, 1.2, 1.0)


def test_the_face_book_assembles_tracked_faces_from_separate_topics():
    book = hri.HriFaceBook()
    assert book.set_tracked(['abcde', 'fghij']) == (('abcde', 'fghij'), ())
    book.set_roi('abcde', hri.NormalizedRoi(0.1, 0.1, 0.3, 0.4))
    book.set_roi('fghij', hri.NormalizedRoi(0.5, 0.5, 0.5, 0.6))  # empty: not a face yet
    book.set_affect('abcde', hri.affect_from_hri('happy', 0.6, 0.2, 0.9))
    (face,) = book.faces()
    assert face.face_id == 'abcde' and face.affect.expression is Expression.HAPPY
    assert book.set_tracked(['fghij', 'klmno']) == (('klmno',), ('abcde',))
    book.set_roi('klmno', hri.NormalizedRoi(0.2, 0.2, 0.4, 0.5))
    (face,) = book.faces()
    assert face.face_id == 'klmno' and face.affect.expression is Expression.UNKNOWN
    book.set_tracked(['abcde'])
    assert book.faces() == ()  # its old region was forgotten when it left


def test_engagement_levels_follow_staleness_and_engagement():
    assert hri.engagement_level(engaged=True, stale=False) == hri.ENGAGEMENT_ENGAGED
    assert hri.engagement_level(engaged=False, stale=False) == hri.ENGAGEMENT_DISENGAGED
    assert hri.engagement_level(engaged=True, stale=True) == hri.ENGAGEMENT_UNKNOWN
