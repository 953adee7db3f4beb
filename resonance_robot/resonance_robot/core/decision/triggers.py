# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
What the acts' triggers share: the trigger type and a few helpers.

A trigger is a pure function of the situation, the interaction memory and the parameters
that returns the act's :class:`~.situation.Candidate` (the person, the reason and its
evidence) or None. Each act module in ``tree/acts/`` defines its own; they are evaluated in
the registry's order and do not see each other's results.

An act that runs is sticky (:func:`continuing`): while it runs for a person, that person
stays its candidate as long as they are present, so cooldowns the act started do not cut it
short.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
import math

from .events import CommandEvent
from .memory import InteractionMemory
from .params import SocialParams
from .situation import Candidate, PersonView, Situation

Trigger = Callable[[Situation, InteractionMemory, SocialParams], 'Candidate | None']
"""``trigger(situation, memory, params)``: the act's candidate now, or None."""


def continuing(kind: str, s: Situation, memory: InteractionMemory,
               need_present: bool = True) -> Candidate | None:
    """Return the candidate that keeps a running ``kind`` going, or None."""
    if memory.active is None or memory.active[0] != kind:
        return None
    pid = memory.active[1]
    person = s.person(pid)
    if need_present and (person is None or not person.present or person.left_alone):
        return None
    evidence = person.evidence() if person is not None else (f'person={pid}',)
    return Candidate(kind, pid, f'{kind} {pid}: continuing', evidence)


def pending_event(s: Situation, memory: InteractionMemory,
                  commands: Iterable[str]) -> CommandEvent | None:
    """Return the newest event among ``commands`` that no act has handled yet."""
    wanted = set(commands)
    for event in reversed(s.events):
        if event.command in wanted and (
                event.person_id, event.command, event.time) not in memory.handled:
            return event
    return None


def nearest(persons: Sequence[PersonView]) -> PersonView:
    """Return the nearest of ``persons`` (unknown distances count as far)."""
    return min(persons, key=lambda v: v.distance if math.isfinite(v.distance) else 99.0)


def where(person: PersonView) -> str:
    """Return `` at 2.2 m`` for a reason, or '' when the distance is unknown."""
    return f' at {person.distance:.1f} m' if math.isfinite(person.distance) else ''


def guard_note(s: Situation) -> str:
    """Return `` (why inference is off)`` when the deployment guard refuses, else ''."""
    return '' if s.guard is None or s.guard.allowed else f' ({s.guard.explanation})'


def emotional_intervention(
    kind: str, s: Situation, memory: InteractionMemory, *,
    duration: Callable[[PersonView], float], after: float, cooldown: float, verb: str,
    feeling: Callable[[PersonView], str],
) -> Candidate | None:
    """
    Return the candidate of an emotional intervention (comfort, share joy), or None.

    The person whose feeling (``duration``) lasted longest, at least ``after`` seconds, whose
    affect is known, who did not ask to be left alone and was not given ``kind`` within
    ``cooldown`` seconds — while the intervention rate limit allows another.
    """
    sticky = continuing(kind, s, memory)
    if sticky is not None:
        return sticky
    if not memory.limiter.allows(s.now):
        return None
    fitting = [v for v in s.present if v.affect_known and not v.left_alone
               and duration(v) >= after and memory.since_end(kind, v.person_id, s.now) >= cooldown]
    if not fitting:
        return None
    v = max(fitting, key=duration)
    return Candidate(
        kind, v.person_id,
        f'{verb} {v.person_id}: {feeling(v)} for {duration(v):.1f} s ({v.describe()})',
        v.evidence(), min(1.0, abs(v.affect.valence) + 0.2))
