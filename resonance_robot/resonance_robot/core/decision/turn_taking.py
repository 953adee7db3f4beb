# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Turn-taking: the robot does not start talking while the person is talking.

People leave each other the floor; a robot that talks over someone is rude, and it also
deafens itself (the voice pipeline ignores what it hears while the robot speaks, so it does
not react to its own voice). :class:`TurnTaking` holds the robot's utterances while the
person speaks and releases them when the person falls silent - after ``gap`` seconds, about
the pause people leave between turns (Stivers et al. 2009: ~200 ms) - or after ``max_hold``
seconds at the latest, so a person who talks on does not silence the robot forever.
HIGH-priority speech (safety, privacy, hand-over) is never held. While speech waits, an
utterance whose words are already in a waiting one is dropped: the behaviour tree may ask
again for what it asked before (e.g. the disclosure, alone, after a greeting that contains
it), and the robot should not say it twice.

Someone who pauses long between utterances (grief, low mood, thinking) is not done when
they fall silent for a moment: :meth:`TurnTaking.adapt` lengthens the gap to half their
typical pause between utterances (at most half of ``max_hold``), so the robot waits longer
for them; the tree speaks slower and less to them as well.
"""

from __future__ import annotations

from dataclasses import dataclass

from .actions import Priority, Speech


@dataclass
class _Held:
    speech: Speech
    since: float


class TurnTaking:
    """Holds speech while the person has the floor; pure, driven by the caller's clock."""

    def __init__(self, gap: float = 0.3, max_hold: float = 6.0, max_queue: int = 4) -> None:
        if gap < 0.0 or max_hold < gap or max_queue < 1:
            raise ValueError('need 0 <= gap <= max_hold and max_queue >= 1')
        self.gap = gap
        self.base_gap = gap
        self.max_hold = max_hold
        self.max_queue = max_queue
        self._held: list[_Held] = []
        self._person_speaking = False
        self._silent_since = float('-inf')
        self.held_total = 0
        self.dropped_total = 0

    @property
    def holding(self) -> int:
        """Return how many utterances wait for the person to finish."""
        return len(self._held)

    def adapt(self, pause_between: float) -> None:
        """Wait longer for someone whose typical pause between utterances is long."""
        wanted = 0.5 * pause_between if pause_between > 0.0 else 0.0
        self.gap = min(max(self.base_gap, self.max_hold / 2.0), max(self.base_gap, wanted))

    def person_speaking(self, speaking: bool, now: float) -> None:
        """Record that the person started (True) or stopped (False) speaking at ``now``."""
        if self._person_speaking and not speaking:
            self._silent_since = now
        self._person_speaking = speaking

    def _floor_free(self, now: float) -> bool:
        return not self._person_speaking and now - self._silent_since >= self.gap

    def offer(self, speech: Speech, now: float) -> list[Speech]:
        """Offer one utterance; return what may be said now (this one, or nothing yet)."""
        if speech.priority is Priority.HIGH:
            return [speech]  # safety first: never wait
        if self._floor_free(now) and not self._held:
            return [speech]
        if any(speech.text.strip() in held.speech.text for held in self._held):
            self.dropped_total += 1  # already waiting to be said
            return self.poll(now)
        self._held.append(_Held(speech, now))
        self.held_total += 1
        if len(self._held) > self.max_queue:
            self._held.pop(0)  # the oldest is stale by now: the situation moved on
            self.dropped_total += 1
        return self.poll(now)

    def poll(self, now: float) -> list[Speech]:
        """Return the held utterances that may be said now (in order)."""
        if not self._held:
            return []
        if self._floor_free(now) or now - self._held[0].since >= self.max_hold:
            ready = [held.speech for held in self._held]
            self._held.clear()
            return ready
        return []
