# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Scoring the voice path on a labelled folder of recordings (``resonance-robot voice FOLDER``).

A labelled folder holds class sub-folders of WAV files (``angry/x.wav`` …), and optionally a
``labels.csv`` with a ``path`` column (relative to the folder) and any of ``label`` and
``text`` (what was said). Each clip goes through a fresh :class:`~.pipeline.VoicePipeline`
(the models are loaded once and shared) and becomes a :class:`ClipScore`;
:func:`summarise` turns the scores into the figures: arousal and valence AUC against the
class mapping below, per-class means, command false alarms (with examples and what the
verifier stopped), word recall of the dictation, utterances found and throughput.

Class mapping (emotion words; RAVDESS, CREMA-D and FER names): high arousal = angry,
fearful, happy, surprised; low arousal = neutral, calm, sad, bored, tired (disgust is left
out: in the circumplex it sits near the middle of the arousal axis). Positive valence =
happy, calm, pleased, relaxed; negative = angry, fearful, sad, disgust (neutral and
surprised are left out: surprise is good or bad news).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
import csv
from dataclasses import dataclass
import math
import pathlib

from .commands import Command
from .phrases import find_commands, tokens
from .pipeline import analyse_samples, RATE, UtteranceResult, VoicePipeline
from ...audio import read_wav, resample, to_mono
from ...errors import InvalidInput

HIGH_AROUSAL = frozenset({'angry', 'anger', 'fearful', 'fear', 'scared', 'happy', 'happiness',
                          'surprised', 'surprise', 'excited'})
LOW_AROUSAL = frozenset({'neutral', 'calm', 'sad', 'sadness', 'bored', 'tired', 'relaxed'})
POSITIVE = frozenset({'happy', 'happiness', 'calm', 'pleased', 'relaxed', 'excited'})
NEGATIVE = frozenset({'angry', 'anger', 'fearful', 'fear', 'scared', 'sad', 'sadness',
                      'disgust', 'disgusted'})
EXAMPLES = 10
"""False-alarm examples listed in a summary."""


@dataclass(frozen=True)
class Clip:
    """A labelled recording: its file, class and (when known) the words said."""

    path: pathlib.Path
    label: str
    text: str = ''


@dataclass(frozen=True)
class ClipScore:
    """What the voice path made of one clip."""

    clip: Clip
    duration_s: float
    speech_s: float
    """Time inside the utterances found."""
    utterances: int
    arousal: float | None
    valence: float | None
    """Speech-time weighted means over the clip's utterances; None when none was found."""
    dictation: str
    commands: tuple[Command, ...]
    """Commands believed (what the robot would act on)."""
    heard: tuple[Command, ...]
    """Commands heard by either recogniser before verification."""
    keywords: tuple[str, ...]
    reasons: tuple[str, ...] = ()
    """The verifier's reasons, one per heard command."""


def list_clips(folder: pathlib.Path, limit: int = 0) -> list[Clip]:
    """
    Return the labelled clips of ``folder`` (see the module docstring), sorted by path.

    ``limit`` keeps at most that many clips per class (0: all).
    """
    if not folder.is_dir():
        raise InvalidInput(f'{folder} is not a folder')
    texts: dict[str, tuple[str, str]] = {}
    table = folder / 'labels.csv'
    if table.is_file():
        with table.open(newline='') as handle:
            for row in csv.DictReader(handle):
                if row.get('path'):
                    texts[row['path']] = (row.get('label') or '', row.get('text') or '')
    clips: list[Clip] = []
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        files = sorted(p for p in sub.iterdir() if p.suffix.lower() == '.wav')
        for path in files[:limit] if limit > 0 else files:
            label, text = texts.get(f'{sub.name}/{path.name}', ('', ''))
            clips.append(Clip(path, (label or sub.name).lower(), text))
    if not clips:
        raise InvalidInput(f'{folder} holds no class sub-folders with WAV files')
    return clips


def auc(positives: Sequence[float], negatives: Sequence[float]) -> float | None:
    """Area under the ROC curve: P(a positive scores above a negative), ties count half."""
    if not positives or not negatives:
        return None
    ranked = sorted([(v, 1) for v in positives] + [(v, 0) for v in negatives])
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mid = (i + j + 1) / 2.0  # mean 1-based rank of the tie group
        rank_sum += mid * sum(1 for k in range(i, j) if ranked[k][1])
        i = j
    n_pos, n_neg = len(positives), len(negatives)
    return (rank_sum - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg)


def word_recall(reference: str, hypothesis: str) -> tuple[int, int]:
    """Return (reference words found in the hypothesis, reference words), as multisets."""
    ref, hyp = Counter(tokens(reference)), Counter(tokens(hypothesis))
    return sum(min(n, hyp[w]) for w, n in ref.items()), sum(ref.values())


def _rounded(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _split_auc(scores: Iterable[ClipScore], attribute: str, high: frozenset[str],
               low: frozenset[str]) -> dict[str, object]:
    pos, neg = [], []
    for score in scores:
        value = getattr(score, attribute)
        if value is None:
            continue
        if score.clip.label in high:
            pos.append(value)
        elif score.clip.label in low:
            neg.append(value)
    return {'auc': _rounded(auc(pos, neg)), 'high_n': len(pos), 'low_n': len(neg),
            'high_classes': sorted(high), 'low_classes': sorted(low)}


def _per_class(scores: Sequence[ClipScore]) -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for label in sorted({s.clip.label for s in scores}):
        mine = [s for s in scores if s.clip.label == label]
        read = [s for s in mine if s.arousal is not None]
        out[label] = {
            'clips': len(mine),
            'arousal': _rounded(sum(s.arousal or 0.0 for s in read) / len(read)) if read
            else None,
            'valence': _rounded(sum(s.valence or 0.0 for s in read) / len(read)) if read
            else None,
            'no_utterance': len(mine) - len(read),
        }
    return out


def _false_alarms(scores: Sequence[ClipScore], hours: float, speech_hours: float
                  ) -> dict[str, object]:
    """Commands believed (and heard) in clips whose known text does not say them."""
    def unsaid(score: ClipScore, commands: tuple[Command, ...]) -> list[Command]:
        said = set(find_commands(score.clip.text)) if score.clip.text else set()
        return [c for c in commands if c not in said]

    alarms = [(s, unsaid(s, s.commands)) for s in scores]
    alarms = [(s, c) for s, c in alarms if c]
    raw = [s for s in scores if unsaid(s, s.heard)]
    per_command = Counter(c.value for _, cs in alarms for c in cs)
    n = max(1, len(scores))
    return {
        'clips': len(alarms), 'rate': round(len(alarms) / n, 4),
        'per_hour_of_audio': round(sum(per_command.values()) / hours, 2) if hours else None,
        'per_hour_of_speech': (round(sum(per_command.values()) / speech_hours, 2)
                               if speech_hours else None),
        'per_command': dict(sorted(per_command.items())),
        'unverified_clips': len(raw), 'unverified_rate': round(len(raw) / n, 4),
        'unverified_per_command': dict(sorted(Counter(
            c.value for s in raw for c in unsaid(s, s.heard)).items())),
        'examples': [{'path': str(s.clip.path), 'commands': [c.value for c in cs],
                      'dictation': s.dictation, 'keywords': list(s.keywords),
                      'reasons': list(s.reasons)} for s, cs in alarms[:EXAMPLES]],
    }


def summarise(scores: Sequence[ClipScore], busy_s: float,
              label_map: Mapping[str, frozenset[str]] | None = None) -> dict[str, object]:
    """Return the figures of a folder evaluation (JSON-ready; see the module docstring)."""
    maps = dict(label_map or {})
    audio_s = sum(s.duration_s for s in scores)
    speech_s = sum(s.speech_s for s in scores)
    found, total = 0, 0
    for score in scores:
        if score.clip.text:
            hit, count = word_recall(score.clip.text, score.dictation)
            found, total = found + hit, total + count
    return {
        'clips': len(scores),
        'audio_s': round(audio_s, 2), 'speech_s': round(speech_s, 2),
        'clips_with_utterances': sum(1 for s in scores if s.utterances),
        'utterances': sum(s.utterances for s in scores),
        'arousal': _split_auc(scores, 'arousal', maps.get('high_arousal', HIGH_AROUSAL),
                              maps.get('low_arousal', LOW_AROUSAL)),
        'valence': _split_auc(scores, 'valence', maps.get('positive', POSITIVE),
                              maps.get('negative', NEGATIVE)),
        'per_class': _per_class(scores),
        'command_false_alarms': _false_alarms(scores, audio_s / 3600.0, speech_s / 3600.0),
        'word_recall': {'found': found, 'words': total,
                        'recall': round(found / total, 4) if total else None},
        'throughput': {'clips_per_s': round(len(scores) / busy_s, 2) if busy_s else None,
                       'real_time_factor': round(busy_s / audio_s, 4) if audio_s else None},
    }


def mean_weighted(values: Sequence[tuple[float, float]]) -> float | None:
    """Weighted mean of (value, weight) pairs; None when the weights sum to zero."""
    weight = sum(w for _, w in values)
    if weight <= 0.0 or not math.isfinite(weight):
        return None
    return sum(v * w for v, w in values) / weight


def score_clip(clip: Clip, pipeline: VoicePipeline) -> ClipScore:
    """Run ``clip`` through a fresh ``pipeline`` (its models shared) and score it."""
    wav = read_wav(clip.path)
    samples = resample(to_mono(wav.samples), wav.sample_rate, RATE)
    results = [e for e in analyse_samples(pipeline, samples) if isinstance(e, UtteranceResult)]
    weights = [max(r.end - r.start, 1e-3) for r in results]
    heard: list[Command] = []
    for result in results:
        heard.extend(v.command for v in result.verdicts if v.command not in heard)
    return ClipScore(
        clip=clip, duration_s=wav.duration, speech_s=sum(weights), utterances=len(results),
        arousal=mean_weighted([(r.affect.arousal, w) for r, w in zip(results, weights)]),
        valence=mean_weighted([(r.affect.valence, w) for r, w in zip(results, weights)]),
        dictation=' '.join(r.dictation for r in results if r.dictation),
        commands=tuple(dict.fromkeys(c for r in results for c in r.commands)),
        heard=tuple(heard), keywords=tuple(k for r in results for k in r.keywords),
        reasons=tuple(f'{v.command.value}: {v.reason}' for r in results for v in r.verdicts))
