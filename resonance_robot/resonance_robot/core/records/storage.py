# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
What may be written about a person, decided before anything is written.

Nothing of a person is kept by default. A live source (a webcam, a microphone, a camera
device or stream, or any source flagged ``live:``) shows a real person, so ``resonance-robot
demo`` writes no per-person file (``decisions.jsonl``, ``timeline.png``, ``table.txt``,
``summary.json``, the face GIF, a bag) unless ``--out`` or ``--record`` asks for them, and
says so. Scripted sources (built-in and file images, WAV files) show no one present, so the
demo keeps writing its outputs as before. ``resonance-robot run`` writes no file at all;
the learning store is written only with ``learning_consent`` and a ``learning_file``.

``live:SPEC`` marks any source as live (``live:builtin:astronaut``, ``live:clip.mp4``): it
opens ``SPEC`` and takes the live code path, which is how the tests stand in for a webcam.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

LIVE_PREFIX = 'live:'
_LIVE_CAMERA = ('webcam', '/dev/video', 'rtsp://', 'rtmp://', 'http://', 'https://',
                'udp://', 'tcp://')

PERSON_FILES = ('decisions.jsonl', 'timeline.png', 'table.txt', 'summary.json', 'face.gif',
                'bag/')
"""What the demo writes into its output folder (each holds or follows what a person did)."""


def strip_live(spec: str) -> str:
    """Return ``spec`` without its ``live:`` flag (the source to open)."""
    spec = spec.strip()
    return spec[len(LIVE_PREFIX):] if spec.startswith(LIVE_PREFIX) else spec


def is_live_camera(spec: str) -> bool:
    """Whether a camera source string names a live camera (or is flagged ``live:``)."""
    spec = spec.strip()
    return spec.startswith(LIVE_PREFIX) or spec.startswith(_LIVE_CAMERA)


def is_live_audio(spec: str) -> bool:
    """Whether an audio source string names a live microphone (or is flagged ``live:``)."""
    spec = spec.strip()
    return spec.startswith(LIVE_PREFIX) or spec == 'mic' or spec.startswith('mic:')


@dataclass(frozen=True)
class StoragePolicy:
    """Whether per-person files are written, and the sentence that tells the user why."""

    write: bool
    live: bool
    explanation: str


def storage_policy(cameras: Iterable[str], microphones: Iterable[str] = (), *,
                   out_given: bool = False, record: bool = False) -> StoragePolicy:
    """
    Decide whether a run may write files about the person in front of its sources.

    Live sources write only when the user asked (``--out`` or ``--record``); scripted ones
    write as they always did.
    """
    live = sorted({c for c in cameras if is_live_camera(c)}
                  | {m for m in microphones if is_live_audio(m)})
    if not live:
        return StoragePolicy(True, False, 'scripted sources only: outputs are written')
    names = ', '.join(live)
    if out_given or record:
        return StoragePolicy(True, True, f'live source ({names}): writing what you asked for '
                             '(per-person affect and decisions); delete the folder to erase it')
    return StoragePolicy(False, True, f'live source ({names}): nothing about the person is '
                         'written (pass --out DIR or --record to keep the decisions, timeline '
                         'and table)')
