# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Everything the dashboard shows, gathered from the topics, and its JSON snapshot.

:class:`DashboardState` is written by the node's callbacks and read by the web server's thread,
so every method takes one lock. It keeps only what the page needs now: the newest camera and
robot-face frames, the newest faces, each person's last minute of valence and arousal (a few
samples a second), the last decisions, flags and diagnostics. Nothing is written to disk.

Privacy mode blanks the page at the source: while it is on, camera frames and robot-face
frames are not kept (:meth:`image` returns None, so no image bytes can be sent), faces are not
shown, and the affect history is cleared.

Three streams have versions that grow with each change (``state``, ``camera``, ``face``); the
server sends a stream to a browser only when its version moved (:mod:`.throttle`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
import threading
from typing import Any

from .tree import TreeView
from .views import (
    DecisionView, DiagnosticView, FacesView, number, PersonView, RawImage)
from ..errors import ConfigError

FLAGS = ('privacy', 'estop', 'robot_speaking', 'person_speaking')
Frame = RawImage | Callable[[], RawImage]
"""A frame, or a function that makes it: a camera at 30 Hz for a page showing five frames a
second is then only decoded when a browser is due one."""
STREAMS = ('state', 'camera', 'face')


@dataclass(frozen=True)
class StateLimits:
    """How much the dashboard remembers, and when shown data counts as stale."""

    history_seconds: float = 60.0
    history_step: float = 0.25
    max_decisions: int = 8
    stale_after: float = 2.0

    def __post_init__(self) -> None:
        if not (self.history_seconds > 0 and self.history_step > 0 and self.stale_after > 0
                and self.max_decisions >= 1):
            raise ConfigError('history_seconds, history_step, stale_after and max_decisions '
                              'must be positive')


_Sample = tuple[float, ...]  # t, fused v, a, face v, a, voice v, a (NaN where absent)


class DashboardState:
    """The dashboard's model of the robot, fed by topics and read as JSON."""

    def __init__(self, limits: StateLimits | None = None) -> None:
        self.limits = limits or StateLimits()
        self._lock = threading.Lock()
        self._versions = dict.fromkeys(STREAMS, 0)
        self._flags = dict.fromkeys(FLAGS, False)
        self._faces: FacesView | None = None
        self._faces_time = float('-inf')
        self._persons: tuple[PersonView, ...] = ()
        self._persons_time = float('-inf')
        self._history: dict[str, deque[_Sample]] = {}
        self._decisions: deque[tuple[float, DecisionView]] = deque(
            maxlen=self.limits.max_decisions)
        self._speech: tuple[float, str, str] | None = None
        self._tree: TreeView | None = None
        self._tree_time = float('-inf')
        self._diagnostics: dict[str, tuple[float, DiagnosticView]] = {}
        self._images: dict[str, tuple[float, Frame] | None] = {'camera': None, 'face': None}
        self.updates = 0

    # -- writers (node callbacks) --------------------------------------------------------

    def _changed(self, *streams: str) -> None:
        for stream in streams:
            self._versions[stream] += 1
        self.updates += 1

    def set_flag(self, name: str, value: bool) -> None:
        """Set one of :data:`FLAGS`; privacy on drops frames, faces and history at once."""
        if name not in FLAGS:
            raise KeyError(f'no flag {name!r}; flags: {", ".join(FLAGS)}')
        with self._lock:
            self._flags[name] = bool(value)
            if name == 'privacy' and value:
                self._images = {'camera': None, 'face': None}
                self._faces = None
                self._history.clear()
                self._persons = ()
                self._changed('camera', 'face')
            self._changed('state')

    def set_image(self, kind: str, image: Frame, now: float) -> None:
        """Keep the newest ``camera`` or ``face`` frame (not kept in privacy mode)."""
        if kind not in self._images:
            raise KeyError(f'no image stream {kind!r}')
        with self._lock:
            if self._flags['privacy']:
                return
            self._images[kind] = (now, image)
            self._changed(kind)

    def set_faces(self, faces: FacesView, now: float) -> None:
        """Keep the newest faces (ignored in privacy mode)."""
        with self._lock:
            if self._flags['privacy']:
                return
            self._faces, self._faces_time = faces, now
            self._changed('state')

    def set_persons(self, persons: Iterable[PersonView], now: float) -> None:
        """Keep the newest persons and add a history sample (at most one per step)."""
        persons = tuple(persons)
        with self._lock:
            if self._flags['privacy']:
                return
            self._persons, self._persons_time = persons, now
            for person in persons:
                self._add_sample(person, now)
            horizon = now - self.limits.history_seconds
            for pid in [p for p, h in self._history.items() if not h or h[-1][0] < horizon]:
                del self._history[pid]
            self._changed('state')

    def _add_sample(self, person: PersonView, now: float) -> None:
        history = self._history.setdefault(person.person_id, deque())
        if history and now - history[-1][0] < self.limits.history_step:
            return
        nan = float('nan')
        face, voice = person.face, person.voice
        history.append((now, person.fused.valence, person.fused.arousal,
                        face.valence if face else nan, face.arousal if face else nan,
                        voice.valence if voice else nan, voice.arousal if voice else nan))
        while history and history[0][0] < now - self.limits.history_seconds:
            history.popleft()

    def add_decision(self, decision: DecisionView, now: float) -> None:
        """Add a decision to the last few."""
        with self._lock:
            self._decisions.append((now, decision))
            self._changed('state')

    def set_speech(self, text: str, style: str, now: float) -> None:
        """Record what the robot was last asked to say."""
        with self._lock:
            self._speech = (now, text, style)
            self._changed('state')

    def set_tree(self, tree: TreeView, now: float) -> None:
        """Keep the newest behaviour-tree snapshot."""
        with self._lock:
            self._tree, self._tree_time = tree, now
            self._changed('state')

    def set_diagnostic(self, status: DiagnosticView, now: float) -> None:
        """Keep the newest status of each diagnostic name."""
        with self._lock:
            self._diagnostics[status.name] = (now, status)
            self._changed('state')

    # -- readers (server thread) ---------------------------------------------------------

    def versions(self) -> dict[str, int]:
        """Return the current version of each stream."""
        with self._lock:
            return dict(self._versions)

    @property
    def privacy(self) -> bool:
        """Whether privacy mode is on."""
        with self._lock:
            return self._flags['privacy']

    def image(self, kind: str) -> tuple[int, RawImage | None]:
        """
        Return the stream's version and newest frame (None in privacy mode or none yet).

        A frame given as a function is made here (raising what it raises).
        """
        with self._lock:
            held = None if self._flags['privacy'] else self._images[kind]
            version = self._versions[kind]
        if held is None:
            return version, None
        frame = held[1]
        return version, frame if isinstance(frame, RawImage) else frame()

    def snapshot(self, now: float) -> dict[str, Any]:
        """Return everything but the images as JSON-ready data; times are ages in seconds."""
        with self._lock:
            stale = self.limits.stale_after
            faces = self._faces if now - self._faces_time <= stale else None
            return {
                'version': self._versions['state'],
                'flags': dict(self._flags),
                'faces': None if faces is None else {
                    'width': faces.image_width, 'height': faces.image_height,
                    'faces': [f.to_json() for f in faces.faces]},
                'camera_age': self._age('camera', now),
                'persons': [p.to_json() for p in self._persons]
                if now - self._persons_time <= stale else [],
                'history': {pid: _columns(h, now) for pid, h in self._history.items()},
                'history_seconds': self.limits.history_seconds,
                'decisions': [{'age': number(now - t), **d.to_json()}
                              for t, d in reversed(self._decisions)],
                'speech': None if self._speech is None else {
                    'age': number(now - self._speech[0]), 'text': self._speech[1],
                    'style': self._speech[2]},
                'tree': None if self._tree is None else {
                    'age': number(now - self._tree_time), **self._tree.to_json()},
                'diagnostics': [{'age': number(now - t), **d.to_json()}
                                for t, d in sorted(self._diagnostics.values(),
                                                   key=lambda item: item[1].name)],
            }

    def _age(self, kind: str, now: float) -> float | None:
        held = self._images[kind]
        return None if held is None else number(now - held[0])


def _columns(history: Iterable[_Sample], now: float) -> dict[str, list[float | None]]:
    names = ('t', 'valence', 'arousal', 'face_valence', 'face_arousal', 'voice_valence',
             'voice_arousal')
    columns: dict[str, list[float | None]] = {name: [] for name in names}
    for sample in history:
        columns['t'].append(number(sample[0] - now))
        for name, value in zip(names[1:], sample[1:]):
            columns[name].append(number(value))
    return columns
