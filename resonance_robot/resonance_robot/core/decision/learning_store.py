# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
What learning keeps across interactions, with consent: aggregates in one SQLite file.

Two tables, nothing else::

    arms(action TEXT, variant INTEGER, helped INTEGER, not_helped INTEGER, mean_effect REAL)
    drift(count INTEGER, mean REAL)          -- one row: the natural valence drift

No person id, no time stamp, no transcript, face or voice: a row says "comfort variant 1
helped 7 times out of 9, by +0.21 valence on average beyond the drift". Written in one
transaction after each outcome (stdlib :mod:`sqlite3`); :meth:`LearningStore.reset` deletes
every row ("forget me", ``resonance-robot learning reset``).
"""

from __future__ import annotations

from dataclasses import dataclass
import os
import pathlib
import sqlite3

from ..errors import InvalidInput

_SCHEMA = """
CREATE TABLE IF NOT EXISTS arms (
    action TEXT NOT NULL, variant INTEGER NOT NULL, helped INTEGER NOT NULL,
    not_helped INTEGER NOT NULL, mean_effect REAL NOT NULL, PRIMARY KEY (action, variant));
CREATE TABLE IF NOT EXISTS drift (
    id INTEGER PRIMARY KEY CHECK (id = 0), count INTEGER NOT NULL, mean REAL NOT NULL);
"""


@dataclass(frozen=True)
class Arm:
    """One response variant's outcomes: how often it helped, did not, and the mean effect."""

    helped: int = 0
    not_helped: int = 0
    mean_effect: float = 0.0

    def add(self, effect: float, helped: bool) -> Arm:
        """Return this arm with one more outcome."""
        count = self.helped + self.not_helped + 1
        mean = self.mean_effect + (effect - self.mean_effect) / count
        return Arm(self.helped + int(helped), self.not_helped + int(not helped), mean)


@dataclass(frozen=True)
class Drift:
    """The natural valence change over the outcome window when the robot does nothing."""

    count: int = 0
    mean: float = 0.0

    def add(self, change: float) -> Drift:
        """Return the drift with one more observed change."""
        count = self.count + 1
        return Drift(count, self.mean + (change - self.mean) / count)


class LearningStore:
    """The SQLite file of learned aggregates (see the module doc)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = pathlib.Path(path)

    def _connect(self) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(self.path)
            connection.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise InvalidInput(f'{self.path}: not a learning file ({exc})') from exc
        return connection

    def load(self) -> tuple[dict[tuple[str, int], Arm], Drift]:
        """Return the arms and the drift (empty when the file does not exist yet)."""
        if not self.path.exists():
            return {}, Drift()
        connection = self._connect()
        try:
            arms = {(str(a), int(v)): Arm(int(h), int(n), float(m)) for a, v, h, n, m in
                    connection.execute('SELECT action, variant, helped, not_helped, '
                                       'mean_effect FROM arms')}
            row = connection.execute('SELECT count, mean FROM drift WHERE id = 0').fetchone()
        except sqlite3.Error as exc:
            raise InvalidInput(f'{self.path}: not a learning file ({exc})') from exc
        finally:
            connection.close()
        return arms, Drift(int(row[0]), float(row[1])) if row else Drift()

    def save(self, arms: dict[tuple[str, int], Arm], drift: Drift) -> None:
        """Replace the stored aggregates with ``arms`` and ``drift`` (one transaction)."""
        connection = self._connect()
        try:
            with connection:
                connection.execute('DELETE FROM arms')
                connection.executemany(
                    'INSERT INTO arms VALUES (?, ?, ?, ?, ?)',
                    [(a, v, arm.helped, arm.not_helped, arm.mean_effect)
                     for (a, v), arm in sorted(arms.items())])
                connection.execute('INSERT OR REPLACE INTO drift VALUES (0, ?, ?)',
                                   (drift.count, drift.mean))
        finally:
            connection.close()

    def reset(self) -> None:
        """Delete every learned aggregate (the file stays, empty)."""
        if not self.path.exists():
            return
        connection = self._connect()
        try:
            with connection:
                connection.execute('DELETE FROM arms')
                connection.execute('DELETE FROM drift')
        finally:
            connection.close()

    def describe(self) -> str:
        """Return the stored aggregates as text (``resonance-robot learning show``)."""
        arms, drift = self.load()
        lines = [f'{self.path}: {len(arms)} responses, drift {drift.mean:+.3f} valence '
                 f'over {drift.count} idle windows']
        for (action, variant), arm in sorted(arms.items()):
            total = arm.helped + arm.not_helped
            lines.append(f'  {action} variant {variant}: helped {arm.helped}/{total}, '
                         f'mean effect {arm.mean_effect:+.3f}')
        return '\n'.join(lines)
