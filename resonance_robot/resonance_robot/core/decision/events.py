# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Spoken commands and distress phrases as events, once each.

Fusion holds the commands a person said on the person for a few seconds; the tree needs the
rising edge. :class:`CommandSpotter` turns them into :class:`CommandEvent` values, and spots
distress phrases (:data:`DISTRESS_PHRASES`) in transcripts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
import re

from ..fusion.fusion import PersonEstimate

DISTRESS_PHRASES: tuple[str, ...] = (
    'help me', 'i need help', 'somebody help', 'call someone', 'call a doctor',
    'call an ambulance', 'ambulance', 'emergency', "i can't breathe", 'i cannot breathe',
    "i'm hurt", 'i am hurt', 'it hurts', 'chest pain', 'i fell', 'i have fallen',
    'i want to die', 'kill myself', 'hurt myself', 'end my life', 'no reason to live',
)
"""Phrases in a transcript that hand over to a human at once (lower case, word-bounded)."""

_DISTRESS_RE = re.compile(
    r'\b(' + '|'.join(re.escape(p).replace("'", "['’]?") for p in DISTRESS_PHRASES) + r')\b',
    re.IGNORECASE)


def distress_phrase(transcript: str) -> str | None:
    """Return the distress phrase found in ``transcript``, or None."""
    match = _DISTRESS_RE.search(transcript)
    return match.group(1).lower() if match else None


@dataclass(frozen=True)
class CommandEvent:
    """A command or distress phrase heard from a person at ``time``."""

    person_id: str
    command: str  # a Command value, or 'distress'
    phrase: str
    time: float


DISTRESS = 'distress'
"""The command name of a distress-phrase event."""


class CommandSpotter:
    """Turns commands held on persons into one event each (the rising edge)."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[tuple[str, ...], str]] = {}

    def update(self, persons: Iterable[PersonEstimate], now: float) -> tuple[CommandEvent, ...]:
        """Return the events that appeared since the last call."""
        events = []
        current: dict[str, tuple[tuple[str, ...], str]] = {}
        for person in persons:
            commands = tuple(person.last_commands)
            transcript = person.last_transcript
            current[person.person_id] = (commands, transcript)
            old_commands, old_transcript = self._seen.get(person.person_id, ((), ''))
            for name in commands:
                if name not in old_commands:
                    events.append(CommandEvent(person.person_id, name, _spoken(name), now))
            if transcript and transcript != old_transcript:
                phrase = distress_phrase(transcript)
                if phrase:
                    events.append(CommandEvent(person.person_id, DISTRESS, phrase, now))
        self._seen = current
        return tuple(events)


def _spoken(command: str) -> str:
    return command.replace('_', ' ')
