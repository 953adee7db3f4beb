# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The robot's voice, measured: real speech, styles that sound different, literal text, queue."""

import math
import shutil
import sys
import types

import numpy as np
import pytest
from resonance_robot.core.errors import ConfigError, InvalidInput, ModelUnavailable
from resonance_robot.core.expression.voice.playback import open_speaker
from resonance_robot.core.expression.voice.speech import (
    EspeakSynthesizer, MAX_INPUT_CHARS, prepare_text, SpeechStyle, STYLES, voice_settings)
from resonance_robot.core.expression.voice.utterance_queue import (
    PRIORITY_HIGH, PRIORITY_LOW, PRIORITY_NORMAL, SpeechQueue, SpeechRequest)

needs_espeak = pytest.mark.skipif(shutil.which('espeak-ng') is None,
                                  reason='espeak-ng is not installed')
SENTENCE = 'I am here with you. Take your time, there is no hurry at all.'


@pytest.fixture(scope='module')
def synth():
    return EspeakSynthesizer()


def median_pitch(samples, rate):
    """Median F0 (Hz) of the voiced 40 ms frames, by normalised autocorrelation."""
    x = np.asarray(samples, np.float64)
    frame, hop = int(0.04 * rate), int(0.01 * rate)
    lo, hi = int(rate / 400), int(rate / 60)
    pitches = []
    for start in range(0, x.size - frame, hop):
        chunk = x[start:start + frame] - x[start:start + frame].mean()
        if np.sqrt(np.mean(chunk ** 2)) < 0.01:
            continue
        ac = np.correlate(chunk, chunk, 'full')[frame - 1:]
        ac /= ac[0]
        lag = lo + int(np.argmax(ac[lo:hi]))
        if ac[lag] > 0.5:
            pitches.append(rate / lag)
    return float(np.median(pitches)), len(pitches)


@needs_espeak
def test_speech_is_real_audio_of_plausible_length(synth):
    speech = synth.synthesize(SENTENCE)
    assert speech.sample_rate == 22050 and speech.samples.dtype == np.float32
    assert 2.0 < speech.duration < 6.0  # 14 words at ~165 words per minute
    rms = float(np.sqrt(np.mean(speech.samples ** 2)))
    assert rms > 0.03 and float(np.abs(speech.samples).max()) <= 1.0
    pitch, voiced = median_pitch(speech.samples, speech.sample_rate)
    assert 70 < pitch < 250 and voiced > 100  # a voice, not noise or a tone


@needs_espeak
def test_calm_speech_is_lower_and_slower_than_cheerful_speech(synth):
    calm = synth.synthesize(SENTENCE, SpeechStyle.CALM)
    cheerful = synth.synthesize(SENTENCE, SpeechStyle.CHEERFUL)
    calm_pitch, _ = median_pitch(calm.samples, calm.sample_rate)
    cheerful_pitch, _ = median_pitch(cheerful.samples, cheerful.sample_rate)
    assert calm_pitch < 0.9 * cheerful_pitch
    assert calm.duration > 1.3 * cheerful.duration  # same words, more time: a slower rate
    calm_rms = np.sqrt(np.mean(calm.samples ** 2))
    assert calm_rms < np.sqrt(np.mean(cheerful.samples ** 2))  # and softer


@needs_espeak
def test_the_projects_prosody_analysis_hears_the_same_difference(synth):
    prosody = pytest.importorskip('resonance_robot.core.perception.voice.prosody')
    analyse = getattr(prosody, 'analyse_prosody', None)
    if analyse is None:
        pytest.skip('the prosody module has no analyse_prosody')
    calm = analyse(*_samples(synth.synthesize(SENTENCE, SpeechStyle.CALM)))
    cheerful = analyse(*_samples(synth.synthesize(SENTENCE, SpeechStyle.CHEERFUL)))
    assert calm.pitch_median_hz < cheerful.pitch_median_hz
    assert calm.speech_rate_sps < cheerful.speech_rate_sps


def _samples(speech):
    return speech.samples, speech.sample_rate


@needs_espeak
@pytest.mark.parametrize('style', list(SpeechStyle))
def test_every_style_speaks(synth, style):
    speech = synth.synthesize('Hello there.', style)
    assert speech.style is style and speech.settings == STYLES[style]
    assert speech.duration > 0.4 and np.abs(speech.samples).max() > 0.1


@needs_espeak
def test_text_that_looks_like_options_or_shell_is_spoken_literally(synth, tmp_path):
    marker = tmp_path / 'pwned'
    for text in ('--help; rm -rf /', '-v xx --stdout', f'$(touch {marker}) `touch {marker}`',
                 f'; touch {marker} && echo | cat'):
        speech = synth.synthesize(text)
        # espeak-ng's --help would print text, not a WAV; here we got speech for the words.
        assert speech.duration > 0.8 and np.sqrt(np.mean(speech.samples ** 2)) > 0.02, text
    assert not marker.exists()


def test_phoneme_escapes_and_control_characters_are_defused():
    text, cut = prepare_text("[[h@'loU]] \x00bell\x07 and\ttab\u200b [[[x]]]")
    assert '[[' not in text and '\x00' not in text and '\x07' not in text
    assert text.startswith("[ [h@'loU]] bell and tab") and not cut


def test_empty_and_huge_text():
    for empty in ('', '   ', '\n\t\x00'):
        with pytest.raises(InvalidInput, match='nothing to say'):
            prepare_text(empty)
    with pytest.raises(InvalidInput, match='too long'):
        prepare_text('a' * (MAX_INPUT_CHARS + 1))
    long_text = 'This is one sentence. ' * 200
    text, cut = prepare_text(long_text, max_chars=100)
    assert cut and len(text) <= 100 and text.endswith('.')
    text, cut = prepare_text('word ' * 100, max_chars=52)
    assert cut and len(text) <= 52 and text.endswith('word')


@needs_espeak
def test_huge_text_is_cut_so_speech_stays_bounded(synth):
    speech = EspeakSynthesizer(max_chars=80).synthesize('Hello my friend. ' * 5000)
    assert speech.truncated and len(speech.text) <= 80
    assert speech.duration < 8.0


def test_unknown_style_lists_the_valid_ones():
    with pytest.raises(InvalidInput, match='valid: neutral, calm, warm, cheerful, firm'):
        SpeechStyle.parse('sarcastic')
    assert SpeechStyle.parse(' Calm ') is SpeechStyle.CALM
    assert SpeechStyle.parse('') is SpeechStyle.NEUTRAL


def test_overrides_replace_the_style_and_bad_ones_are_repaired():
    settings, repairs = voice_settings(SpeechStyle.CALM, rate=200.0)
    assert settings.rate == 200.0 and settings.pitch == STYLES[SpeechStyle.CALM].pitch
    assert not repairs
    settings, repairs = voice_settings(SpeechStyle.WARM, math.nan, 500.0, -1.0)
    assert settings.rate == STYLES[SpeechStyle.WARM].rate
    assert (settings.pitch, settings.volume) == (99.0, 0.05)
    assert repairs == ('rate nan -> style default', 'pitch 500 -> 99', 'volume -1 -> 0.05')
    assert settings.arguments() == ['-s', '148', '-p', '99', '-a', '5', '-g', '1']


def test_a_missing_espeak_says_how_to_install_it(tmp_path, monkeypatch):
    with pytest.raises(ModelUnavailable, match='apt install espeak-ng'):
        EspeakSynthesizer(executable=str(tmp_path / 'espeak-ng'))
    monkeypatch.setenv('PATH', str(tmp_path))  # a PATH without espeak-ng
    with pytest.raises(ModelUnavailable, match='not on PATH.*apt install espeak-ng'):
        EspeakSynthesizer()


@needs_espeak
def test_a_broken_or_unknown_voice_is_reported(tmp_path):
    with pytest.raises(ModelUnavailable, match='xx-nope'):
        EspeakSynthesizer(voice='xx-nope')
    with pytest.raises(ConfigError, match='invalid espeak-ng voice'):
        EspeakSynthesizer(voice='--stdout')
    failing = tmp_path / 'espeak-ng'
    failing.write_text('#!/bin/sh\necho "no audio device" >&2\nexit 3\n')
    failing.chmod(0o755)
    with pytest.raises(ModelUnavailable, match='exit 3.*no audio device'):
        EspeakSynthesizer(executable=str(failing))


def _req(text, priority=PRIORITY_NORMAL, interrupt=False):
    return SpeechRequest(text=text, priority=priority, interrupt=interrupt)


def test_queue_orders_by_priority_then_arrival():
    queue = SpeechQueue()
    for text, priority in (('a', PRIORITY_LOW), ('b', PRIORITY_NORMAL), ('c', PRIORITY_HIGH),
                           ('d', PRIORITY_NORMAL)):
        assert queue.offer(_req(text, priority)).interrupt_current is False
    assert [queue.take().text for _ in range(4)] == ['c', 'b', 'd', 'a']
    assert queue.take() is None and not queue.busy


def test_a_higher_priority_interrupts_and_the_queue_is_kept():
    queue = SpeechQueue()
    queue.offer(_req('small talk'))
    queue.offer(_req('more small talk'))
    assert queue.take().text == 'small talk'
    offer = queue.offer(_req('stop, please step back', PRIORITY_HIGH))
    assert offer.interrupt_current and not offer.dropped
    queue.finish()
    assert [queue.take().text, queue.take().text] == ['stop, please step back',
                                                      'more small talk']
    queue.finish()
    assert not queue.offer(_req('same priority')).interrupt_current


def test_interrupt_replaces_what_is_said_but_never_a_higher_priority():
    queue = SpeechQueue()
    queue.offer(_req('safety notice', PRIORITY_HIGH))
    queue.offer(_req('old news'))
    queue.offer(_req('older news', PRIORITY_LOW))
    queue.take()  # speaking the safety notice
    offer = queue.offer(_req('say this instead', interrupt=True))
    assert not offer.interrupt_current  # the safety notice is finished first
    assert [r.text for r in offer.dropped] == ['old news', 'older news']
    queue.finish()
    queue.offer(_req('another', PRIORITY_HIGH))
    assert queue.take().text == 'another'  # high priority goes first
    assert queue.take().text == 'say this instead'
    assert queue.offer(_req('now!', interrupt=True)).interrupt_current


def test_a_full_queue_drops_the_oldest_of_the_lowest_priority():
    queue = SpeechQueue(max_length=3)
    queue.offer(_req('low 1', PRIORITY_LOW))
    queue.offer(_req('low 2', PRIORITY_LOW))
    queue.offer(_req('normal'))
    offer = queue.offer(_req('high', PRIORITY_HIGH))
    assert [r.text for r in offer.dropped] == ['low 1']
    assert [r.text for r in queue.waiting] == ['high', 'normal', 'low 2']


def test_requests_are_validated():
    with pytest.raises(InvalidInput, match='priority'):
        SpeechRequest('hi', priority=-1)
    with pytest.raises(InvalidInput, match='style'):
        SpeechRequest('hi', style='calm')
    with pytest.raises(InvalidInput, match='max_length'):
        SpeechQueue(0)


def test_no_speaker_is_reported_not_raised_and_a_device_plays(monkeypatch):
    class PortAudioError(Exception):
        pass

    played = []
    fake = types.SimpleNamespace(
        PortAudioError=PortAudioError,
        query_devices=lambda device, kind: (_ for _ in ()).throw(PortAudioError('no device')),
        play=lambda samples, rate, device, blocking: played.append((samples.size, rate)),
        stop=lambda: played.append('stop'))
    monkeypatch.setitem(sys.modules, 'sounddevice', fake)
    speaker, note = open_speaker()
    assert speaker is None and 'no audio output device' in note
    fake.query_devices = lambda device, kind: {'name': f'speaker {device}'}
    speaker, note = open_speaker('3')
    assert speaker is not None and note == 'playing on speaker 3'
    speaker.play(np.zeros(100, np.float32), 22050)
    speaker.stop()
    assert played == [(100, 22050), 'stop']
