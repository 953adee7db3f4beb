# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Ethics, words, the robot's own affect, motion limits, learning and the situation."""

import math

import pytest
from resonance_robot.core.affect import Affect, Expression
from resonance_robot.core.decision.actions import ActionCommand, ActionKind, Style
from resonance_robot.core.decision.events import CommandSpotter, distress_phrase
from resonance_robot.core.decision.learning import OutcomeLearner
from resonance_robot.core.decision.learning_store import LearningStore
from resonance_robot.core.decision.memory import InteractionMemory
from resonance_robot.core.decision.motion import approach_speed, MotionLimits, retreat_speed
from resonance_robot.core.decision.params import SOCIAL_PARAMS, SocialParams
from resonance_robot.core.decision.robot_affect import (
    AffectDynamics, resonance_target, robot_expression, RobotAffect, VALENCE_FLOOR)
from resonance_robot.core.decision.situation import SituationTracker, SocialInputs
from resonance_robot.core.decision.utterances import pick, speaking_time
from resonance_robot.core.errors import ConfigError
from resonance_robot.core.ethics import (
    DEFAULT_DISCLOSURE, deployment_guard, InterventionLimiter, persuasion_in, PrivacySwitch)
from resonance_robot.core.fusion.fusion import PersonEstimate
from resonance_robot.tree.acts import ACTS, comfort, greet, hand_over, share_joy

LIMITS = MotionLimits()


# -- ethics --------------------------------------------------------------------------------

@pytest.mark.parametrize('context,purpose,allowed', [
    ('home', 'none', True), ('care', 'none', True), ('public', 'none', True),
    ('workplace', 'none', False), ('education', 'none', False),
    ('workplace', 'medical_or_safety', True), ('Education', 'medical_or_safety', True),
])
def test_the_deployment_guard_follows_art_5_1_f(context, purpose, allowed):
    decision = deployment_guard(context, purpose)
    assert decision.allowed is allowed
    if context.lower() in ('workplace', 'education'):
        assert 'Art. 5(1)(f)' in decision.explanation


def test_the_deployment_guard_names_valid_values():
    with pytest.raises(ValueError, match='valid: home, care, public, workplace, education'):
        deployment_guard('office')
    with pytest.raises(ValueError, match='valid: none, medical_or_safety'):
        deployment_guard('home', 'marketing')


def test_words_comfort_and_inform_but_never_persuade_or_sell():
    texts = [text for act in ACTS for text in act.words] + [DEFAULT_DISCLOSURE]
    assert len(texts) > 15  # every act's words, the privacy notices among them
    for text in texts:
        assert persuasion_in(text) is None, text
    for bad in ('Buy one now!', 'Special offer for you', "Don't leave me", 'You should smile',
                'Calm down.', 'Subscribe to premium'):
        assert persuasion_in(bad), bad


def test_the_disclosure_says_what_is_read_and_how_to_stop_it():
    text = DEFAULT_DISCLOSURE.lower()
    assert 'robot' in text and 'faces' in text and 'voices' in text
    assert 'stop watching me' in text and 'record nothing' in text


def test_the_privacy_switch_counts_changes_once_each():
    switch = PrivacySwitch()
    assert not switch.state.enabled and switch.state.changes == 0
    state = switch.request(True, 'asked', 'service', 1.0)
    assert state.enabled and state.changes == 1 and state.source == 'service'
    assert switch.request(True, 'again', 'voice', 2.0).changes == 1  # no change, no count
    assert switch.request(False, '', 'voice', 3.0).reason == 'voice'


def test_the_intervention_limiter_caps_a_sliding_window():
    limiter = InterventionLimiter(2, 10.0)
    limiter.record(0.0)
    limiter.record(3.0)
    assert not limiter.allows(5.0) and limiter.free_in(5.0) == pytest.approx(5.0)
    assert limiter.allows(10.0) and limiter.count(10.0) == 1


# -- words and the robot's affect -------------------------------------------------------------

def test_each_act_speaks_in_its_style():
    assert pick(comfort.WORDS, comfort.STYLE).style is Style.CALM
    assert pick(share_joy.WORDS, share_joy.STYLE).style is Style.CHEERFUL
    assert pick(hand_over.WORDS, hand_over.STYLE, urgent=True).interrupt
    assert pick(greet.WORDS, greet.STYLE, calm=True).style is Style.CALM
    assert pick((), Style.NEUTRAL) is None
    assert pick(comfort.WORDS, comfort.STYLE, 4).text == comfort.WORDS[1]
    calm = pick(comfort.WORDS, comfort.STYLE)
    assert speaking_time(calm) == pytest.approx(60 * len(calm.text.split()) / 130.0)


@pytest.mark.parametrize('person,expect', [
    (Affect(Expression.HAPPY, 0.8, 0.5, 0.9), 'share'),
    (Affect(Expression.SAD, -0.9, -0.6, 0.9), 'warm'),
    (Affect(Expression.SCARED, -0.7, 0.7, 0.9), 'warm'),
    (Affect(Expression.ANGRY, -0.8, 0.9, 0.9), 'calm'),
])
def test_the_resonance_policy_shares_joy_warms_sadness_and_calms_anger(person, expect):
    valence, arousal = resonance_target(ActionKind.ATTEND, person)
    if expect == 'share':
        assert valence >= 0.6 and arousal > 0.0
    elif expect == 'warm':
        assert valence > 0.0 and arousal < 0.0  # never mirrors despair or fear
    else:
        assert valence == 0.0 and arousal <= -0.4  # lower arousal for anger


def test_robot_affect_moves_smoothly_toward_its_target():
    dynamics = AffectDynamics(time_constant=1.0, max_rate=0.8, state=RobotAffect(0.0, 0.0))
    values = [(0.0, 0.0)]
    for _ in range(60):
        s = dynamics.step((0.9, 0.6), 0.1)
        values.append((s.valence, s.arousal))
    steps = [max(abs(b[0] - a[0]), abs(b[1] - a[1])) for a, b in zip(values, values[1:])]
    assert max(steps) <= 0.8 * 0.1 + 1e-9  # no jumps
    assert values[-1][0] == pytest.approx(0.9, abs=0.02) and values[-1][1] == pytest.approx(
        0.6, abs=0.02)
    assert max(v for v, _ in values) <= 0.9 + 0.01  # critically damped: no overshoot


def test_robot_affect_never_goes_into_despair():
    dynamics = AffectDynamics()
    for _ in range(100):
        state = dynamics.step((-1.0, -1.0), 0.1)
    assert VALENCE_FLOOR <= state.valence <= VALENCE_FLOOR + 0.01
    assert robot_expression(state) is Expression.NEUTRAL
    assert robot_expression(RobotAffect(0.6, 0.6)) is Expression.EXCITED


# -- motion --------------------------------------------------------------------------------

def test_approach_slows_down_and_stops_at_the_personal_space_boundary():
    assert approach_speed(3.0, 1.2, LIMITS) == LIMITS.max_forward
    assert approach_speed(1.4, 1.2, LIMITS) == pytest.approx(0.6 * 0.2)
    assert approach_speed(1.22, 1.2, LIMITS) == 0.0
    assert approach_speed(2.0, 0.5, LIMITS) > 0.0 and approach_speed(1.2, 0.5, LIMITS) == 0.0
    assert approach_speed(math.nan, 1.2, LIMITS) == 0.0
    assert retreat_speed(1.0, 2.0, LIMITS) == -LIMITS.max_reverse
    assert retreat_speed(2.5, 2.0, LIMITS) == 0.0


# -- learning, only with consent -----------------------------------------------------------

def test_with_consent_outcomes_after_the_act_ends_are_stored_as_aggregates(tmp_path):
    path = tmp_path / 'learned.sqlite'
    learner = OutcomeLearner(consent=True, store=LearningStore(path), outcome_delay=5.0)
    learner.begin('comfort', 0, 'p1')
    learner.begin('comfort', 1, 'p2')
    learner.end('comfort', 'p1', 1.0)
    learner.end('comfort', 'p2', 1.0)
    assert learner.observe({'p1': -0.6, 'p2': -0.6}, 1.1) == 0  # the window starts
    assert learner.observe({'p1': -0.5, 'p2': 0.1}, 5.0) == 0  # not due yet
    assert learner.observe({'p1': -0.5, 'p2': 0.1}, 6.1) == 2
    arms, _ = LearningStore(path).load()
    assert arms[('comfort', 1)].helped == 1 and arms[('comfort', 0)].helped == 1
    assert arms[('comfort', 1)].mean_effect == pytest.approx(0.7)
    assert b'p1' not in path.read_bytes()  # aggregates only: no person ids
    again = OutcomeLearner(consent=True, store=LearningStore(path))
    assert again.arms == learner.arms


def test_privacy_pauses_learning_and_drops_what_was_pending():
    learner = OutcomeLearner(consent=True, outcome_delay=5.0)
    learner.begin('comfort', 0, 'p1')
    learner.pause(True)
    assert learner.pending == 0
    learner.begin('comfort', 0, 'p1')
    assert learner.pending == 0


# -- commands and the situation --------------------------------------------------------------

def _person(pid='p1', commands=(), transcript='', expression=Expression.NEUTRAL, valence=0.0,
            arousal=0.0, confidence=0.8, stale=False):
    return PersonEstimate(person_id=pid, affect=Affect(expression, valence, arousal, confidence),
                          distance=2.0, stale=stale, engaged=True, last_commands=commands,
                          last_transcript=transcript)


def test_commands_are_events_once_each_while_held():
    spotter = CommandSpotter()
    (event,) = spotter.update([_person(commands=('go_away',), transcript='go away')], 1.0)
    assert (event.person_id, event.command, event.phrase, event.time) == (
        'p1', 'go_away', 'go away', 1.0)
    assert spotter.update([_person(commands=('go_away',), transcript='go away')], 1.1) == ()
    assert spotter.update([_person()], 1.2) == ()
    assert len(spotter.update([_person(commands=('go_away',))], 1.3)) == 1  # said again


@pytest.mark.parametrize('text,phrase', [
    ("Please help me, I can't breathe", 'help me'), ('I cant breathe', 'i cant breathe'),
    ('I think I want to die', 'i want to die'), ('this ambulance is loud', 'ambulance'),
    ('what a helpful robot', None), ('I am fine', None)])
def test_distress_phrases_are_spotted(text, phrase):
    assert distress_phrase(text) == phrase


def test_states_have_hysteresis():
    params = SocialParams.from_values({'release_time': 1.5})
    tracker = SituationTracker(params)
    memory = InteractionMemory(params)
    privacy = PrivacySwitch().state

    def at(t, **kwargs):
        inputs = SocialInputs(now=t, persons=(_person(**kwargs),), persons_time=t)
        return tracker.update(inputs, (), privacy, params.guard, memory).persons[0]

    sad = {'expression': Expression.SAD, 'valence': -0.6, 'arousal': -0.3}
    assert at(0.0, **sad).sad_for == 0.0 and 'sad' in at(0.0, **sad).feeling
    assert at(2.0, **sad).sad_for == pytest.approx(2.0)
    assert at(2.5, valence=-0.25).sad_for == pytest.approx(2.5)  # in the band: still sad
    assert at(3.0).sad_for == pytest.approx(3.0)  # clear, but not for release_time yet
    assert at(4.6).sad_for == 0.0  # released
    assert at(5.0, **sad).sad_for == 0.0 and at(6.0, **sad).sad_for == pytest.approx(1.0)


def test_social_parameters_cover_every_field_and_reject_bad_relations():
    assert {s.name for s in SOCIAL_PARAMS} == set(SocialParams.__dataclass_fields__)
    assert SocialParams.from_values({'tick_rate': 5.0}).personal_space == 1.2  # node params
    with pytest.raises(ConfigError, match='parameter comfort_after'):
        SocialParams.from_values({'comfort_after': -1.0})


def test_every_command_needs_a_reason():
    with pytest.raises(ValueError, match='needs a reason'):
        ActionCommand(ActionKind.COMFORT, ' ')
    assert ActionCommand(ActionKind.IDLE, 'idle: x').decision == ('idle', '', 'idle: x')
