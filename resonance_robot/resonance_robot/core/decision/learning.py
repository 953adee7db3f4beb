# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Learning which response helps, with consent only: Thompson sampling against the natural drift.

*What is learned.* Each act that can respond in several ways (its variants: the words of
comfort or share joy) is a set of arms. Each arm has a Beta posterior of "this response
helped": ``Beta(1 + helped, 1 + did not)``. :meth:`OutcomeLearner.choose` draws one sample
from each arm's posterior and takes the largest (Thompson sampling): arms that helped are
chosen more, the others still now and then, as long as the data leave doubt - exploration
never stops on its own.

*What counts as helping.* The outcome is read over a window *after the act ends*
(``outcome_delay`` seconds): the person's valence then minus their valence when the act
ended. People recover by themselves too, so that change is compared with the *natural
drift*: while the robot does nothing for a person (no act running, none pending), the change
of their valence over the same window length is averaged. The response helped when
``change - drift > margin`` (0.05).

*Consent.* Without consent nothing is learned: :meth:`choose` takes the variants in turn, and
:meth:`begin`, :meth:`end` and :meth:`observe` do nothing - no outcome, no drift, no file.
With consent the posteriors are learned during the interaction; with a ``store`` (SQLite,
:mod:`.learning_store`) they are kept across interactions: aggregates only - action, variant,
how often it helped or not, the mean effect, and the drift - no person id, no time, no face or
voice, so nothing identifies anyone beyond the session. Privacy mode pauses learning and drops
what was pending. :meth:`forget` (a spoken "forget me", or ``resonance-robot learning
reset``) clears both.

Limits: valence is the only outcome; an act cut short still counts (its end is when it
stopped); the drift is one number for everyone (not per person, not per starting level).
"""

from __future__ import annotations

from dataclasses import dataclass
import math
import random

from .learning_store import Arm, Drift, LearningStore

SUCCESS_MARGIN = 0.05
"""Valence gain beyond the natural drift that counts as having helped."""


@dataclass
class _Pending:
    action: str
    variant: int
    person_id: str
    ended: float = math.nan      # when the act ended (NaN while it runs)
    end_valence: float = math.nan
    due: float = math.inf


class OutcomeLearner:
    """Thompson sampling over response variants, outcomes against drift; see the module doc."""

    def __init__(self, consent: bool = False, store: LearningStore | None = None,
                 outcome_delay: float = 10.0, margin: float = SUCCESS_MARGIN,
                 seed: int | None = None) -> None:
        self.consent = consent
        self.store = store if consent else None
        self.outcome_delay = outcome_delay
        self.margin = margin
        self.arms: dict[tuple[str, int], Arm] = {}
        self.drift = Drift()
        self._pending: list[_Pending] = []
        self._anchors: dict[str, tuple[float, float]] = {}
        self._turns: dict[str, int] = {}
        self._rng = random.Random(seed)
        self.paused = False
        if self.store is not None:
            self.arms, self.drift = self.store.load()

    @property
    def pending(self) -> int:
        """Acts waiting for their outcome."""
        return len(self._pending)

    @property
    def outcomes(self) -> int:
        """How many outcomes were learned (this session and, with a store, before)."""
        return sum(arm.helped + arm.not_helped for arm in self.arms.values())

    def pause(self, paused: bool) -> None:
        """Pause learning (privacy mode); pausing drops what was pending."""
        self.paused = paused
        if paused:
            self._pending.clear()
            self._anchors.clear()

    def choose(self, action: str, n_variants: int) -> int:
        """Return the variant to use: Thompson sampling with consent, else the next in turn."""
        if n_variants <= 1:
            return 0
        if not self.consent or self.paused:
            turn = self._turns.get(action, 0)
            self._turns[action] = turn + 1
            return turn % n_variants
        samples = []
        for i in range(n_variants):
            arm = self.arms.get((action, i), Arm())
            samples.append(self._rng.betavariate(1.0 + arm.helped, 1.0 + arm.not_helped))
        return max(range(n_variants), key=lambda i: samples[i])

    def begin(self, action: str, variant: int, person_id: str) -> None:
        """Note that variant ``variant`` of ``action`` started for ``person_id``."""
        if self.consent and not self.paused:
            self._pending = [p for p in self._pending if p.person_id != person_id
                             or math.isfinite(p.ended)]
            self._pending.append(_Pending(action, variant, person_id))
            self._anchors.pop(person_id, None)

    def end(self, action: str, person_id: str, now: float) -> None:
        """Note that ``action`` for ``person_id`` ended: its outcome window starts."""
        for item in self._pending:
            if item.person_id == person_id and item.action == action and math.isnan(item.ended):
                item.ended = now
                item.due = now + self.outcome_delay

    def observe(self, valences: dict[str, float], now: float) -> int:
        """
        Take each present person's valence now: close due outcomes, learn the drift.

        An outcome whose person is gone or unknown when due is dropped. Returns how many
        outcomes were recorded.
        """
        if not self.consent or self.paused:
            return 0
        recorded, keep = 0, []
        busy = {item.person_id for item in self._pending}
        for item in self._pending:
            valence = valences.get(item.person_id, math.nan)
            if math.isfinite(item.ended) and math.isnan(item.end_valence):
                item.end_valence = valence  # the first reading after the act ended
            if now < item.due:
                keep.append(item)
                continue
            if math.isfinite(valence) and math.isfinite(item.end_valence):
                self._record(item, valence - item.end_valence)
                recorded += 1
        self._pending = keep
        self._learn_drift(valences, busy, now)
        if recorded and self.store is not None:
            self.store.save(self.arms, self.drift)
        return recorded

    def _record(self, item: _Pending, change: float) -> None:
        effect = change - self.drift.mean
        key = (item.action, item.variant)
        self.arms[key] = self.arms.get(key, Arm()).add(effect, effect > self.margin)

    def _learn_drift(self, valences: dict[str, float], busy: set[str], now: float) -> None:
        for pid in list(self._anchors):
            if pid not in valences or pid in busy:
                del self._anchors[pid]
        for pid, valence in valences.items():
            if pid in busy or not math.isfinite(valence):
                continue
            anchor = self._anchors.get(pid)
            if anchor is None:
                self._anchors[pid] = (now, valence)
            elif now - anchor[0] >= self.outcome_delay:
                self.drift = self.drift.add(valence - anchor[1])
                self._anchors[pid] = (now, valence)

    def forget(self) -> None:
        """Forget everything learned, here and in the store ("forget me")."""
        self.arms.clear()
        self.drift = Drift()
        self._pending.clear()
        self._anchors.clear()
        if self.store is not None:
            self.store.reset()
