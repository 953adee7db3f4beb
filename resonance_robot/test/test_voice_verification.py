# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Command verification and the labelled-folder evaluation.

The verifier's rules on what the two recognisers heard (no audio), the scoring helpers, then
the real pipeline on espeak-ng speech: a command is believed, an ordinary sentence yields
none, and ``resonance-robot voice FOLDER`` scores a tiny labelled folder made in the test.
The figures on the real development data (``/work/shared/data`` or ``$RESONANCE_DATA``)
are measured by a test that skips without it.
"""

import json
import os
import pathlib

import numpy as np
import pytest
from resonance_robot import cli
from resonance_robot.core.errors import InvalidInput
from resonance_robot.core.perception.voice.commands import Command
from resonance_robot.core.perception.voice.evaluation import (
    auc, Clip, ClipScore, list_clips, summarise, word_recall)
from resonance_robot.core.perception.voice.sphinx import WordHit
from resonance_robot.core.perception.voice.verification import (
    CommandPolicy, CommandVerifier, POLICIES)
from speech_fixtures import CALM, conversation, EXCITED, requires_espeak, speech, \
    write_speech_wav

SPOTTED = (Command.STOP, Command.GO_AWAY, Command.LEAVE_ME_ALONE, Command.STOP_WATCHING)


def hit(text):
    return WordHit(text, 0.2, 0.6)


@pytest.fixture
def verifier():
    return CommandVerifier(SPOTTED)


# -- the verifier's rules -------------------------------------------------------------------

def test_a_command_both_recognisers_heard_is_believed(verifier):
    (verdict,) = verifier.verify('please go away', [hit('go away')])
    assert verdict.accepted and verdict.dictated and verdict.spotted
    assert verifier.accepted('go away now', [hit('go away')]) == (Command.GO_AWAY,)


@pytest.mark.parametrize('dictation,hits,command', [
    ('kids are talking by the door', [hit('stop')], Command.STOP),       # spotted only
    ('dogs are sitting by the door', [hit('back off')], Command.GO_AWAY),
    ('kids are talking by the door', [hit('shut up')], Command.LEAVE_ME_ALONE),
    ('get away', [], Command.GO_AWAY),                                   # dictated only
])
def test_a_command_one_recogniser_heard_in_ordinary_talk_is_not(
        verifier, dictation, hits, command):
    (verdict,) = verifier.verify(dictation, hits)
    assert verdict.command is command and not verdict.accepted
    assert 'needs both' in verdict.reason
    assert verifier.accepted(dictation, hits) == ()


PHONES = {'stop': 'S T AA P', 'top': 'T AA P', 'go': 'G OW', 'away': 'AH W EY',
          'way': 'W EY', 'get': 'G EH T', 'active': 'AE K T IH V', 'oh': 'OW', 'wait': 'W EY T',
          'the': 'DH AH', 'door': 'D AO R', 'kids': 'K IH D Z'}


def test_dictation_that_sounds_like_the_spotted_phrase_counts_as_agreement():
    verifier = CommandVerifier(SPOTTED, pronounce=PHONES.get)
    (verdict,) = verifier.verify('get the top', [hit('stop')])       # 1 phone of 4 differs
    assert verdict.accepted and 'sound like' in verdict.reason
    assert verifier.accepted('go way', [hit('go away')]) == (Command.GO_AWAY,)
    assert verifier.accepted('oh wait', [hit('go away')]) == ()     # 3 phones of 5 differ
    assert verifier.accepted('get active', [hit('go away')]) == ()    # too far for go away
    assert verifier.accepted('kids the door', [hit('stop')]) == ()
    assert CommandVerifier(SPOTTED).accepted('get the top', [hit('stop')]) == ()


def test_a_phrase_inside_a_longer_spotted_phrase_is_not_a_command_of_its_own(verifier):
    hits = [WordHit('stop', 0.2, 0.5), WordHit('stop watching me', 0.2, 1.1)]
    assert verifier.accepted('stop watching me', hits) == (Command.STOP_WATCHING,)
    assert verifier.accepted('stop watching me', [WordHit('stop', 1.5, 1.8)]) == (
        Command.STOP_WATCHING,)  # the dictated phrase holds the spotted stop


def test_a_negated_command_is_not_believed_even_if_spotted(verifier):
    assert verifier.accepted("please don't go away", [hit('go away')]) == ()


def test_unspotted_commands_need_a_short_utterance(verifier):
    assert verifier.accepted('help me', []) == (Command.HELP,)
    assert verifier.accepted('help me please', []) == (Command.HELP,)
    assert verifier.accepted('and i fell', []) == ()
    (verdict,) = verifier.verify('the band played help by the beatles at the party', [])
    assert not verdict.accepted and 'other words' in verdict.reason


def test_one_recogniser_alone_is_taken_in_a_short_utterance():
    spot_only = CommandVerifier(SPOTTED, dictating=False)
    assert spot_only.accepted('', [hit('stop')]) == (Command.STOP,)
    dictate_only = CommandVerifier(SPOTTED, spotting=False)
    assert dictate_only.accepted('go away', []) == (Command.GO_AWAY,)
    assert dictate_only.accepted('the kids said we should all go away to the sea', []) == ()


def test_every_command_has_a_policy_and_stop_is_the_most_lenient_spotted_one():
    assert set(POLICIES) == set(Command)
    others = [POLICIES[c] for c in SPOTTED if c is not Command.STOP]
    stop = POLICIES[Command.STOP]
    assert all(stop.max_phone_distance > p.max_phone_distance for p in others)
    assert POLICIES[Command.GO_AWAY].alone_words == -1  # the phrase spotted most falsely
    with pytest.raises(ValueError):
        CommandPolicy(max_extra_words=-2)
    with pytest.raises(ValueError):
        CommandPolicy(max_phone_distance=1.0)


def test_stop_said_on_its_own_is_believed_from_one_recogniser(verifier):
    assert verifier.accepted('', [hit('stop')]) == (Command.STOP,)
    assert verifier.accepted('stop', []) == (Command.STOP,)
    assert verifier.accepted('stop please', []) == (Command.STOP,)
    assert verifier.accepted('stop the car now', []) == ()
    assert verifier.accepted('kids by the door', [hit('stop')]) == ()
    assert verifier.accepted('', [hit('go away')]) == ()   # go away needs both, always
    assert verifier.accepted('', [hit('leave me alone')]) == ()  # fired alone on RAVDESS
    assert verifier.accepted('oh', [hit('shut up')]) == ()  # heard in spoken digits


# -- scoring helpers ------------------------------------------------------------------------

def test_auc_counts_ties_as_half_and_needs_both_sides():
    assert auc([3.0, 4.0], [1.0, 2.0]) == 1.0
    assert auc([1.0], [2.0]) == 0.0
    assert auc([1.0, 2.0], [1.0, 2.0]) == 0.5
    assert auc([], [1.0]) is None


def test_word_recall_counts_words_as_a_multiset():
    assert word_recall('Kids are talking by the door', 'kids are talking by a door') == (5, 6)
    assert word_recall('the the door', 'the door') == (2, 3)


def _score(label, arousal, valence, commands=(), heard=(), text=''):
    return ClipScore(Clip(pathlib.Path(f'{label}/x.wav'), label, text), 3.0, 1.5, 1, arousal,
                     valence, 'kids are talking', tuple(commands), tuple(heard), ())


def test_summary_holds_aucs_class_means_false_alarms_and_recall():
    scores = [_score('angry', 0.8, -0.5, text='kids are talking'),
              _score('happy', 0.6, 0.5, heard=[Command.STOP], text='kids are talking'),
              _score('sad', -0.4, -0.3, commands=[Command.STOP], heard=[Command.STOP]),
              _score('calm', -0.6, 0.2)]
    result = summarise(scores, busy_s=1.2)
    assert result['arousal']['auc'] == 1.0 and result['valence']['auc'] == 1.0
    assert result['arousal']['high_n'] == 2 and result['arousal']['low_n'] == 2
    assert result['per_class']['sad'] == {'clips': 1, 'arousal': -0.4, 'valence': -0.3,
                                          'no_utterance': 0}
    alarms = result['command_false_alarms']
    assert alarms['clips'] == 1 and alarms['rate'] == 0.25 and alarms['unverified_clips'] == 2
    assert alarms['per_command'] == {'stop': 1}
    assert alarms['per_hour_of_speech'] == pytest.approx(1 / (6.0 / 3600), rel=0.01)
    assert result['word_recall'] == {'found': 6, 'words': 6, 'recall': 1.0}
    assert result['throughput']['real_time_factor'] == pytest.approx(0.1)


def test_list_clips_reads_class_folders_and_the_texts(tmp_path):
    for name in ('happy/a.wav', 'happy/b.wav', 'sad/c.wav'):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b'')
    (tmp_path / 'labels.csv').write_text('path,text\nsad/c.wav,leave me alone\n')
    clips = list_clips(tmp_path)
    assert [(c.path.name, c.label, c.text) for c in clips] == [
        ('a.wav', 'happy', ''), ('b.wav', 'happy', ''), ('c.wav', 'sad', 'leave me alone')]
    assert len(list_clips(tmp_path, limit=1)) == 2
    with pytest.raises(InvalidInput, match='no class sub-folders'):
        list_clips(tmp_path / 'happy')


# -- the real pipeline on synthetic speech --------------------------------------------------

@requires_espeak
def test_the_pipeline_believes_a_command_and_says_why():
    from resonance_robot.core.perception.voice.pipeline import analyse_samples, VoicePipeline

    pipeline = VoicePipeline()
    events = analyse_samples(pipeline, conversation(0.4, speech('leave me alone', CALM), 0.6))
    (result,) = [e for e in events if hasattr(e, 'verdicts')]
    assert result.commands == (Command.LEAVE_ME_ALONE,)
    (verdict,) = result.verdicts
    assert verdict.command is Command.LEAVE_ME_ALONE and verdict.accepted and verdict.reason
    events = analyse_samples(VoicePipeline(engine=pipeline.engine, spotter=pipeline.spotter),
                             conversation(0.4, speech('dogs are sitting by the door'), 0.6))
    assert all(not getattr(e, 'commands', ()) for e in events)


@requires_espeak
def test_voice_folder_scores_a_tiny_labelled_folder(tmp_path, capsys):
    said = {'angry/a.wav': ('stop it now', EXCITED), 'happy/b.wav': ('what a lovely day',
                                                                     EXCITED),
            'sad/c.wav': ('the train is late again', CALM),
            'calm/d.wav': ('the table is made of wood', CALM)}
    rows = ['path,text']
    for name, (text, delivery) in said.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        write_speech_wav(tmp_path / name, conversation(0.3, speech(text, delivery), 0.4))
        rows.append(f'{name},{text}')
    (tmp_path / 'labels.csv').write_text('\n'.join(rows) + '\n')
    assert cli.main(['voice', str(tmp_path), '--json', '--no-progress']) == 0
    report = json.loads(capsys.readouterr().out)
    assert report['clips'] == 4 and report['clips_with_utterances'] == 4
    assert report['arousal']['auc'] == 1.0  # excited renderings above calm ones
    assert set(report['per_class']) == {'angry', 'happy', 'sad', 'calm'}
    alarms = report['command_false_alarms']
    assert alarms['clips'] == 0  # "stop it now" was said: not a false alarm
    assert 0.5 <= report['word_recall']['recall'] <= 1.0
    assert report['word_recall']['words'] == 18
    assert report['throughput']['clips_per_s'] > 0.0
    assert cli.main(['voice', str(tmp_path), '--no-progress']) == 0
    text = capsys.readouterr().out
    assert 'arousal AUC' in text and 'false commands' in text and 'word recall' in text


DATA = pathlib.Path(os.environ.get('RESONANCE_DATA', '/work/shared/data'))


@pytest.mark.skipif(not (DATA / 'ravdess_dev' / 'labels.csv').is_file(),
                    reason=f'the RAVDESS development set is not at {DATA}/ravdess_dev '
                           '(set RESONANCE_DATA to the data folder)')
def test_real_acted_speech_yields_few_false_commands_and_ranks_arousal(capsys):
    # a sample of 30 clips (every 12th, about 30 s of work); the figures are in docs/voice.md
    assert cli.main(['voice', str(DATA / 'ravdess_dev'), '--every', '12', '--json',
                     '--no-progress']) == 0
    report = json.loads(capsys.readouterr().out)
    assert report['command_false_alarms']['rate'] <= 0.05
    assert report['arousal']['auc'] >= 0.75
    assert np.isfinite(report['word_recall']['recall'])
