# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Reading between the lines: sarcasm, frustration, fleeting expressions, grief, pauses."""

import py_trees
import pytest
from resonance_robot.core.affect import Affect, Expression
from resonance_robot.core.decision.actions import ActionKind
from resonance_robot.core.decision.situation import SocialInputs
from resonance_robot.core.decision.turn_taking import TurnTaking
from resonance_robot.core.ethics import persuasion_in
from resonance_robot.core.fusion.between_lines import (
    correction_in, deflate_sarcasm, FlashDetector, Frustration, Pauses)
from resonance_robot.core.fusion.fusion import AffectFusion, VoiceCue
from resonance_robot.core.perception.face.reading import FaceBox, FaceFrame, FaceReading
from resonance_robot.core.perception.voice.incongruence import (
    REVERSE, SARCASM, sarcasm_marker, with_face, words_vs_tone)
from resonance_robot.tree.acts import acknowledge, hand_over
from resonance_robot.tree.runtime import SocialTree

A = ActionKind
STEP = 0.1


@pytest.fixture(autouse=True)
def clean_blackboard():
    py_trees.blackboard.Blackboard.clear()
    yield
    py_trees.blackboard.Blackboard.clear()


def face(expression, valence, arousal, confidence=0.8):
    return Affect.clamped(Expression(expression), valence, arousal, confidence)


NEUTRAL = face('neutral', 0.0, 0.0)
HAPPY = face('happy', 0.7, 0.4)
ANGRY = face('angry', -0.6, 0.6)
SAD = face('sad', -0.4, -0.2)
FLAT = {'pitch_range_st': -1.4, 'loudness_dbfs': 1.2, 'speech_rate_sps': 0.8}
LIVELY = {'pitch_range_st': 1.0, 'loudness_dbfs': 0.3, 'speech_rate_sps': 0.3}


def praise(z, transcript='Oh great, just great. Perfect.', words=0.75):
    """Return an utterance of praise whose voice has prosodic z-scores ``z``."""
    incongruence = words_vs_tone(words, 0.8, z, pitch_range_st=3.0, transcript=transcript)
    return VoiceCue('voice0', face('excited', words, 0.55, 0.7), transcript, (), words,
                    incongruence, 2.0, 0.1)


def complaint(transcript, arousal, words=-0.6):
    incongruence = words_vs_tone(words, 0.8, {'loudness_dbfs': 1.0}, transcript=transcript)
    return VoiceCue('voice0', face('angry', words, arousal, 0.7), transcript, (), words,
                    incongruence, 2.0, 0.1)


def complaints(start, lines, every):
    """Return the voices of ``lines`` ((text, arousal) pairs), one every ``every`` s."""
    return {start + every * i: complaint(text, arousal) for i, (text, arousal)
            in enumerate(lines)}


class World:
    """Fusion and the tree together at 10 Hz: a face every tick, utterances when given."""

    def __init__(self, fusion=None, **params):
        self.fusion = AffectFusion()
        if fusion:
            from resonance_robot.core.fusion.params import FusionParams
            self.fusion = AffectFusion(FusionParams.from_values(fusion))
        self.tree = SocialTree(params, namespace='/between')
        self.t = 0.0
        self.outputs = []
        self.said = []

    def run(self, seconds, smoothed, raw=None, voices=None, width=160.0):
        """Tick; ``smoothed``/``raw`` are affects or functions of t; voices {t: cue}."""
        voices = dict(voices or {})
        outs = []
        for _ in range(int(round(seconds / STEP))):
            t = self.t
            s = smoothed(t) if callable(smoothed) else smoothed
            r = raw(t) if callable(raw) else (raw or s)
            box = FaceBox(240.0, 160.0, width, width, 0.9)
            self.fusion.add_faces(FaceFrame(640, 480, (FaceReading('f1', box, s, r),)), t)
            for when in [w for w in voices if w <= t + 1e-9]:
                self.fusion.add_voice(voices.pop(when), t)
            self.fusion.update(t)
            persons = self.fusion.estimate(t)
            out = self.tree.tick(SocialInputs(now=t, persons=persons, persons_time=t))
            outs.append(out)
            self.outputs.append(out)
            self.said += [s.text for s in out.speech]
            self.t = round(t + STEP, 6)
        return outs

    def actions(self, outs=None):
        seq = []
        for o in (outs if outs is not None else self.outputs):
            if o.changed and (not seq or seq[-1] != o.command.action):
                seq.append(o.command.action)
        return seq

    def first(self, action):
        return next(o for o in self.outputs if o.changed and o.command.action == action)

    def person(self):
        return self.fusion.estimate(self.t)[0]


# -- words against tone ------------------------------------------------------------------


def test_praise_said_flatly_is_likely_sarcasm_and_said_brightly_is_not():
    flat = words_vs_tone(0.7, 0.8, FLAT, pitch_range_st=2.0)
    lively = words_vs_tone(0.7, 0.8, LIVELY, pitch_range_st=8.0)
    assert flat.kind == SARCASM and flat.probability >= 0.5
    assert any(e.startswith('flat=') for e in flat.evidence)
    assert lively.probability < 0.2
    assert words_vs_tone(0.0, 0.0, FLAT).probability == 0.0  # no affective words: no claim


def test_a_sad_or_scared_face_under_kind_words_is_no_sarcasm_cue():
    # kind words from someone in tears are masking or politeness, not mockery
    lively = words_vs_tone(0.4, 0.5, LIVELY, pitch_range_st=8.0)
    for distressed in (SAD, face('scared', -0.5, 0.5)):
        assert with_face(lively, distressed) == lively
        assert with_face(lively, distressed).probability < 0.5
    assert with_face(lively, face('disgusted', -0.5, 0.3)).probability >= 0.5


def test_the_face_makes_or_breaks_the_sarcasm_reading():
    flat = words_vs_tone(0.7, 0.8, FLAT, pitch_range_st=2.0)
    assert with_face(flat, ANGRY).probability > 0.9
    assert with_face(flat, HAPPY).probability < 0.3
    lively = words_vs_tone(0.7, 0.8, LIVELY, pitch_range_st=8.0)
    assert with_face(lively, ANGRY).probability >= 0.5  # praise with an annoyed face
    assert 'face_negative=angry' in with_face(lively, ANGRY).evidence


def test_markers_and_the_reverse_incongruence():
    assert sarcasm_marker('Oh great, just great.') == 'oh great'
    assert sarcasm_marker('That was great, thank you') is None
    reverse = words_vs_tone(-0.6, 0.8, {'pitch_range_st': 1.5, 'pitch_st': 1.0})
    assert reverse.kind == REVERSE and any(e.startswith('bright=') for e in reverse.evidence)


def test_sarcastic_praise_never_counts_as_joy_in_fusion():
    cue = praise(FLAT)
    assert deflate_sarcasm(cue.affect, with_face(cue.incongruence, NEUTRAL), 0.5).valence < 0
    fusion = AffectFusion()
    box = FaceBox(240.0, 160.0, 160.0, 160.0, 0.9)
    fusion.add_faces(FaceFrame(640, 480, (FaceReading('f1', box, NEUTRAL, NEUTRAL),)), 0.0)
    fusion.add_voice(cue, 0.1)
    fusion.update(0.1)
    person = fusion.estimate(0.1)[0]
    assert person.affect.expression not in (Expression.HAPPY, Expression.EXCITED)
    assert person.affect.valence <= 0.0
    assert person.signals.sarcasm.probability >= 0.5
    assert 'face_neutral=neutral' in person.signals.sarcasm.evidence


# -- frustration, flashes, pauses ----------------------------------------------------------


def test_frustration_builds_with_complaints_and_corrections_and_decays():
    f = Frustration(decay=45.0)
    steps = []
    for i, (text, arousal) in enumerate([('this is useless', 0.2), ('no, I said the kitchen', 0.4),
                                         ('I said the kitchen again', 0.6)]):
        f.utterance(face('angry', -0.6, arousal), -0.6, text, words_vs_tone(0, 0, {}), None,
                    float(i * 5))
        steps.append(f.level(float(i * 5)))
    assert steps == sorted(steps) and steps[-1] >= 0.6
    assert {'correction', 'rising', 'repeated_negative'} <= {
        e.split('=')[0] for e in f.evidence}
    assert f.level(10.0 + 90.0) < 0.2 * steps[-1]  # two time constants later
    assert correction_in('No, I said the kitchen') == 'no, i said'


def test_a_brief_flash_is_a_cue_and_a_lasting_change_is_not():
    detector = FlashDetector(0.08, 0.5)
    flashes = []
    for i in range(30):  # 30 fps: frames 10..14 (0.17 s) disgusted under a neutral face
        raw = face('disgusted', -0.5, 0.3) if 10 <= i < 15 else NEUTRAL
        flashes.append(detector.update(raw, NEUTRAL, i / 30.0))
    found = [f for f in flashes if f is not None]
    assert len(found) == 1 and found[0].expression is Expression.DISGUSTED
    assert 0.15 <= found[0].duration <= 0.2
    slow = FlashDetector(0.08, 0.5)
    lasting = [slow.update(face('angry', -0.5, 0.5) if i < 30 else NEUTRAL, NEUTRAL, i / 30.0)
               for i in range(40)]
    assert not any(lasting)  # one second is a change of state, not a flash


def test_pauses_are_measured_and_turn_taking_waits_longer():
    pauses = Pauses()
    for start in (0.0, 8.0, 16.0):  # 3 s utterances, 5 s apart
        pauses.utterance(start, start + 3.0, 0.5)
    assert pauses.between == pytest.approx(5.0) and pauses.within == pytest.approx(0.5)
    turns = TurnTaking(gap=0.3, max_hold=6.0)
    turns.adapt(pauses.between)
    assert turns.gap == pytest.approx(2.5)
    turns.adapt(0.0)
    assert turns.gap == pytest.approx(0.3)


# -- through fusion and the tree -----------------------------------------------------------


def test_praise_said_flatly_is_acknowledged_not_celebrated():
    w = World()
    w.run(3.0, NEUTRAL)
    w.run(12.0, NEUTRAL, voices={w.t + 0.5: praise(FLAT)})
    assert A.ACKNOWLEDGE in w.actions() and A.SHARE_JOY not in w.actions()
    ack = w.first(A.ACKNOWLEDGE).command
    assert 'sarcasm' in ack.reason and 'flat' in ack.reason
    assert any(text in acknowledge.SARCASM_WORDS for text in w.said)


def test_one_sarcastic_remark_heard_as_two_utterances_is_acknowledged_once():
    w = World()
    w.run(3.0, NEUTRAL)
    w.run(15.0, NEUTRAL, voices={w.t + 0.5: praise(FLAT, 'Oh great, just great.'),
                                 w.t + 1.6: praise(FLAT, 'Thank you.', words=0.44)})
    acks = [o for o in w.outputs if o.changed and o.command.action == A.ACKNOWLEDGE
            and 'continuing' not in o.command.reason]
    assert len(acks) == 1 and A.SHARE_JOY not in w.actions()


def test_praise_with_an_annoyed_face_is_acknowledged_not_celebrated():
    w = World()
    w.run(3.0, NEUTRAL)
    w.run(12.0, ANGRY, voices={w.t + 0.5: praise(LIVELY, 'That is wonderful, thanks')})
    assert A.ACKNOWLEDGE in w.actions() and A.SHARE_JOY not in w.actions()
    assert 'face_negative' in w.first(A.ACKNOWLEDGE).command.reason


def test_genuinely_happy_words_with_a_happy_face_still_share_joy():
    w = World()
    w.run(3.0, NEUTRAL)
    w.run(12.0, HAPPY, voices={w.t + 0.5: praise(LIVELY, 'I am so happy to see you')})
    assert A.SHARE_JOY in w.actions() and A.ACKNOWLEDGE not in w.actions()


def test_rising_complaints_are_acknowledged_then_a_human_offered_without_repeats():
    w = World()
    w.run(3.0, NEUTRAL)
    lines = [('This is not working.', 0.2), ('No, I said the kitchen.', 0.35),
             ('I said the kitchen, again!', 0.5), ('How many times, the kitchen!', 0.65),
             ('You are not listening to me.', 0.8)]
    voices = complaints(w.t + 0.5, lines, 6.0)
    w.run(40.0, face('neutral', -0.1, 0.2), voices=voices)
    actions = w.actions()
    assert A.ACKNOWLEDGE in actions and A.HAND_OVER in actions
    assert actions.index(A.ACKNOWLEDGE) < actions.index(A.HAND_OVER)
    offer = w.first(A.HAND_OVER).command
    assert 'frustrated' in offer.reason and 'after acknowledging' in offer.reason
    assert any(text in hand_over.ASK_WORDS for text in w.said)
    assert len(w.said) == len(set(w.said))  # never the same sentence twice
    # asked only once the level rose again after the acknowledgement ended
    ack = w.first(A.ACKNOWLEDGE)
    ack_end = next(o.situation.now for o in w.outputs
                   if o.situation.now > ack.situation.now and o.changed
                   and o.command.action != A.ACKNOWLEDGE)
    asked = w.first(A.HAND_OVER)
    assert asked.situation.person('p1').frustration_rose > ack_end


def test_acknowledged_frustration_that_only_fades_brings_no_offer_of_a_human():
    w = World()
    w.run(3.0, NEUTRAL)
    lines = [('This is useless.', 0.2), ('No, I said the kitchen.', 0.45)]
    voices = complaints(w.t + 0.5, lines, 4.0)
    w.run(10.0, face('neutral', -0.1, 0.2), voices=voices)
    assert A.ACKNOWLEDGE in w.actions()
    level = w.outputs[-1].situation.person('p1').frustration
    assert level >= 0.35  # still frustrated, above hand_over_frustration ...
    w.run(30.0, NEUTRAL)  # ... but nothing new: the level only fades
    assert A.HAND_OVER not in w.actions()
    assert w.actions().count(A.ACKNOWLEDGE) == 1  # and is not acknowledged again
    # one more complaint while still frustrated: now the robot asks
    w.run(8.0, NEUTRAL, voices={w.t + 0.5: complaint('This is still not working!', 0.5)})
    assert A.HAND_OVER in w.actions()
    assert 'rising' in w.first(A.HAND_OVER).command.reason


def test_a_second_acknowledgement_said_paced_is_a_new_sentence_not_silence():
    w = World(acknowledge_cooldown=5.0, hand_over_frustration=1.0)
    w.run(3.0, NEUTRAL)
    lines = [('This is useless.', 0.2), ('No, I said the kitchen.', 0.45),
             ('How many times, I said the kitchen!', 0.65), ('Again, the kitchen!', 0.7),
             ('I already told you, the kitchen!', 0.75)]
    voices = complaints(w.t + 0.5, lines, 5.0)
    w.run(40.0, face('neutral', -0.1, 0.2), voices=voices)
    said = [text for text in w.said if any(
        text == words or words.startswith(text) for words in acknowledge.WORDS)]
    acks = [o for o in w.outputs if o.changed and o.command.action == A.ACKNOWLEDGE
            and 'continuing' not in o.command.reason]
    assert len(acks) >= 2 and len(said) == len(acks)  # each acknowledgement said something
    assert len(set(said)) == len(said)


def test_kind_words_heard_from_a_grieving_person_are_comforted_not_challenged():
    # live, "I miss him ... every day" said slowly was heard as "I agree a scheme" (+0.36)
    # with a wide, slow pitch: with the sad face that read as sarcasm (p 0.76)
    slow = {'pitch_range_st': 2.5, 'loudness_dbfs': -0.5, 'speech_rate_sps': -1.2}
    misheard = words_vs_tone(0.36, 0.45, slow, pitch_range_st=6.0, transcript='i agree a scheme')
    cue = VoiceCue('voice0', face('neutral', 0.3, -0.4, 0.5), 'i agree a scheme', (), 0.36,
                   misheard, 2.0, 0.1)
    w = World()
    w.run(8.0, SAD)
    w.run(12.0, SAD, voices={w.t + 0.5: cue})
    assert A.COMFORT in w.actions() and A.ACKNOWLEDGE not in w.actions()
    assert w.person().signals.sarcasm.probability < 0.5


def test_sadness_that_lasts_three_minutes_stays_sad_and_is_comforted():
    w = World(comfort_cooldown=60.0)
    w.run(180.0, SAD)
    person = w.person()
    assert person.affect.expression is Expression.SAD
    assert person.affect.valence <= -0.3  # not absorbed into the baseline
    comforts = [o for o in w.outputs if o.changed and o.command.action == A.COMFORT
                and 'continuing' not in o.command.reason]
    assert len(comforts) >= 2 and comforts[-1].command.reason  # comforted again later
    assert any(o.command.action == A.COMFORT for o in w.outputs[-700:])


def test_a_fleeting_disgust_right_after_the_approach_is_a_negative_reaction():
    def raw(t):  # a 0.2 s flash of disgust while the robot comes to comfort (its approach)
        return face('disgusted', -0.6, 0.4) if 6.5 <= t < 6.7 else SAD
    w = World()
    # 2.8 m away: comforting is an approach (it glides closer once it has finished speaking;
    # the safety layer holds it still while it speaks)
    w.run(12.0, SAD, raw=raw, width=30.0)
    assert w.actions().index(A.COMFORT) < w.actions().index(A.GIVE_SPACE)
    assert all(o.linear <= 0.0 for o in w.outputs if o.command.action == A.GIVE_SPACE)
    space = w.first(A.GIVE_SPACE).command
    assert 'fleeting disgusted' in space.reason


def test_every_new_sentence_informs_and_never_persuades():
    for text in acknowledge.WORDS + hand_over.ASK_WORDS:
        assert persuasion_in(text) is None, text


def _estimate(t, affect, transcript='', signals=None):
    from resonance_robot.core.fusion.between_lines import Signals
    from resonance_robot.core.fusion.fusion import PersonEstimate
    return PersonEstimate('p1', 'f1', affect=affect, distance=1.5, stale=False, engaged=True,
                          last_transcript=transcript, signals=signals or Signals())


def test_talking_over_the_robot_adds_to_frustration():
    tree = SocialTree({}, namespace='/interrupt')
    outs = []
    for i in range(30):
        t = i / 10.0
        said = 'wait a moment' if t >= 2.0 else ''
        outs.append(tree.tick(SocialInputs(now=t, persons=(_estimate(t, NEUTRAL, said),),
                                           persons_time=t, robot_speaking=t >= 1.5)))
    before, after = outs[15].situation.person('p1'), outs[-1].situation.person('p1')
    assert before.frustration == 0.0
    assert after.frustration > 0.1 and 'interrupted_robot' in after.frustration_evidence


def test_someone_who_pauses_long_is_spoken_to_slower_and_less():
    from resonance_robot.core.decision.actions import Style
    from resonance_robot.core.fusion.between_lines import Signals
    from resonance_robot.tree.acts import comfort

    def said(signals):
        py_trees.blackboard.Blackboard.clear()
        tree = SocialTree({'disclosure': ''}, namespace='/paced')
        speech = []
        for i in range(100):
            t = i / 10.0
            out = tree.tick(SocialInputs(now=t, persons=(_estimate(t, SAD, '', signals),),
                                         persons_time=t))
            speech += list(out.speech)
        return next(s for s in speech if any(w.startswith(s.text) for w in comfort.WORDS))

    usual = said(Signals())
    paced = said(Signals(pause_between=3.0))
    assert usual.text in comfort.WORDS and usual.style is Style.CALM
    assert len(paced.text) < len(usual.text) and paced.style is Style.CALM
    assert paced.text.count('.') == 1  # the first sentence only
