# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The social behaviour tree, ticked with scripted affect: what it does, when, and why."""

from dataclasses import replace
import math
import pathlib

import py_trees
import pytest
from resonance_robot.core.affect import Affect, Expression
from resonance_robot.core.decision.actions import ActionKind, Priority, Style
from resonance_robot.core.decision.robot_affect import VALENCE_FLOOR
from resonance_robot.core.decision.situation import SocialInputs
from resonance_robot.core.fusion.fusion import PersonEstimate
from resonance_robot.core.safety.corridor import Scan
from resonance_robot.core.sources.affect_script import (
    AffectScript, DEMO, FaceSegment, script_from_scenario, Utterance)
from resonance_robot.tree import keys
from resonance_robot.tree.build import create_root
from resonance_robot.tree.runtime import SocialTree
from resonance_robot.tree.simulate import simulate

A = ActionKind
STEP = 0.1


@pytest.fixture(autouse=True)
def clean_blackboard():
    """Each test starts and ends with an empty blackboard, activity recorded."""
    py_trees.blackboard.Blackboard.clear()
    py_trees.blackboard.Blackboard.enable_activity_stream(maximum_size=10000)
    yield
    py_trees.blackboard.Blackboard.disable_activity_stream()
    py_trees.blackboard.Blackboard.clear()


def person(expression='neutral', valence=0.0, arousal=0.0, confidence=0.8, distance=2.0,
           pid='p1', stale=False, engaged=True, commands=(), transcript=''):
    """Return a fused estimate as affect_fusion would publish it."""
    affect = Affect.clamped(Expression(expression), valence, arousal, confidence)
    if stale:
        affect = Affect()
    return PersonEstimate(person_id=pid, face_id=f'face_{pid}', affect=affect,
                          distance=distance, stale=stale, engaged=engaged and not stale,
                          last_transcript=transcript, last_commands=tuple(commands))


SAD = {'expression': 'sad', 'valence': -0.6, 'arousal': -0.3}
ANGRY = {'expression': 'angry', 'valence': -0.7, 'arousal': 0.7}
HAPPY = {'expression': 'happy', 'valence': 0.7, 'arousal': 0.4}
NEUTRAL = {'expression': 'neutral', 'valence': 0.0, 'arousal': 0.0}


class Driver:
    """Ticks a SocialTree at 10 Hz with persons given per time, closing the motion loop."""

    def __init__(self, **params):
        # The act logic is tested here with motion allowed while the robot speaks; the rule
        # that holds motion during speech has its own tests (test_safety_layer.py, below).
        params.setdefault('move_while_speaking', True)
        self.tree = SocialTree(params, namespace='/test')
        self.t = 0.0
        self.outputs = []
        self.travelled = 0.0

    def run(self, seconds, persons=None, estop=False, speaking=False, **kwargs):
        """Tick for ``seconds``; ``persons(t, travelled)`` or person(**kwargs) each tick."""
        outs = []
        for _ in range(int(round(seconds / STEP))):
            if persons is not None:
                present = persons(self.t, self.travelled)
            elif kwargs:
                args = dict(kwargs)
                args['distance'] = args.get('distance', 2.0) - self.travelled
                present = [person(**args)]
            else:
                present = []
            present = [_placed(p, self.t) for p in present]
            out = self.tree.tick(SocialInputs(now=self.t, persons=tuple(present),
                                              persons_time=self.t, estop=estop,
                                              robot_speaking=speaking),
                                 Scan((), self.t))  # a range sensor: an open room
            self.travelled += out.linear * STEP
            outs.append(out)
            self.outputs.append(out)
            self.t = round(self.t + STEP, 6)
        return outs

    def decisions(self, outs=None):
        return [o for o in (outs if outs is not None else self.outputs) if o.changed]

    def actions(self, outs=None):
        seq = []
        for o in self.decisions(outs):
            if not seq or seq[-1] != o.command.action:
                seq.append(o.command.action)
        return seq

    def starts(self, action, outs=None):
        return [o for o in self.decisions(outs) if o.command.action is action]


def _placed(estimate, now):
    """Measured now, straight ahead, as affect_fusion publishes a person in view."""
    if math.isfinite(estimate.distance) and math.isnan(estimate.distance_time):
        bearing = 0.0 if math.isnan(estimate.bearing) else estimate.bearing
        return replace(estimate, bearing=bearing, distance_time=now, distance_measured=True)
    return estimate


def is_subsequence(wanted, seq):
    it = iter(seq)
    return all(any(x == w for x in it) for w in wanted)


# -- comfort, joy, greeting -------------------------------------------------------------------

def test_sustained_sadness_is_comforted_with_calm_words_and_a_warm_face():
    d = Driver()
    d.run(3.0, **NEUTRAL)
    early = d.run(3.5, **SAD)
    assert A.COMFORT not in d.actions(early), 'comfort only after comfort_after (4 s) of sadness'
    later = d.run(6.0, **SAD)
    (comfort,) = d.starts(A.COMFORT, later)
    assert comfort.now >= 3.0 + 4.0
    assert comfort.command.reason.startswith('comfort p1: sad for 4.')
    assert 'valence -0.60' in comfort.command.reason
    assert 'expression=sad' in comfort.command.evidence
    spoken = [s for o in later for s in o.speech]
    assert [s.style for s in spoken] == [Style.CALM]
    faces = [o.face for o in d.outputs]
    assert all(f.expression.value in ('neutral', 'happy', 'excited') for f in faces)
    assert min(f.valence for f in faces) >= VALENCE_FLOOR  # warmth, never mirrored despair
    assert d.outputs[-1].face.arousal < -0.2  # calm


def test_brief_sadness_is_not_comforted():
    d = Driver()
    d.run(2.0, **NEUTRAL)
    d.run(2.0, **SAD)
    d.run(10.0, **NEUTRAL)
    assert A.COMFORT not in d.actions()


def test_a_flickering_reading_neither_starts_nor_breaks_a_state():
    def flicker(t, travelled):  # sad, with every fifth frame read as neutral
        mood = NEUTRAL if int(round(t * 10)) % 5 == 0 else SAD
        return [person(distance=1.25, **mood)]
    d = Driver()
    d.run(12.0, persons=flicker)
    assert len(d.starts(A.COMFORT)) == 1
    assert len(d.decisions()) <= 4  # greet is skipped (sad), disclose, comfort: no flicker


def test_sustained_joy_is_shared_after_greeting_and_disclosure():
    d = Driver(greet_after=0.0)
    outs = d.run(8.0, **HAPPY)
    assert is_subsequence([A.GREET, A.SHARE_JOY], d.actions(outs))
    assert d.actions(outs)[0] is A.GREET
    greet = d.starts(A.GREET, outs)[0]
    assert 'disclosure=true' in greet.command.evidence
    (hello,) = greet.speech
    assert "I'm a robot" in hello.text and 'stop watching me' in hello.text
    joy = d.starts(A.SHARE_JOY, outs)[0]
    assert joy.now == pytest.approx(1.5)  # joy_after
    assert joy.speech[0].style is Style.CHEERFUL
    assert outs[-1].face.expression.value in ('happy', 'excited')  # joy is shared


def test_a_greeting_cut_short_by_joy_is_not_followed_by_the_disclosure_again():
    # joy sustained (joy_after) 0.4 s after the greeting started: share joy cuts in before
    # the greeting's hold ends, but the disclosure was already sent to the voice
    d = Driver(greet_after=1.1)
    outs = d.run(8.0, **HAPPY)
    assert is_subsequence([A.GREET, A.SHARE_JOY], d.actions(outs))
    greet, joy = d.starts(A.GREET, outs)[0], d.starts(A.SHARE_JOY, outs)[0]
    assert joy.now - greet.now < 1.0  # INTRODUCE_TIME: cut short
    said = [s.text for o in outs for s in o.speech]
    assert sum("I'm a robot" in text for text in said) == 1, said
    assert A.DISCLOSE not in d.actions(outs)


def test_a_new_neutral_person_is_greeted_once_not_every_tick():
    d = Driver()
    outs = d.run(30.0, **NEUTRAL)
    (greet,) = d.starts(A.GREET, outs)
    assert sum(len(o.speech) for o in outs) == 1  # one greeting (with the disclosure)
    assert d.actions(outs) == [A.ATTEND, A.GREET, A.ATTEND]  # looks first, then greets
    assert greet.now == pytest.approx(0.5)  # greet_after
    assert greet.command.reason == 'greet p1: new person at 2.0 m'


def test_a_face_glimpsed_for_a_moment_is_not_greeted():
    d = Driver()
    d.run(0.3, **NEUTRAL)
    d.run(3.0)  # gone again
    assert A.GREET not in d.actions()


def test_a_far_away_person_is_not_greeted_until_close():
    d = Driver()
    d.run(3.0, persons=lambda t, _: [person(distance=6.0, engaged=False)])
    assert d.actions() == [A.IDLE]
    d.run(3.0, persons=lambda t, _: [person(distance=2.0)])
    assert A.GREET in d.actions()


# -- anger, go away, hand-over -------------------------------------------------------------

def test_anger_gets_space_backing_off_with_low_arousal():
    d = Driver()
    d.run(2.0, distance=1.5, **NEUTRAL)
    outs = d.run(6.0, distance=1.5, **ANGRY)
    (space,) = d.starts(A.GIVE_SPACE, outs)
    assert space.command.reason.startswith('give space to p1: angry for 1.')
    assert space.speech[0].text == "I'll give you some space."
    assert min(o.linear for o in outs) < 0.0  # backs off ...
    assert all(o.linear <= 0.0 for o in outs)  # ... and never toward an angry person
    assert d.travelled <= -(2.0 - 1.5) + 0.06  # to give_space_distance (2 m)
    assert outs[-1].face.arousal < -0.3


def test_go_away_makes_the_robot_withdraw_and_leave_the_person_alone():
    d = Driver()
    d.run(3.0, **NEUTRAL)
    outs = d.run(0.5, commands=('go_away',), transcript='go away', **NEUTRAL)
    (withdraw,) = d.starts(A.WITHDRAW, outs)
    assert withdraw.now == pytest.approx(3.0)  # on the tick the words arrive
    assert withdraw.command.reason == "withdraw from p1: asked 'go away'"
    outs += d.run(5.0, **SAD)
    assert all(o.linear <= 0.0 for o in outs) and min(o.linear for o in outs) < 0.0
    later = d.run(30.0, **SAD)  # left alone: no comfort, no greeting, no attention
    assert set(d.actions(later)) <= {A.WITHDRAW, A.IDLE}
    assert d.outputs[-1].command.reason == 'idle: leaving p1 alone, as asked'
    assert d.outputs[-1].command.target == 'p1'


def test_sustained_anger_is_handed_over_to_a_human():
    d = Driver()
    outs = d.run(20.0, distance=2.5, **ANGRY)
    assert is_subsequence([A.GIVE_SPACE, A.HAND_OVER], d.actions(outs))
    (hand_over,) = d.starts(A.HAND_OVER, outs)
    assert hand_over.now >= 15.0
    assert hand_over.command.reason.startswith('hand over p1 to a human: angry for 15.')
    (words,) = hand_over.speech
    assert words.style is Style.FIRM and words.priority is Priority.HIGH


@pytest.mark.parametrize('transcript,commands', [
    ("please, I can't breathe", ()),
    ('help me', ('help',)),
])
def test_distress_words_are_handed_over_at_once(transcript, commands):
    d = Driver()
    d.run(2.0, **NEUTRAL)
    outs = d.run(0.3, transcript=transcript, commands=commands, **NEUTRAL)
    assert outs[0].command.action is A.HAND_OVER
    assert 'hand over p1 to a human' in outs[0].command.reason
    outs = d.run(15.0, **NEUTRAL)
    assert len(d.starts(A.HAND_OVER)) == 1  # handled once, not again while held


# -- motion safety -------------------------------------------------------------------------

def sad_far_away(t, travelled):
    return [person(distance=3.0 - travelled, **SAD)]


def test_comfort_glides_up_to_the_personal_space_boundary_and_no_closer():
    d = Driver(comfort_duration=30.0)
    outs = d.run(25.0, persons=sad_far_away)
    assert max(o.linear for o in outs) == pytest.approx(0.25)  # the speed limit
    # personal space from the footprint's edge, plus the margin: 1.2 + 0.25 + 0.1 m
    keep_out = d.tree.safety.params.keep_out
    assert keep_out == pytest.approx(1.55)
    assert 3.0 - d.travelled == pytest.approx(keep_out, abs=0.06)
    distances = []
    travelled = 0.0
    for o in outs:
        travelled += o.linear * STEP
        distances.append(3.0 - travelled)
    assert min(distances) >= keep_out - 1e-6


def test_comfort_does_not_move_while_the_robot_speaks():
    d = Driver(comfort_duration=30.0, move_while_speaking=False)
    outs = d.run(25.0, persons=sad_far_away)
    (comfort,) = d.starts(A.COMFORT, outs)
    said = [o for o in outs if o.speech]
    assert said and all(o.linear == 0.0 for o in said)
    speaking = [o for o in outs if o.velocity.limited_by.startswith('speaking')]
    assert speaking and all(o.linear == 0.0 and o.angular == 0.0 for o in speaking)
    assert max(o.linear for o in outs) > 0.0  # and glides once it has finished
    busy = d.run(1.0, persons=sad_far_away, speaking=True)  # robot_speaking from voice_output
    assert all(o.linear == 0.0 and o.angular == 0.0 for o in busy)


def test_far_person_is_approached_before_comforting():
    d = Driver()
    outs = d.run(20.0, persons=lambda t, travelled: [person(distance=5.0 - travelled, **SAD)])
    assert is_subsequence([A.APPROACH, A.COMFORT], d.actions(outs))
    approach = d.starts(A.APPROACH, outs)[0]
    assert approach.command.reason.startswith('approach p1 to comfort: sad for')
    assert approach.speech == ()  # it speaks once close enough to talk


def test_a_negative_reaction_to_the_approach_aborts_it_and_gives_space():
    scared = {'expression': 'scared', 'valence': -0.7, 'arousal': 0.6}

    def person_at(t, travelled):
        mood = SAD if travelled < 0.4 else scared
        return [person(distance=3.0 - travelled, **mood)]
    d = Driver()
    outs = d.run(15.0, persons=person_at)
    assert is_subsequence([A.COMFORT, A.GIVE_SPACE], d.actions(outs))
    space = d.starts(A.GIVE_SPACE, outs)[0]
    assert 'negative reaction to the approach' in space.command.reason
    after = outs[outs.index(space):]
    assert all(o.linear <= 0.0 for o in after)


def test_no_motion_on_stale_or_unknown_affect():
    d = Driver(comfort_duration=30.0)
    d.run(6.0, persons=sad_far_away)
    assert d.outputs[-1].linear > 0.0  # approaching
    stale = d.run(1.0, persons=lambda t, tr: [person(distance=3.0 - tr, stale=True)])
    assert all(o.linear == 0.0 for o in stale)  # from the first stale tick
    assert stale[0].command.action is A.IDLE
    unknown = d.run(2.0, persons=lambda t, tr: [
        person(expression='unknown', valence=0.0, arousal=0.0, confidence=0.0,
               distance=3.0 - tr)])
    assert all(o.linear <= 0.0 for o in unknown)


def test_persons_older_than_the_input_timeout_are_stale():
    d = Driver(comfort_duration=30.0)
    d.run(6.0, persons=sad_far_away)
    frozen = d.tree.tick(SocialInputs(now=d.t + 2.0, persons=(person(distance=2.0, **SAD),),
                                      persons_time=d.t - 0.1))
    assert frozen.linear == 0.0 and not frozen.situation.present


def test_estop_halts_motion_on_the_next_tick():
    d = Driver(comfort_duration=30.0)
    d.run(6.0, persons=sad_far_away)
    assert d.outputs[-1].linear > 0.0
    (pressed,) = d.run(0.1, persons=sad_far_away, estop=True)
    assert pressed.linear == 0.0 and pressed.command.action is A.HALT
    assert pressed.command.reason == 'halt: e-stop pressed' and pressed.speech == ()
    held = d.run(3.0, persons=sad_far_away, estop=True)
    assert all(o.linear == 0.0 and o.command.action is A.HALT for o in held)
    released = d.run(2.0, persons=sad_far_away)
    # The interrupted comfort is not resumed on its own (its cooldown runs): no surprise moves.
    assert released[0].command.action is A.ATTEND
    assert all(o.linear == 0.0 for o in released)


def test_a_spoken_stop_halts_for_a_while():
    d = Driver(comfort_duration=30.0)
    d.run(6.0, persons=sad_far_away)
    outs = d.run(2.0, persons=lambda t, tr: [person(distance=3.0 - tr, commands=('stop',),
                                                    **SAD)])
    assert outs[0].command.action is A.HALT and outs[0].linear == 0.0
    assert outs[0].speech[0].text == 'Okay, stopping.'
    assert all(o.linear == 0.0 for o in outs)


# -- ethics ----------------------------------------------------------------------------

def test_privacy_mode_stops_inference_driven_actions_and_is_announced():
    d = Driver()
    d.run(3.0, **NEUTRAL)
    d.tree.privacy.request(True, 'asked by service', 'service', d.t)
    outs = d.run(20.0, **SAD)
    assert d.actions(outs) == [A.PRIVACY]
    assert outs[0].command.reason == 'privacy: privacy mode on (asked by service)'
    assert all(o.linear == 0.0 for o in outs)
    assert [s.text.split('.')[0] for o in outs for s in o.speech] == ['Privacy mode is on']
    assert all(not p.affect.is_known for o in outs for p in o.situation.persons)
    assert d.tree.memory.learner.pending == 0
    d.tree.privacy.request(False, 'asked by service', 'service', d.t)
    outs = d.run(6.0, **SAD)
    assert outs[0].speech[0].text.startswith('Privacy mode is off')
    assert A.COMFORT in d.actions(outs)  # sadness is read again, from scratch


def test_privacy_mode_by_voice_and_help_still_reaches_a_human():
    d = Driver()
    d.run(2.0, **NEUTRAL)
    outs = d.run(1.0, commands=('stop_watching',), **NEUTRAL)
    assert outs[0].command.action is A.PRIVACY
    assert "p1 said 'stop watching me'" in outs[0].command.reason
    outs = d.run(3.5, **NEUTRAL)
    outs = d.run(0.5, commands=('help',), **NEUTRAL)
    assert outs[0].command.action is A.HAND_OVER  # explicit help is not emotion inference
    d.run(11.0, **NEUTRAL)
    outs = d.run(0.5, commands=('start_watching',), **NEUTRAL)
    assert outs[0].command.action is not A.PRIVACY
    assert not d.tree.privacy.state.enabled


@pytest.mark.parametrize('context', ['workplace', 'education'])
def test_the_deployment_guard_refuses_emotion_driven_actions(context):
    d = Driver(deployment_context=context)
    outs = d.run(10.0, **SAD) + d.run(10.0, **ANGRY) + d.run(10.0, **HAPPY)
    actions = set(d.actions(outs))
    assert not actions & {A.COMFORT, A.SHARE_JOY, A.GIVE_SPACE, A.HAND_OVER, A.DISCLOSE}
    assert actions == {A.GREET, A.ATTEND}  # presence-driven actions remain
    greet = d.starts(A.GREET)[0]
    assert 'Art. 5(1)(f)' in greet.command.reason and 'inference=off' in greet.command.evidence
    assert "I'm a robot" not in greet.speech[0].text  # nothing to disclose: nothing inferred
    outs = d.run(0.5, commands=('go_away',), **NEUTRAL)
    assert outs[0].command.action is A.WITHDRAW  # spoken commands still work


def test_a_declared_medical_or_safety_purpose_allows_inference_at_work():
    d = Driver(deployment_context='workplace', inference_purpose='medical_or_safety')
    d.run(10.0, **SAD)
    assert A.COMFORT in d.actions()


def test_cooldowns_hold_comfort_is_not_repeated_while_sadness_lasts():
    d = Driver()
    outs = d.run(70.0, distance=1.25, **SAD)
    assert len(d.starts(A.COMFORT, outs)) == 1
    comfort_end = next(o.now for o in d.decisions(outs)[::-1] if o.command.action is A.ATTEND)
    assert comfort_end < 30.0  # back to attending, quietly, during the cooldown
    outs = d.run(30.0, distance=1.25, **SAD)
    assert len(d.starts(A.COMFORT, outs)) == 1  # after comfort_cooldown (60 s) once more


def test_the_rate_limit_caps_emotional_interventions():
    d = Driver(max_interventions=1, intervention_window=300.0)
    d.run(10.0, distance=1.25, **HAPPY)
    d.run(30.0, distance=1.25, **SAD)
    assert A.SHARE_JOY in d.actions() and A.COMFORT not in d.actions()


def test_every_action_carries_a_reason_with_evidence():
    runs = [simulate(DEMO)]
    angry = AffectScript('angry', 25.0, (FaceSegment(0.0, 25.0, Expression.ANGRY, -0.7, 0.7),))
    runs.append(simulate(angry))
    help_me = AffectScript('help', 10.0, (FaceSegment(0.0, 10.0),),
                           (Utterance(4.0, 'help me please', ('help',)),))
    runs.append(simulate(help_me))
    seen = set()
    for sim in runs:
        for decision in sim.decisions:
            seen.add(decision.action)
            assert decision.reason.startswith(decision.action.replace('_', ' ').split()[0])
            assert decision.evidence, decision
    assert seen >= {'greet', 'share_joy', 'comfort', 'give_space', 'withdraw', 'hand_over',
                    'attend', 'idle'}


# -- whole scenarios ---------------------------------------------------------------------

def test_the_demo_script_comes_out_as_the_expected_sequence():
    sim = simulate(DEMO)
    assert is_subsequence(['greet', 'share_joy', 'comfort', 'give_space', 'withdraw', 'idle'],
                          sim.actions())
    assert sim.actions()[-1] == 'idle'
    assert sim.decisions[-1].reason == 'idle: no one present'


def test_a_dry_run_of_the_default_demo_scenario_meets_its_expectations():
    from resonance_robot.core.perception.voice.phrases import find_commands
    from resonance_robot.core.records.timeline import summarise, Timeline
    from resonance_robot.core.sources.scenario import load_scenario

    scenario = load_scenario(_default_scenario())
    sim = simulate(script_from_scenario(scenario, find_commands=find_commands))
    timeline = Timeline()
    for decision in sim.decisions:
        timeline.decide(decision)
    rows = summarise(scenario, timeline)
    assert all(row.met for row in rows), [(row.expected, row.actions) for row in rows]


def _default_scenario():
    import resonance_robot

    return pathlib.Path(resonance_robot.__file__).parent / 'data' / 'scenarios' / 'default.yaml'


# -- the tree itself ----------------------------------------------------------------------

def test_the_tree_is_data_gathering_then_priorities_in_the_documented_order():
    root = create_root()
    assert isinstance(root, py_trees.composites.Parallel)
    gather, priorities = root.children
    assert [c.name for c in gather.children] == [
        'Read inputs', 'Spot commands', 'Privacy mode', 'Deployment guard', 'Assess']
    assert [c.name for c in priorities.children] == [
        'Safety', 'Hand-over', 'Withdrawal', 'Acknowledging', 'Space', 'Comforting', 'Joy',
        'Greeting', 'Attention', 'Idle']
    assert all(isinstance(c, (py_trees.composites.Composite, py_trees.behaviour.Behaviour))
               for c in priorities.iterate())


def test_only_the_gathering_branch_writes_perception_and_decisions_only_read_it():
    root = create_root()
    gather, priorities = root.children
    perception = {f'{keys.NAMESPACE}/{k}' for k in (
        keys.INPUTS, keys.EVENTS, keys.PRIVACY, keys.GUARD, keys.SITUATION)}
    for behaviour in priorities.iterate():
        for client in behaviour.blackboards:
            assert not (client.write | client.exclusive) & perception, behaviour.name
            assert client.write <= {f'{keys.NAMESPACE}/{keys.COMMAND}'}, behaviour.name
    written = set()
    for behaviour in gather.iterate():
        for client in behaviour.blackboards:
            written |= client.write
    assert perception <= written


def test_the_activity_stream_shows_gathering_writes_and_one_command_per_tick():
    tree = SocialTree({'greet_after': 0.0}, namespace=keys.NAMESPACE)
    py_trees.blackboard.Blackboard.activity_stream.clear()
    tree.tick(SocialInputs(now=0.0, persons=(person(),), persons_time=0.0))
    writes = [a for a in py_trees.blackboard.Blackboard.activity_stream.data
              if a.activity_type in ('WRITE', 'INITIALISED')]
    writers = {(a.client_name, a.key.rsplit('/', 1)[-1]) for a in writes}
    assert ('Assess', 'situation') in writers
    command_writers = {name for name, key in writers if key == 'command'}
    assert command_writers == {'Greet'}


def test_renderings_name_every_branch():
    from resonance_robot.tree.build import ascii_tree, dot_text

    text = ascii_tree()
    for name in ('Resonance', 'Gather', 'Safety', 'Comforting', 'Idle'):
        assert name in text
    dot = dot_text()
    assert dot.lstrip().startswith('digraph') and 'Comforting' in dot


def test_tick_snapshot_shows_statuses():
    tree = SocialTree({'greet_after': 0.0}, namespace='/snap')
    tree.tick(SocialInputs(now=0.0, persons=(person(),), persons_time=0.0))
    snap = tree.snapshot()
    assert 'Greet' in snap and 'greet p1' in snap
    tree.shutdown()
    assert not any(k.startswith('/snap/') for k in py_trees.blackboard.Blackboard.storage)


def test_bad_parameters_are_refused_with_the_reason():
    from resonance_robot.core.errors import ConfigError

    with pytest.raises(ConfigError, match='must inform, not persuade'):
        create_root({'disclosure': 'Buy our premium plan today!'})
    with pytest.raises(ConfigError, match="'office' is not one of"):
        create_root({'deployment_context': 'office'})
    with pytest.raises(ConfigError, match='give_space_distance must not be inside'):
        create_root({'personal_space': 2.5})


# -- the command line ---------------------------------------------------------------------

def test_the_tree_command_prints_renders_and_dry_runs(tmp_path, capsys):
    import shutil

    from resonance_robot.cli import main

    assert main(['tree']) == 0
    out = capsys.readouterr().out
    assert 'Comforting' in out and 'deployment: emotion inference on (home)' in out
    assert main(['tree', '--dot', str(tmp_path / 'tree.dot')]) == 0
    assert (tmp_path / 'tree.dot').read_text().startswith('digraph')
    if shutil.which('dot') is None:
        assert main(['tree', '--dot', str(tmp_path / 'tree.svg')]) == 2
        assert 'needs Graphviz' in capsys.readouterr().err
        assert (tmp_path / 'tree.dot').is_file()
    params = tmp_path / 'work.yaml'
    params.write_text('/**:\n  ros__parameters:\n    deployment_context: workplace\n')
    assert main(['tree', '--params-file', str(params)]) == 0
    assert 'emotion inference off in workplace' in capsys.readouterr().out
    assert main(['tree', '--simulate', 'demo']) == 0
    out = capsys.readouterr().out
    assert 'comfort p1: sad for' in out and out.strip().splitlines()[-1].startswith('sequence:')
    assert main(['tree', '--simulate', str(_default_scenario())]) == 0
    assert 'MISSED' not in capsys.readouterr().out
    assert main(['tree', '--simulate', 'nosuch']) == 2
