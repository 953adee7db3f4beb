# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Demo scenarios: timed steps of what the camera sees and what the person says.

A scenario is a YAML file (format in the README, "Write your own scenario")::

    name: Arrive happy, become sad, get angry, leave
    duration: 48            # seconds; the demo ends here
    voice: {rate: 160, pitch: 50}   # the person's default voice (espeak-ng settings)
    steps:
      - at: 0               # seconds from the start
        camera: builtin:astronaut    # from now on ('' = nothing in view)
        say: Hello robot, I am so happy to see you!
        say_after: 0.5      # seconds after ``at`` (default 0)
        voice: {rate: 200, pitch: 80, amplitude: 160}
        shows: happy        # what the person expresses (for the report)
        expect: [share_joy]   # the robot should choose one of these in this step
        avoid: [acknowledge]  # ... and none of these

A voice may also say how it speaks: ``prosody: flat`` (monotone: espeak-ng's SSML
``<prosody range="0%">``) or ``exaggerated`` (``range="x-high"``, 25 % slower), and
``pause: 1.5`` - seconds of silence wherever the sentence has ``...``. A camera may show a
folder of frames at a frame rate
(``camera: {source: frames/, fps: 10, loop: false}``): one frame of another expression in a
folder of ten at 10 fps is a 0.1 s flash.

Relative file paths are relative to the scenario file. :func:`load_scenario` checks
everything and names the step and field of the first problem.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
import math
import pathlib
from typing import Any

import yaml

from ..affect import Expression
from ..errors import ConfigError

SOCIAL_ACTIONS = frozenset({
    'idle', 'disclose', 'greet', 'attend', 'approach', 'comfort', 'share_joy', 'give_space',
    'withdraw', 'hand_over', 'halt', 'privacy', 'acknowledge'})
"""The action names of resonance_robot_msgs/SocialAction."""

PROSODY_RANGES = {'': '', 'flat': '0%', 'exaggerated': 'x-high'}
"""espeak-ng SSML pitch ranges (``<prosody range=...>``) of flat and exaggerated prosody;
flat measures 0.3-1.1 semitones (10th..90th percentile) where espeak-ng's usual is 4-6."""

MAX_TEXT = 500
"""Longest sentence a step may say (characters)."""


@dataclass(frozen=True)
class Voice:
    """espeak-ng settings of the person's voice: words/min, pitch 0-99, amplitude 0-200."""

    rate: int = 160
    pitch: int = 50
    amplitude: int = 100
    language: str = 'en-us'
    variant: str = ''
    prosody: str = ''
    """'' (as the voice speaks), 'flat' (monotone) or 'exaggerated' (wide range, slower)."""
    pause: float = 0.8
    """Seconds of silence wherever the sentence has '...'."""

    def __post_init__(self) -> None:
        """Check the ranges espeak-ng accepts."""
        for name, low, high in (('rate', 80, 450), ('pitch', 0, 99), ('amplitude', 0, 200)):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                raise ValueError(f'{name} must be an integer in [{low}, {high}], got {value!r}')
        if not self.language.replace('-', '').isalnum():
            raise ValueError(f'language must be an espeak-ng voice name, got {self.language!r}')
        if self.variant and not self.variant.isalnum():
            raise ValueError(f'variant must be an espeak-ng variant name, got {self.variant!r}')
        if self.prosody not in PROSODY_RANGES:
            raise ValueError(f'prosody must be one of {sorted(PROSODY_RANGES)}, got '
                             f'{self.prosody!r}')
        if not (isinstance(self.pause, (int, float)) and 0.0 <= self.pause <= 10.0):
            raise ValueError(f'pause must be seconds in [0, 10], got {self.pause!r}')

    @property
    def espeak_voice(self) -> str:
        """Return the espeak-ng voice name: the language, then the variant."""
        return self.language + (f'+{self.variant}' if self.variant else '')

    @property
    def pitch_range(self) -> str:
        """Return the SSML pitch range of the prosody ('' for the voice's own)."""
        return PROSODY_RANGES[self.prosody]

    @property
    def words_per_minute(self) -> int:
        """Return the rate, 25 % slower for exaggerated prosody."""
        return max(80, round(self.rate * 0.75)) if self.prosody == 'exaggerated' else self.rate

    def merged(self, overrides: Mapping[str, Any]) -> Voice:
        """Return this voice with ``overrides`` applied (unknown keys are an error)."""
        known = {'rate', 'pitch', 'amplitude', 'language', 'variant', 'prosody', 'pause'}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise ValueError(f'unknown voice setting {unknown[0]!r}; known: '
                             + ', '.join(sorted(known)))
        values = {name: getattr(self, name) for name in known}
        values.update(overrides)
        return Voice(**values)


@dataclass(frozen=True)
class Step:
    """One moment of a scenario: from ``at`` seconds on, the camera shows ``camera``."""

    at: float
    camera: str | None = None
    camera_fps: float = 0.0
    camera_loop: bool = True
    say: str = ''
    say_after: float = 0.0
    voice: Voice = field(default_factory=Voice)
    shows: Expression = Expression.UNKNOWN
    expect: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    """Actions the robot must not choose in this step (e.g. share_joy for sarcasm)."""
    note: str = ''

    def __post_init__(self) -> None:
        """Check the time, the text and the expected actions."""
        if not (isinstance(self.at, (int, float)) and math.isfinite(self.at) and self.at >= 0):
            raise ValueError(f'at must be a time in seconds >= 0, got {self.at!r}')
        if not (math.isfinite(self.camera_fps) and 0.0 <= self.camera_fps <= 240.0):
            raise ValueError(f'camera fps must be in [0, 240], got {self.camera_fps!r}')
        if not (math.isfinite(self.say_after) and self.say_after >= 0.0):
            raise ValueError(f'say_after must be seconds >= 0, got {self.say_after!r}')
        if len(self.say) > MAX_TEXT:
            raise ValueError(f'say is {len(self.say)} characters; at most {MAX_TEXT}')
        unknown = [a for a in self.expect + self.avoid if a not in SOCIAL_ACTIONS]
        if unknown:
            raise ValueError(f'unknown action {unknown[0]!r} in expect or avoid; actions: '
                             + ', '.join(sorted(SOCIAL_ACTIONS)))


@dataclass(frozen=True)
class Scenario:
    """A named, timed list of steps and the total duration."""

    name: str
    duration: float
    steps: tuple[Step, ...]
    source: str = '<memory>'

    def __post_init__(self) -> None:
        """Check that steps are in time order and inside the duration."""
        if not self.steps:
            raise ValueError('a scenario needs at least one step')
        times = [s.at for s in self.steps]
        if times != sorted(times) or len(set(times)) != len(times):
            raise ValueError(f'step times must increase, got {times}')
        if not self.duration > times[-1]:
            raise ValueError(f'duration {self.duration} must be after the last step '
                             f'(at {times[-1]})')

    def step_at(self, t: float) -> int:
        """Return the index of the step in effect at time ``t`` (-1 before the first)."""
        index = -1
        for i, step in enumerate(self.steps):
            if step.at <= t:
                index = i
        return index

    def end_of(self, index: int) -> float:
        """Return when step ``index`` ends (the next step's start, or the duration)."""
        return self.steps[index + 1].at if index + 1 < len(self.steps) else self.duration


def _camera(value: Any, base: pathlib.Path) -> str:
    if not isinstance(value, str):
        raise ValueError(f'camera must be text (a source), got {value!r}')
    text = value.strip()
    if not text or text == 'webcam' or ':' in text.split('/')[0]:  # '' | builtin:x | webcam:0
        return text
    path = pathlib.Path(text).expanduser()
    path = path if path.is_absolute() else base / path
    if not path.exists():
        raise ValueError(f'camera source {text!r}: no such file or folder ({path})')
    return str(path)


def parse_scenario(data: Any, base: pathlib.Path, source: str = '<memory>') -> Scenario:
    """Build a Scenario from parsed YAML; ConfigError names the step and field at fault."""
    if not isinstance(data, Mapping):
        raise ConfigError(f'{source}: a scenario is a mapping with name, duration, steps')
    known = {'name', 'duration', 'voice', 'steps', 'description'}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f'{source}: unknown key {unknown[0]!r}; known: '
                          + ', '.join(sorted(known)))
    try:
        default_voice = Voice().merged(data.get('voice') or {})
    except (ValueError, TypeError) as exc:
        raise ConfigError(f'{source}: voice: {exc}') from exc
    raw_steps = data.get('steps')
    if not isinstance(raw_steps, Sequence) or isinstance(raw_steps, str) or not raw_steps:
        raise ConfigError(f'{source}: steps must be a non-empty list')
    steps = [_parse_step(raw, i, default_voice, base, source) for i, raw in
             enumerate(raw_steps, start=1)]
    duration = data.get('duration', steps[-1].at + 10.0)
    try:
        return Scenario(name=str(data.get('name', pathlib.Path(source).stem)),
                        duration=float(duration), steps=tuple(steps), source=source)
    except (ValueError, TypeError) as exc:
        raise ConfigError(f'{source}: {exc}') from exc


def _parse_step(raw: Any, number: int, default_voice: Voice, base: pathlib.Path,
                source: str) -> Step:
    where = f'{source}: step {number}'
    if not isinstance(raw, Mapping):
        raise ConfigError(f'{where}: a step is a mapping (at, camera, say, say_after, voice, '
                          'shows, expect, avoid, note)')
    known = {'at', 'camera', 'say', 'say_after', 'voice', 'shows', 'expect', 'avoid', 'note'}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ConfigError(f'{where}: unknown key {unknown[0]!r}; known: '
                          + ', '.join(sorted(known)))
    if 'at' not in raw:
        raise ConfigError(f'{where}: missing "at" (seconds from the start)')
    key = 'at'
    try:
        camera, fps, loop = None, 0.0, True
        if 'camera' in raw:
            key = 'camera'
            value = '' if raw['camera'] is None else raw['camera']
            if isinstance(value, Mapping):
                unknown = sorted(set(value) - {'source', 'fps', 'loop'})
                if unknown or 'source' not in value:
                    raise ValueError('a camera mapping has source and optionally fps, loop'
                                     + (f'; unknown key {unknown[0]!r}' if unknown else ''))
                fps, loop = float(value.get('fps', 0.0)), bool(value.get('loop', True))
                value = value['source']
            camera = _camera(value, base)
        key = 'voice'
        voice = default_voice.merged(raw.get('voice') or {})
        key = 'shows'
        shows = Expression.parse(str(raw['shows'])) if raw.get('shows') else Expression.UNKNOWN
        key = 'expect'
        expect = raw.get('expect') or ()
        expect = (expect,) if isinstance(expect, str) else tuple(str(a) for a in expect)
        key = 'avoid'
        avoid = raw.get('avoid') or ()
        avoid = (avoid,) if isinstance(avoid, str) else tuple(str(a) for a in avoid)
        key = 'step'
        key = 'say_after'
        say_after = float(raw.get('say_after', 0.0))
        key = 'step'
        return Step(at=float(raw['at']), camera=camera, camera_fps=fps, camera_loop=loop,
                    say=str(raw.get('say') or '').strip(), say_after=say_after,
                    voice=voice, shows=shows, expect=expect, avoid=avoid,
                    note=str(raw.get('note') or ''))
    except (ValueError, TypeError) as exc:
        raise ConfigError(f'{where}: {key}: {exc}') from exc


def load_scenario(path: str | pathlib.Path) -> Scenario:
    """Read and check a scenario file."""
    path = pathlib.Path(path)
    try:
        text = path.read_text(encoding='utf-8')
    except OSError as exc:
        raise ConfigError(f'cannot read scenario {path}: {exc.strerror or exc}') from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f'{path}: not valid YAML: {exc}') from exc
    return parse_scenario(data, path.resolve().parent, str(path))
