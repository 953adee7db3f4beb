# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Run timelines: per-step summaries, action sequences, decisions file and the plot."""

import json

from resonance_robot.core.affect import Expression
from resonance_robot.core.records.timeline import (
    action_sequence, Decision, format_table, plot_timeline, Sample, summarise, Timeline,
    write_decisions)
from resonance_robot.core.sources.scenario import Scenario, Step

SCENARIO = Scenario('test', 20.0, (
    Step(0.0, shows=Expression.HAPPY, expect=('share_joy',)),
    Step(10.0, shows=Expression.SAD, expect=('comfort',))))


def _timeline():
    timeline = Timeline()
    for i in range(20):
        t = float(i)
        happy = t < 10
        timeline.add('fused', Sample(t, 0.7 if happy else -0.6, 0.3 if happy else -0.3, 0.8,
                                     'happy' if happy else 'sad'))
        timeline.add('face', Sample(t, 0.8 if happy else -0.5, 0.2, 0.9, 'x'))
    timeline.add('fused', Sample(5.5, 0.0, 0.0, 0.0, 'unknown'))  # ignored: no confidence
    for t, action in ((0.5, 'greet'), (2.0, 'share_joy'), (2.5, 'share_joy'), (12.0, 'idle')):
        timeline.decide(Decision(t, action, 'p1', 0.5, f'{action} because'))
    return timeline


def test_decide_collapses_repeats_and_sequence_collapses_runs():
    timeline = _timeline()
    assert [d.action for d in timeline.decisions] == ['greet', 'share_joy', 'idle']
    decisions = [Decision(0, 'a', '', 0, ''), Decision(1, 'a', 'p2', 0, ''),
                 Decision(2, 'b', '', 0, '')]
    assert action_sequence(decisions) == ['a', 'b']


def test_summary_rows_report_perception_and_expectations():
    first, second = summarise(SCENARIO, _timeline())
    assert (first.perceived, first.actions, first.met) == ('happy', ('greet', 'share_joy'), True)
    assert abs(first.valence - 0.7) < 1e-9
    assert first.reason == 'greet because'
    assert (second.perceived, second.actions, second.met) == ('sad', ('share_joy', 'idle'), False)
    assert second.carried_over and not first.carried_over
    table = format_table([first, second])
    assert 'greet, share_joy' in table and '[expected comfort]' in table
    assert '…share_joy, idle' in table


def test_a_step_is_met_by_any_expected_action_and_perception_is_read_when_settled():
    scenario = Scenario('any', 20.0, (Step(0.0, expect=('withdraw', 'give_space')),))
    timeline = Timeline()
    timeline.add('fused', Sample(1.0, 0.5, 0.5, 0.9, 'happy'))  # first half: still settling
    for t in (12.0, 15.0, 18.0):
        timeline.add('fused', Sample(t, -0.5, 0.6, 0.9, 'angry'))
    timeline.decide(Decision(11.0, 'give_space', 'p1', 0.5, 'angry'))
    (row,) = summarise(scenario, timeline)
    assert row.met and row.perceived == 'angry' and row.valence == -0.5


def test_decisions_are_written_as_json_lines(tmp_path):
    write_decisions(_timeline(), tmp_path / 'd.jsonl')
    lines = [json.loads(line) for line in (tmp_path / 'd.jsonl').read_text().splitlines()]
    assert [d['action'] for d in lines] == ['greet', 'share_joy', 'idle']
    assert lines[0]['reason'] == 'greet because' and lines[0]['evidence'] == []


def test_plot_is_a_png_of_sensible_size(tmp_path):
    import cv2

    plot_timeline(SCENARIO, _timeline(), tmp_path / 'timeline.png')
    image = cv2.imread(str(tmp_path / 'timeline.png'))
    assert image is not None and image.shape[1] >= 1000 and image.shape[0] >= 600
    assert len({tuple(p) for p in image.reshape(-1, 3)[::97]}) > 20  # not a blank canvas
