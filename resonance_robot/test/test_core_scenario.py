# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Demo scenarios: the shipped one loads; every mistake names its step and field."""

import pathlib

import pytest
from resonance_robot.core.affect import Expression
from resonance_robot.core.errors import ConfigError
from resonance_robot.core.sources.scenario import load_scenario, parse_scenario, Voice

DATA = pathlib.Path(__file__).resolve().parent.parent / 'resonance_robot' / 'data'


def test_the_default_scenario_loads_with_resolved_paths():
    scenario = load_scenario(DATA / 'scenarios' / 'default.yaml')
    assert [s.shows for s in scenario.steps] == [
        Expression.HAPPY, Expression.SAD, Expression.ANGRY, Expression.UNKNOWN]
    assert scenario.steps[0].camera == 'builtin:astronaut'
    assert pathlib.Path(scenario.steps[1].camera).is_file()
    assert scenario.steps[3].camera == ''
    assert scenario.steps[1].voice.rate < scenario.steps[0].voice.rate
    assert scenario.steps[3].voice == Voice(165, 50, 110, 'en-us')  # the default voice
    assert scenario.step_at(16.0) == 1 and scenario.step_at(-1.0) == -1
    assert scenario.end_of(3) == scenario.duration == 60.0


def _scenario(tmp_path, text):
    path = tmp_path / 'mine.yaml'
    path.write_text(text)
    return load_scenario(path)


@pytest.mark.parametrize('text,reason', [
    ('steps: []', 'steps must be a non-empty list'),
    ('name: x\nsteps:\n  - camera: a.png', 'step 1: missing "at"'),
    ('steps:\n  - at: 0\n    camera: nothing_here.png', 'step 1: camera: .*no such file'),
    ('steps:\n  - at: 0\n    say: hi\n    voice: {rate: 9000}', 'step 1: voice: rate must be'),
    ('steps:\n  - at: 0\n    voice: {speed: 3}', "step 1: voice: unknown voice setting 'speed'"),
    ('steps:\n  - at: 0\n    shows: elated', "step 1: shows: unknown expression 'elated'"),
    ('steps:\n  - at: 0\n    expect: [dance]', "step 1: step: unknown action 'dance'"),
    ('steps:\n  - at: 5\n  - at: 2', 'step times must increase'),
    ('duration: 3\nsteps:\n  - at: 5', 'duration 3.0 must be after the last step'),
    ('steps:\n  - at: 0\n    smell: roses', "step 1: unknown key 'smell'"),
    ('colour: red\nsteps:\n  - at: 0', "unknown key 'colour'"),
    ('- just a list', 'a scenario is a mapping'),
    ('steps: [', 'not valid YAML'),
])
def test_mistakes_are_named(tmp_path, text, reason):
    with pytest.raises(ConfigError, match=reason):
        _scenario(tmp_path, text)


def test_relative_camera_paths_are_relative_to_the_file(tmp_path):
    (tmp_path / 'img').mkdir()
    (tmp_path / 'img' / 'me.png').write_bytes(b'x')
    scenario = _scenario(tmp_path, 'steps:\n  - at: 0\n    camera: img/me.png\n    '
                                   'say: Hello there\n    expect: greet\n')
    assert scenario.steps[0].camera == str(tmp_path / 'img' / 'me.png')
    assert scenario.steps[0].expect == ('greet',)
    assert scenario.duration == 10.0  # default: ten seconds after the last step


def test_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match='cannot read scenario'):
        load_scenario(tmp_path / 'none.yaml')


def test_too_long_text_is_rejected():
    with pytest.raises(ConfigError, match='at most 500'):
        parse_scenario({'steps': [{'at': 0, 'say': 'x' * 501}]}, pathlib.Path('.'))


def test_a_camera_mapping_sets_frame_rate_and_looping(tmp_path):
    (tmp_path / 'walk').mkdir()
    scenario = _scenario(tmp_path, 'steps:\n  - at: 0\n    camera: {source: walk, fps: 2, '
                                   'loop: false}\n  - at: 5\n    camera: builtin:astronaut\n')
    first, second = scenario.steps
    assert (first.camera, first.camera_fps, first.camera_loop) == (
        str(tmp_path / 'walk'), 2.0, False)
    assert (second.camera_fps, second.camera_loop) == (0.0, True)
    with pytest.raises(ConfigError, match="step 1: camera: .*unknown key 'speed'"):
        _scenario(tmp_path, 'steps:\n  - at: 0\n    camera: {source: walk, speed: 2}\n')
    with pytest.raises(ConfigError, match='step 1: step: camera fps must be in'):
        _scenario(tmp_path, 'steps:\n  - at: 0\n    camera: {source: walk, fps: -3}\n')


def test_say_after_delays_the_sentence_and_must_be_positive(tmp_path):
    scenario = _scenario(tmp_path, 'steps:\n  - at: 2\n    say: Hello\n    say_after: 1.5\n')
    assert scenario.steps[0].say_after == 1.5
    with pytest.raises(ConfigError, match='step 1: step: say_after must be seconds >= 0'):
        _scenario(tmp_path, 'steps:\n  - at: 0\n    say: Hi\n    say_after: -1\n')


def test_voices_say_how_they_speak_and_steps_what_to_avoid(tmp_path):
    scenario = _scenario(tmp_path, 'steps:\n  - at: 0\n    say: Oh great ... perfect\n'
                         '    voice: {prosody: flat, pause: 1.5}\n    avoid: share_joy\n')
    step = scenario.steps[0]
    assert step.voice.pitch_range == '0%' and step.voice.pause == 1.5
    assert step.avoid == ('share_joy',)
    assert Voice(prosody='exaggerated', rate=200).words_per_minute == 150
    with pytest.raises(ConfigError, match='voice: prosody must be one of'):
        _scenario(tmp_path, 'steps:\n  - at: 0\n    voice: {prosody: sulky}\n')
    with pytest.raises(ConfigError, match="unknown action 'gloat' in expect or avoid"):
        _scenario(tmp_path, 'steps:\n  - at: 0\n    avoid: gloat\n')


def test_an_avoided_action_fails_the_step():
    from resonance_robot.core.records.timeline import Decision, summarise, Timeline
    from resonance_robot.core.sources.scenario import Scenario, Step

    step = Step(at=0.0, expect=('acknowledge',), avoid=('share_joy',))
    scenario = Scenario('s', 10.0, (step,))
    line = Timeline()
    line.decide(Decision(1.0, 'acknowledge', 'p1', 0.4, 'acknowledge p1: sarcasm'))
    assert summarise(scenario, line)[0].met
    line.decide(Decision(2.0, 'share_joy', 'p1', 0.5, 'share joy with p1'))
    assert not summarise(scenario, line)[0].met
