# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Voice pipeline parts without speech: input repair, VAD, segmenting, prosody, words, affect."""

import math

import numpy as np
import pytest
from resonance_robot.core.affect import Expression
from resonance_robot.core.audio import AudioFormat, encode_pcm, resample
from resonance_robot.core.errors import ConfigError, InvalidInput, ModelUnavailable
from resonance_robot.core.perception.voice.affect import (
    estimate_affect, expression_of, prosodic_arousal)
from resonance_robot.core.perception.voice.asr import open_engine, Recognition, WordHit
from resonance_robot.core.perception.voice.input import (
    ChunkNormaliser, InputIssue, StreamResampler)
from resonance_robot.core.perception.voice.phrases import COMMAND_PHRASES, find_commands
from resonance_robot.core.perception.voice.pipeline import (
    merge_transcript, RobotSpeechGate, SpeakingChanged, VoicePipeline)
from resonance_robot.core.perception.voice.prosody import (
    analyse_prosody, PRIORS, Prosody, SpeakerBaseline)
from resonance_robot.core.perception.voice.text_affect import TextAffectAnalyser
from resonance_robot.core.perception.voice.vad import (
    Boundary, SegmenterConfig, UtteranceSegmenter, VoiceActivityDetector)

RATE = 16000


def voiced(pitch=150.0, seconds=0.6, amp=0.3, rate=RATE, syllables=0):
    """Return a harmonic voice-like sound; ``syllables`` > 0 modulates it into syllables."""
    t = np.arange(int(rate * seconds)) / rate
    phase = 2 * np.pi * np.cumsum(np.full(t.size, pitch)) / rate
    x = sum(np.sin(k * phase) / k for k in range(1, 10))
    if syllables:
        x = x * np.clip(np.sin(np.pi * syllables * t / seconds) ** 2, 0.0, 1.0)
    return (amp * x / np.abs(x).max()).astype(np.float32)


# -- input --------------------------------------------------------------------------------

@pytest.mark.parametrize('rate_in', [8000, 22050, 44100, 48000])
def test_streamed_resampling_equals_resampling_the_whole_recording(rate_in):
    rng = np.random.default_rng(rate_in)
    x = (0.2 * rng.standard_normal(rate_in)).astype(np.float32)
    resampler, parts, i = StreamResampler(rate_in, RATE), [], 0
    while i < x.size:
        n = int(rng.integers(1, 1500))
        parts.append(resampler.push(x[i:i + n]))
        i += n
    parts.append(resampler.flush())
    np.testing.assert_allclose(np.concatenate(parts), resample(x, rate_in, RATE), atol=1e-6)


@pytest.mark.parametrize('encoding', ['u8', 's16le', 's24le', 's32le', 'f32le'])
def test_every_encoding_and_stereo_and_rate_become_16k_mono(encoding):
    tone = voiced(rate=48000, seconds=0.3)
    stereo = np.stack([tone, tone], axis=1)
    fmt = AudioFormat(48000, 2, encoding)
    out = ChunkNormaliser().normalise(fmt, encode_pcm(stereo, encoding))
    assert {InputIssue.RATE, InputIssue.CHANNELS} <= set(out.issues)
    assert abs(out.samples.size - 0.3 * RATE) < 64  # the resampler holds back a few samples
    reference = resample(tone, 48000, RATE)[:out.samples.size]
    assert np.abs(out.samples - reference)[100:].max() < (0.02 if encoding == 'u8' else 1e-3)


def test_nan_inf_and_clipping_are_repaired_and_reported():
    raw = np.array([0.1, np.nan, np.inf, -np.inf, 0.2] * 96, '<f4').tobytes()
    out = ChunkNormaliser().normalise(AudioFormat(RATE, 1, 'f32le'), raw)
    assert InputIssue.NONFINITE in out.issues and np.isfinite(out.samples).all()
    loud = np.clip(voiced(amp=1.0) * 3.0, -1.0, 1.0)
    out = ChunkNormaliser().normalise(AudioFormat(RATE, 1, 's16le'), encode_pcm(loud))
    assert InputIssue.CLIPPED in out.issues and out.clipped_fraction > 0.1


@pytest.mark.parametrize('fmt,data,reason', [
    (AudioFormat(RATE, 1, 's16le'), b'', 'empty AudioChunk'),
    (AudioFormat(RATE, 2, 's16le'), b'\x01\x02\x03', 'not a whole number of s16le frames'),
    (AudioFormat(8000, 1, 'u8'), bytes(8000 * 31), 'longer than the 30 s accepted'),
])
def test_unusable_chunks_are_invalid_input_with_the_reason(fmt, data, reason):
    with pytest.raises(InvalidInput, match=reason):
        ChunkNormaliser().normalise(fmt, data)


def test_garbage_bytes_decode_as_noise_without_crashing_the_pipeline():
    garbage = np.random.default_rng(3).integers(0, 256, 16000, dtype=np.uint8).tobytes()
    chunk = ChunkNormaliser().normalise(AudioFormat(RATE, 1, 's16le'), garbage)
    pipeline = VoicePipeline(engine=None, spotter=None)
    events = pipeline.push(chunk.samples) + pipeline.flush()
    assert all(not isinstance(e, SpeakingChanged) or e.speaking in (True, False)
               for e in events)  # noise may or may not count as speech; nothing raises


def test_non_finite_samples_never_reach_the_pipeline():
    with pytest.raises(InvalidInput, match='finite'):
        VoicePipeline(engine=None, spotter=None).push(np.array([0.0, np.nan], np.float32))


# -- voice activity and utterances --------------------------------------------------------

def test_vad_hears_voice_not_silence_or_faint_noise():
    vad = VoiceActivityDetector(RATE, 2, -55.0)
    frame = voiced(seconds=0.03)
    assert vad.is_speech(frame)
    assert not vad.is_speech(np.zeros(480, np.float32))
    faint = (1e-4 * np.random.default_rng(1).standard_normal(480)).astype(np.float32)
    assert not vad.is_speech(faint)
    with pytest.raises(ValueError, match='480 samples'):
        vad.is_speech(np.zeros(100, np.float32))
    with pytest.raises(ConfigError, match='0..3'):
        VoiceActivityDetector(RATE, 7)


def _run(flags, config=None):
    seg = UtteranceSegmenter(config or SegmenterConfig(
        onset_frames=3, onset_voiced=2, hangover_frames=3, preroll_frames=2,
        min_speech_frames=3, max_frames=20))
    out = []
    for speech in flags:
        out += seg.step(bool(speech))
    return out + seg.close()


def test_segmenter_starts_with_preroll_and_ends_after_the_hangover():
    flags = [0, 0, 0, 0, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0]
    start, end = _run(flags)
    assert (start.kind, start.frame, start.onset, start.decided_at) == (Boundary.START, 2, 4, 5)
    # the one-frame pause at 7 does not split it; three silent frames after 9 end it
    assert (end.kind, end.frame, end.decided_at, end.reason) == (Boundary.END, 10, 12,
                                                                 'silence')


def test_segmenter_discards_clicks_and_cuts_monologues():
    (start, end) = _run([1, 1, 0, 0, 0, 0])
    assert end.kind is Boundary.DISCARD
    events = _run([1] * 45)
    assert [e.kind for e in events] == [Boundary.START, Boundary.END, Boundary.START,
                                        Boundary.END, Boundary.START, Boundary.END]
    assert events[1].reason == 'max_length'


def test_segmenter_config_rejects_impossible_timings():
    with pytest.raises(ConfigError, match='onset'):
        SegmenterConfig(onset_frames=2, onset_voiced=3)
    with pytest.raises(ConfigError, match='max_frames'):
        SegmenterConfig(hangover_frames=10, max_frames=5)


# -- prosody ------------------------------------------------------------------------------

def test_pitch_loudness_and_voicing_of_a_harmonic_sound():
    p = analyse_prosody(np.concatenate([voiced(150.0), np.zeros(3200, np.float32)]), RATE)
    assert p.pitch_median_hz == pytest.approx(150.0, rel=0.02)
    assert p.pitch_range_st < 0.5
    sine = (0.5 * np.sin(2 * np.pi * 200 * np.arange(RATE) / RATE)).astype(np.float32)
    assert analyse_prosody(sine, RATE).loudness_dbfs == pytest.approx(-9.03, abs=0.3)
    assert 0.1 < p.pause_ratio < 0.4  # the silent fifth, and the edges


def test_a_glide_has_a_pitch_range_and_low_voices_are_not_halved():
    t = np.arange(RATE) / RATE
    phase = 2 * np.pi * np.cumsum(np.linspace(100, 200, t.size)) / RATE
    glide = (0.3 * sum(np.sin(k * phase) / k for k in range(1, 8))).astype(np.float32)
    p = analyse_prosody(glide, RATE)
    assert 8.0 < p.pitch_range_st < 12.0  # 10th-90th percentile of a 12-semitone glide
    assert analyse_prosody(voiced(75.0), RATE).pitch_median_hz == pytest.approx(75, rel=0.03)
    assert analyse_prosody(voiced(320.0), RATE).pitch_median_hz == pytest.approx(320, rel=0.03)


def test_syllable_nuclei_are_counted():
    p = analyse_prosody(voiced(seconds=2.0, syllables=8), RATE)
    assert p.speech_rate_sps == pytest.approx(4.0, abs=0.6)


def test_silence_and_noise_have_no_pitch():
    p = analyse_prosody(np.zeros(RATE, np.float32), RATE)
    assert (p.pitch_median_hz, p.loudness_dbfs, p.pause_ratio) == (0.0, -120.0, 1.0)
    noise = (0.1 * np.random.default_rng(0).standard_normal(RATE)).astype(np.float32)
    assert analyse_prosody(noise, RATE).voiced_s < 0.1
    with pytest.raises(InvalidInput, match='empty'):
        analyse_prosody(np.zeros(0, np.float32), RATE)


def _prosody(pitch=150.0, loud=-26.0, rate=4.0, span=6.0, pause=0.45):
    return Prosody(pitch, span, loud, rate, pause, 2.0, 1.0)


def test_baseline_starts_at_the_priors_and_follows_the_speaker():
    base = SpeakerBaseline()
    z = base.z_scores(_prosody())
    assert all(abs(v) < 1e-9 for v in z.values())
    for _ in range(30):
        base.update(_prosody(pitch=110.0, loud=-20.0))
    z = base.z_scores(_prosody(pitch=110.0, loud=-20.0))
    assert abs(z['pitch_st']) < 0.3 and abs(z['loudness_dbfs']) < 0.3  # now usual for them
    assert base.sd('loudness_dbfs') >= 0.5 * PRIORS['loudness_dbfs'].sd


# -- words --------------------------------------------------------------------------------

@pytest.mark.parametrize('text,expected', [
    ('leave me alone', ['leave_me_alone']),
    ('please just leave me alone now', ['leave_me_alone']),
    ('go away', ['go_away']),
    ('stop watching me', ['stop_watching']),        # one command, not also "stop"
    ('stop it, leave me alone', ['stop', 'leave_me_alone']),
    ('help me please', ['help']),
    ("don't look at me", ['stop_watching']),        # the negation is part of the phrase
    ('you can watch me again', ['start_watching']),
    ("don't stop", []),
    ("I don't need help", []),
    ('I do not want you to go away', []),
    ("I don't care, just go away", ['go_away']),   # the negation ended with its clause
    ('the weather is nice', []),
])
def test_commands_are_found_in_many_phrasings(text, expected):
    assert [c.value for c in find_commands(text)] == expected


def test_every_command_has_phrasings_that_find_it():
    for command, phrases in COMMAND_PHRASES.items():
        assert len(phrases) >= 5
        for phrase in phrases:
            assert command in find_commands(phrase), phrase


@pytest.fixture(scope='module')
def analyser():
    return TextAffectAnalyser()


def test_text_valence_is_positive_for_happy_and_negative_for_hostile_words(analyser):
    assert analyser.analyse('I am so happy today, this is wonderful').valence > 0.5
    assert analyser.analyse('you are stupid and useless').valence < -0.5
    assert analyser.analyse('').strength == 0.0


def test_negation_and_spoken_requests(analyser):
    assert analyser.analyse('I am not happy').valence < -0.2
    assert analyser.analyse('go away').valence < -0.3
    assert analyser.analyse("don't go away").valence > 0.0
    assert analyser.analyse('help me please').valence < 0.0  # distress, not politeness
    calm = analyser.analyse('I am so tired and sleepy')
    assert calm.arousal < -0.5 and calm.valence < 0.0


def test_spotted_keywords_replace_the_words_dictation_misheard():
    dictation = Recognition('really alone if', (
        WordHit('really', 0.3, 0.6), WordHit('alone', 0.6, 1.0), WordHit('if', 1.1, 1.2)))
    hit = WordHit('leave me alone', 0.3, 1.0)
    assert merge_transcript(dictation, (hit,)) == 'leave me alone if'
    same = Recognition('go away', (WordHit('go', 0.2, 0.4), WordHit('away', 0.4, 0.8)))
    assert merge_transcript(same, (WordHit('go away', 0.2, 0.8),)) == 'go away'
    untimed = Recognition('please')
    assert merge_transcript(untimed, (WordHit('go away', 0.2, 0.8),)) == 'please go away'


# -- affect -------------------------------------------------------------------------------

def test_arousal_rises_with_loudness_pitch_and_rate():
    assert prosodic_arousal({'loudness_dbfs': 2.0, 'pitch_st': 1.5,
                             'speech_rate_sps': 1.5}) > 0.5
    assert prosodic_arousal({'loudness_dbfs': -2.0, 'speech_rate_sps': -1.5}) < -0.4
    assert prosodic_arousal({'loudness_dbfs': math.inf}) <= 1.0


@pytest.mark.parametrize('valence,arousal,expected', [
    (0.0, 0.0, Expression.NEUTRAL), (0.6, 0.2, Expression.HAPPY),
    (0.6, 0.8, Expression.EXCITED), (-0.6, 0.6, Expression.ANGRY),
    (-0.6, -0.4, Expression.SAD), (0.0, 0.9, Expression.SURPRISED),
    (0.0, -0.9, Expression.TIRED)])
def test_expression_follows_the_circumplex(valence, arousal, expected):
    assert expression_of(valence, arousal) is expected


def test_words_drive_valence_and_prosody_drives_arousal(analyser):
    hostile = analyser.analyse('you are stupid and useless')
    loud = {'loudness_dbfs': 2.0, 'pitch_st': 1.0, 'speech_rate_sps': 1.0}
    affect, evidence = estimate_affect(_prosody(), loud, hostile, baseline_utterances=5)
    assert affect.valence < -0.4 and affect.arousal > 0.3
    assert affect.expression is Expression.ANGRY and affect.confidence > 0.6
    quiet, _ = estimate_affect(_prosody(), {'loudness_dbfs': -2.0}, analyser.analyse(''))
    assert abs(quiet.valence) < 0.3 and quiet.arousal < 0.0
    assert quiet.confidence < affect.confidence  # no words: less sure
    nothing, _ = estimate_affect(Prosody(0, 0, -120, 0, 1, 1, 0), {}, analyser.analyse(''))
    assert nothing.expression is Expression.UNKNOWN and nothing.confidence == 0.0


# -- engines and the robot's own voice ------------------------------------------------------

def test_engine_specs_are_checked():
    assert open_engine('none') is None
    with pytest.raises(ConfigError, match='unknown speech engine'):
        open_engine('google')
    with pytest.raises(ConfigError, match='offline ones: sr:sphinx'):
        open_engine('sr:google')
    with pytest.raises(ModelUnavailable, match='not a PocketSphinx model folder'):
        open_engine('pocketsphinx', model_dir='/nonexistent/model')


@pytest.mark.parametrize('engine,module', [('sr:whisper', 'whisper'),
                                           ('sr:faster_whisper', 'faster_whisper'),
                                           ('sr:vosk', 'vosk')])
def test_an_engine_that_is_not_installed_says_how_to_install_it(engine, module):
    import importlib.util

    if importlib.util.find_spec(module):
        pytest.skip(f'{module} is installed here')
    with pytest.raises(ModelUnavailable, match='not installed .*pip install'):
        open_engine(engine)


def test_robot_speech_gate_covers_speaking_and_its_tail():
    gate = RobotSpeechGate(tail_s=0.5)
    gate.robot_speaking(True, 10.0)
    assert gate.speaking and gate.is_muted(10.1) and gate.is_muted(100.0)
    assert not gate.is_muted(9.9)
    gate.robot_speaking(False, 12.0)
    assert gate.is_muted(12.4) and not gate.is_muted(12.6) and not gate.speaking


def test_muting_discards_the_open_utterance_and_hears_nothing():
    pipeline = VoicePipeline(engine=None, spotter=None)
    events = pipeline.push(voiced(seconds=0.6))
    assert events == [SpeakingChanged(True, pytest.approx(0.0, abs=0.1))]
    events = pipeline.mute(True)
    assert [type(e).__name__ for e in events] == ['Discarded', 'SpeakingChanged']
    assert pipeline.push(voiced(seconds=1.0)) == [] and pipeline.flush() == []
    pipeline.mute(False)
    heard = pipeline.push(voiced(seconds=0.6, syllables=3)) + pipeline.flush()
    assert [type(e).__name__ for e in heard] == ['SpeakingChanged', 'SpeakingChanged',
                                                 'UtteranceResult']


def test_utterance_times_follow_the_chunk_stamps():
    pipeline = VoicePipeline(engine=None, spotter=None)
    sound = np.concatenate([np.zeros(8000, np.float32), voiced(seconds=1.0, syllables=4),
                            np.zeros(16000, np.float32)])
    events = []
    for n, i in enumerate(range(0, sound.size, 480)):
        events += pipeline.push(sound[i:i + 480], stamp=100.0 + n * 0.03)
    (result,) = [e for e in events if type(e).__name__ == 'UtteranceResult']
    assert result.start == pytest.approx(100.5, abs=0.1)
    assert result.end == pytest.approx(101.5, abs=0.1)
    assert result.decided - result.end == pytest.approx(0.27, abs=0.04)  # hangover + frame


class _BrokenEngine:
    """An engine whose service fails at the end of the utterance."""

    name = 'broken'

    def start(self):
        pass

    def feed(self, samples):
        pass

    def finish(self):
        raise ModelUnavailable('recogniser went away')

    def cancel(self):
        pass


def test_a_failing_engine_loses_the_words_not_the_utterance():
    pipeline = VoicePipeline(engine=_BrokenEngine(), spotter=None)
    events = pipeline.push(voiced(seconds=0.8, syllables=3)) + pipeline.flush()
    (result,) = [e for e in events if type(e).__name__ == 'UtteranceResult']
    assert result.recognition_error == 'recogniser went away'
    assert result.transcript == '' and result.prosody.voiced
    assert events[-2] == SpeakingChanged(False, pytest.approx(result.end))
