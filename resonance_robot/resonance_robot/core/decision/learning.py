# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Learning what helped, only with consent.

After an emotional intervention (comfort, share joy) the person's valence ``outcome_delay``
seconds later is compared with their valence when it started; the change is credited to the
utterance variant used. Once every variant has ``min_samples`` outcomes, the one that helped
most on average is chosen; before that they take turns.

Nothing is recorded without consent (``consent=False`` makes every method a no-op apart from
the turn-taking), nothing while privacy mode is on (pending observations are dropped), and
only aggregates are kept: action, variant, count and mean valence change — no person id, no
time, no face or voice. With a ``path`` the aggregates are written as JSON after each outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
import json
import math
import os
import pathlib

from ..errors import InvalidInput


@dataclass(frozen=True)
class Outcome:
    """Aggregate outcome of one (action, variant): how often and the mean valence change."""

    count: int = 0
    mean_change: float = 0.0

    def add(self, change: float) -> Outcome:
        """Return this outcome with one more observed change."""
        count = self.count + 1
        return Outcome(count, self.mean_change + (change - self.mean_change) / count)


@dataclass
class _Pending:
    action: str
    variant: int
    person_id: str
    start_valence: float
    due: float


class OutcomeLearner:
    """Credits valence changes to utterance variants, with consent; see the module doc."""

    def __init__(self, consent: bool = False, path: str | os.PathLike[str] | None = None,
                 outcome_delay: float = 10.0, min_samples: int = 3) -> None:
        self.consent = consent
        self.path = pathlib.Path(path) if path else None
        self.outcome_delay = outcome_delay
        self.min_samples = min_samples
        self.outcomes: dict[tuple[str, int], Outcome] = {}
        self._pending: list[_Pending] = []
        self._turns: dict[str, int] = {}
        self.paused = False
        if consent and self.path is not None and self.path.is_file():
            self.outcomes = load_outcomes(self.path)

    @property
    def pending(self) -> int:
        """Interventions waiting for their outcome."""
        return len(self._pending)

    def pause(self, paused: bool) -> None:
        """Pause recording (privacy mode); pausing drops what was pending."""
        self.paused = paused
        if paused:
            self._pending.clear()

    def choose(self, action: str, n_variants: int) -> int:
        """Return the variant to use: the best-helping one once known, else the next in turn."""
        if n_variants <= 1:
            return 0
        stats = [self.outcomes.get((action, i), Outcome()) for i in range(n_variants)]
        if self.consent and all(s.count >= self.min_samples for s in stats):
            return max(range(n_variants), key=lambda i: stats[i].mean_change)
        turn = self._turns.get(action, 0)
        self._turns[action] = turn + 1
        return turn % n_variants

    def begin(self, action: str, variant: int, person_id: str, valence: float,
              now: float) -> None:
        """Note an intervention that started at ``now`` with the person at ``valence``."""
        if self.consent and not self.paused and math.isfinite(valence):
            self._pending.append(
                _Pending(action, variant, person_id, valence, now + self.outcome_delay))

    def observe(self, valences: dict[str, float], now: float) -> int:
        """
        Close the interventions that are due, given each present person's valence now.

        An intervention whose person is gone or unknown when due is dropped. Returns how many
        outcomes were recorded.
        """
        recorded = 0
        keep = []
        for item in self._pending:
            if now < item.due:
                keep.append(item)
                continue
            valence = valences.get(item.person_id)
            if valence is None or not math.isfinite(valence):
                continue
            key = (item.action, item.variant)
            self.outcomes[key] = self.outcomes.get(key, Outcome()).add(
                valence - item.start_valence)
            recorded += 1
        self._pending = keep
        if recorded and self.path is not None:
            save_outcomes(self.path, self.outcomes)
        return recorded


def save_outcomes(path: pathlib.Path, outcomes: dict[tuple[str, int], Outcome]) -> None:
    """Write the aggregates as JSON (atomically: a temporary file, then a rename)."""
    rows = [{'action': a, 'variant': v, 'count': o.count, 'mean_valence_change': o.mean_change}
            for (a, v), o in sorted(outcomes.items())]
    tmp = path.with_name(path.name + '.tmp')
    tmp.write_text(json.dumps({'outcomes': rows}, indent=2), encoding='utf-8')
    tmp.replace(path)


def load_outcomes(path: pathlib.Path) -> dict[tuple[str, int], Outcome]:
    """Read aggregates written by :func:`save_outcomes`; InvalidInput says what is wrong."""
    try:
        data = json.loads(path.read_text(encoding='utf-8'))
        return {(str(r['action']), int(r['variant'])):
                Outcome(int(r['count']), float(r['mean_valence_change']))
                for r in data['outcomes']}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInput(f'{path}: not a learning file ({exc})') from exc
