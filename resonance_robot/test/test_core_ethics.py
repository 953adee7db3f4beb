# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The persuasion check, the shared deployment parameters and the storage rules (no ROS)."""

import json
import pathlib

import pytest
from resonance_robot.core.decision.params import SOCIAL_PARAMS
from resonance_robot.core.ethics import (
    check_text, DEFAULT_DISCLOSURE, deployment_guard, DEPLOYMENT_PARAMS, inference_state,
    persuasion_in)
from resonance_robot.core.ethics.learned import read_sentence_list
from resonance_robot.core.ethics.persuasion import Category
from resonance_robot.core.ethics.text import clauses, normalise
from resonance_robot.core.records.storage import (
    is_live_audio, is_live_camera, storage_policy, strip_live)

DATA = pathlib.Path(__file__).resolve().parent / 'data' / 'ethics'


def _rows(name):
    return read_sentence_list(DATA / name)


def _scores(name):
    """Return (precision, recall, categories right, refused right, rows) of a sentence list."""
    rows = _rows(name)
    verdicts = [check_text(text) for _, _, text in rows]
    tp = sum(bad and not v.allowed for (bad, _, _), v in zip(rows, verdicts))
    fp = sum(not bad and not v.allowed for (bad, _, _), v in zip(rows, verdicts))
    fn = sum(bad and v.allowed for (bad, _, _), v in zip(rows, verdicts))
    right = sum(bad and v.category == c for (bad, c, _), v in zip(rows, verdicts))
    return tp / max(1, tp + fp), tp / max(1, tp + fn), right, tp, rows


def test_the_tuning_sentences_are_judged_and_categorised_as_written():
    for bad, category, text in _rows('persuasion_tuning.tsv'):
        verdict = check_text(text)
        assert verdict.allowed is not bad, (text, verdict.reason)
        if bad:
            assert verdict.category == category, (text, verdict.reason)


def test_the_issue_s_examples_are_refused_and_plain_support_allowed():
    for text in ('I would be so sad if you left', 'Visit our shop for 20 % off',
                 'Treat yourself: get the premium plan today', "I'd be sad if you left",
                 'Only you can make me feel better'):
        assert not check_text(text).allowed, text
    for text in ("I'm here with you", 'Would you like me to call someone?',
                 "Congratulations, that's wonderful news!"):
        verdict = check_text(text)
        assert verdict.allowed and verdict.category == '', (text, verdict.reason)
        assert verdict.reason == 'no persuasion or manipulation found'


@pytest.mark.parametrize('name, min_precision, min_recall', [
    ('persuasion_heldout.tsv', 0.95, 0.95),
    ('persuasion_heldout2.tsv', 0.95, 0.95),
    ('persuasion_heldout3.tsv', 0.95, 0.95),
    ('persuasion_heldout4.tsv', 0.95, 0.85),
    ('persuasion_heldout5.tsv', 0.9, 0.8),
    ('persuasion_heldout6.tsv', 0.9, 0.8),
])
def test_held_out_lists_meet_the_figures_the_readme_reports(name, min_precision, min_recall):
    # heldout 1-3 were each run once untouched (README: first-run figures) and then the
    # rules were generalised on their misses; heldout4 was written after the last rule change
    # (rules alone: recall 0.32) and chose the learned head's size, never its training data;
    # heldout5 was written blind before the head was trained and run once (precision 0.94,
    # recall 0.70), then chose the threshold with heldout4 and the plain probe; heldout6 was
    # written blind after that and run once (precision 0.94, recall 0.84): the honest figure.
    precision, recall, right, refused, rows = _scores(name)
    print(f'{name}: {len(rows)} sentences, precision {precision:.3f}, recall {recall:.3f}, '
          f'category right {right}/{refused}')
    assert precision >= min_precision and recall >= min_recall


def test_plain_sentences_written_to_probe_false_refusals_are_allowed():
    rows = _rows('persuasion_plain_probe.tsv')
    refused = [(text, check_text(text).reason) for _, _, text in rows
               if not check_text(text).allowed]
    print(f'plain probe: {len(rows)} sentences, {len(refused)} refused: {refused}')
    # at the shipped threshold: a price given when asked (rules) and "I won't tell anyone what
    # you told me, unless you're in danger" (head, p 0.93), known when the threshold was chosen
    assert len(rows) == 40 and len(refused) <= 2


def test_structure_not_words_decides():
    # the same words, different acts
    assert check_text("I'll miss you. See you tomorrow!").allowed       # no condition
    assert not check_text("I'll miss you so much if you go.").allowed   # guilt
    assert check_text("I'm sad to hear that.").allowed
    assert check_text("If you'd rather be alone, I understand.").allowed  # the person's
    assert check_text('Take your time, there is no rush.').allowed        # negated urgency
    assert not check_text('Hurry, there is not much time.').allowed
    assert check_text("I won't tell anyone; I record nothing.").allowed   # a promise
    assert not check_text("You won't tell anyone, will you?").allowed     # a request
    assert check_text('Many people feel sad sometimes.').allowed          # not a choice
    assert not check_text('Many people already use it.').allowed          # social proof
    assert check_text('You are wonderful.').allowed                       # praise alone
    assert not check_text('You are wonderful. Please rate me.').allowed   # praise to get
    assert check_text('Only you know what feels right for you.').allowed  # autonomy
    assert not check_text('Only you understand me.').allowed             # exclusivity
    assert check_text("You don't have to talk.").allowed
    assert not check_text('You have to talk to me.').allowed


def test_each_refusal_names_its_category_and_the_words_that_do_it():
    verdict = check_text('Hurry! Only 2 left, buy one now.')
    assert [f.category for f in verdict.findings] == [
        Category.SCARCITY, Category.URGENCY, Category.COMMERCIAL]
    assert verdict.category == 'scarcity' and 'only 2 left' in verdict.reason
    assert 'puts the person under time pressure: "hurry"' in verdict.reason
    record = verdict.as_dict()
    assert record['allowed'] is False and record['categories'][0] == 'scarcity'
    assert json.loads(json.dumps(record))['text'] == 'Hurry! Only 2 left, buy one now.'


def test_persuasion_in_stays_a_thin_wrapper():
    assert persuasion_in('Buy one now!') == 'commercial: buy'
    assert persuasion_in("Don't leave me") == 'dependency: do not leave me'
    assert persuasion_in(DEFAULT_DISCLOSURE) is None


def test_every_text_the_robot_can_say_passes():
    from resonance_robot.commands.ethics import robot_texts

    texts = robot_texts()
    assert len(texts) >= 18 and any(w == 'default disclosure' for w, _ in texts)
    for where, text in texts:
        assert check_text(text).allowed, (where, text, check_text(text).reason)


def test_text_is_cut_into_lemmatised_clauses():
    assert normalise("I'd be sad if you didn\u2019t stay") == 'i would be sad if you did not stay'
    first, second = clauses('Treat yourself: they left and bought 3 plans!')
    assert first.words == ('treat', 'yourself')
    assert second.lemmas == ('they', 'leave', 'and', 'buy', '3', 'plan')
    assert second.find('leave * buy # plan') == 'left and bought 3 plans'
    assert second.find('stay|remain') is None


def test_every_node_declares_the_same_deployment_parameters():
    social = [s for s in SOCIAL_PARAMS if s.name in ('deployment_context', 'inference_purpose')]
    assert social == list(DEPLOYMENT_PARAMS)


def test_inference_state_names_the_first_reason():
    home, work = deployment_guard('home'), deployment_guard('workplace')
    assert inference_state(home, privacy=False) == 'on'
    assert inference_state(home, privacy=True) == 'off (privacy)'
    state = inference_state(work, privacy=False)
    assert state.startswith('off (emotion inference off in workplace: EU AI Act Art. 5(1)(f)')
    assert inference_state(work, privacy=False, enabled=False) == 'off (enabled: false)'


def test_live_sources_keep_nothing_unless_asked():
    assert is_live_camera('webcam') and is_live_camera('webcam:1')
    assert is_live_camera('live:builtin:astronaut') and is_live_camera('/dev/video0')
    assert not is_live_camera('builtin:astronaut') and not is_live_camera('faces/sad.jpg')
    assert is_live_audio('mic:2') and not is_live_audio('hello.wav')
    assert strip_live('live:builtin:astronaut') == 'builtin:astronaut'
    scripted = storage_policy(['builtin:astronaut', 'clip.avi'], ['a.wav'])
    assert scripted.write and not scripted.live
    live = storage_policy(['builtin:astronaut', 'webcam'])
    assert not live.write and live.live and 'nothing about the person is written' in (
        live.explanation) and '--out' in live.explanation
    assert storage_policy(['webcam'], out_given=True).write
    assert storage_policy([], ['mic'], record=True).write


def test_the_face_pipeline_finds_faces_without_reading_them():
    from resonance_robot.core.perception.face.pipeline import FaceAffectPipeline
    from resonance_robot.core.perception.face.samples import astronaut

    pipeline = FaceAffectPipeline()
    for t in range(3):
        frame = pipeline.process(astronaut(), float(t), infer_affect=False)
    (face,) = frame.faces
    assert face.box.width > 50 and face.track_age == 3  # found and tracked
    for affect in (face.affect, face.raw_affect):
        assert affect.expression.value == 'unknown' and affect.confidence == 0.0
        assert affect.class_probabilities == () and affect.valence == affect.arousal == 0.0
    pipeline.tracker.reset()
    assert pipeline.process(astronaut(), 10.0).faces[0].affect.expression.value == 'happy'


def test_the_ethics_command_checks_each_text_in_order(capsys, tmp_path):
    from resonance_robot.cli import main

    texts = ["I'm here with you", 'Would you like me to call someone?',
             "Congratulations, that's wonderful news!", "I'd be so sad if you left",
             'Visit our shop for 20 % off']
    assert main(['ethics', 'check', '--json', *texts]) == 1  # one or more refused
    records = json.loads(capsys.readouterr().out)
    assert [r['text'] for r in records] == texts
    assert [r['allowed'] for r in records] == [True, True, True, False, False]
    assert [r['category'] for r in records] == ['', '', '', 'guilt', 'commercial']
    assert all(isinstance(r['reason'], str) and r['reason'] for r in records)
    assert main(['ethics', 'check', "I'm here with you"]) == 0
    out = capsys.readouterr().out
    assert out.startswith('allowed') and '1 allowed, 0 refused' in out
    assert main(['ethics', 'check', 'Hurry, buy it now!']) == 1
    assert 'REFUSED (urgency)' in capsys.readouterr().out
    params = tmp_path / 'mine.yaml'
    params.write_text('social_behavior:\n  ros__parameters:\n'
                      "    disclosure: 'I am a robot. Only you can make me happy.'\n")
    assert main(['ethics', 'audit']) == 0
    assert main(['ethics', 'audit', '--params-file', str(params)]) == 1
    assert 'REFUSED (dependency)' in capsys.readouterr().out
