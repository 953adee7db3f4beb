# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
What happened during a run, in scenario time: cues, fused affect, the robot's actions.

The demo and ``replay`` fill a :class:`Timeline` from the topics they watch; this module
turns it into the per-step summary table, the expected-action check, a timeline plot (PNG)
and the decisions as JSON lines. Pure: plain data in, plain data and files out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
import json
import math
import pathlib
from typing import Any

from ..sources.scenario import Scenario


@dataclass(frozen=True)
class Sample:
    """One affect reading at scenario time ``t`` (seconds)."""

    t: float
    valence: float
    arousal: float
    confidence: float
    expression: str


@dataclass(frozen=True)
class Decision:
    """One social action the robot chose, with its target and reason."""

    t: float
    action: str
    target: str
    intensity: float
    reason: str
    evidence: tuple[str, ...] = ()


@dataclass
class Timeline:
    """Everything a run produced, keyed by series name: 'face', 'voice', 'fused'."""

    samples: dict[str, list[Sample]] = field(
        default_factory=lambda: {'face': [], 'voice': [], 'fused': []})
    decisions: list[Decision] = field(default_factory=list)
    utterances: list[tuple[float, str]] = field(default_factory=list)
    transcripts: list[tuple[float, str]] = field(default_factory=list)
    max_forward: float = 0.0
    max_reverse: float = 0.0
    max_sideways: float = 0.0
    max_turn: float = 0.0
    motion_commands: int = 0

    def command(self, linear_x: float, linear_y: float, angular_z: float) -> None:
        """Record one velocity command's extremes (forward, reverse, sideways, turn)."""
        self.motion_commands += 1
        self.max_forward = max(self.max_forward, linear_x)
        self.max_reverse = max(self.max_reverse, -linear_x)
        self.max_sideways = max(self.max_sideways, abs(linear_y))
        self.max_turn = max(self.max_turn, abs(angular_z))

    def add(self, series: str, sample: Sample) -> None:
        """Record a sample in ``series``."""
        self.samples.setdefault(series, []).append(sample)

    def decide(self, decision: Decision) -> None:
        """Record a decision unless it repeats the previous action for the same target."""
        last = self.decisions[-1] if self.decisions else None
        if last is None or (last.action, last.target) != (decision.action, decision.target):
            self.decisions.append(decision)


def action_sequence(decisions: Sequence[Decision]) -> list[str]:
    """Return the actions in order with consecutive repeats collapsed."""
    sequence: list[str] = []
    for decision in decisions:
        if not sequence or sequence[-1] != decision.action:
            sequence.append(decision.action)
    return sequence


@dataclass(frozen=True)
class StepSummary:
    """One row of the final table: what the person showed and what the robot did."""

    index: int
    start: float
    end: float
    shows: str
    said: str
    perceived: str
    valence: float
    arousal: float
    actions: tuple[str, ...]
    """Actions in order, the first carried over from the previous step if ``carried_over``."""
    reason: str
    expected: tuple[str, ...]
    met: bool
    carried_over: bool = False
    avoided: tuple[str, ...] = ()
    """Actions the step must not choose (the scenario's ``avoid``)."""


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else math.nan


def summarise(scenario: Scenario, timeline: Timeline) -> list[StepSummary]:
    """
    Summarise each step: perceived expression and mean affect, actions, main reason.

    Perception is read over the second half of the step, once the estimate has settled
    (fusion smooths and decays on purpose); a step is met when any expected action happened
    and no action it avoids was chosen in it.
    """
    rows = []
    for index, step in enumerate(scenario.steps):
        start, end = step.at, scenario.end_of(index)
        settled = (start + end) / 2.0
        fused = [s for s in timeline.samples.get('fused', [])
                 if settled <= s.t < end and s.confidence > 0.0 and s.expression != 'unknown']
        counts = Counter(s.expression for s in fused)
        perceived = counts.most_common(1)[0][0] if counts else 'unknown'
        decisions = [d for d in timeline.decisions if start <= d.t < end]
        before = [d for d in timeline.decisions if d.t < start]
        carried = before[-1] if before and not (decisions and decisions[0].t <= start) else None
        actions = tuple(action_sequence(([carried] if carried else []) + decisions))
        main = next((d for d in decisions if d.action not in ('idle', 'attend')),
                    decisions[0] if decisions else None)
        met = any(a in actions for a in step.expect) if step.expect else True
        met = met and not any(d.action in step.avoid for d in decisions)
        rows.append(StepSummary(
            index=index + 1, start=start, end=end, shows=step.shows.value, said=step.say,
            perceived=perceived, valence=_mean([s.valence for s in fused]),
            arousal=_mean([s.arousal for s in fused]), actions=actions,
            reason=main.reason if main else '', expected=step.expect, met=met,
            carried_over=carried is not None, avoided=step.avoid))
    return rows


def format_table(rows: Sequence[StepSummary], width: int = 110) -> str:
    """Render the summary rows as a fixed-width text table."""
    header = f'{"time":>11s}  {"showed":9s} {"perceived":10s} {"v":>5s} {"a":>5s}  did → why'
    lines = [header, '-' * min(width, 120)]
    for row in rows:
        affect = (f'{row.valence:5.2f} {row.arousal:5.2f}' if not math.isnan(row.valence)
                  else '    -     -')
        did = ', '.join(('…' if row.carried_over and i == 0 else '') + action
                        for i, action in enumerate(row.actions)) or '-'
        mark = '' if row.met else f'  [expected {" or ".join(row.expected) or "otherwise"}]'
        lines.append(f'{row.start:5.1f}-{row.end:5.1f}  {row.shows:9s} {row.perceived:10s} '
                     f'{affect}  {did}{mark}')
        if row.reason:
            room = max(20, width - 14)
            reason = row.reason if len(row.reason) <= room else row.reason[:room - 1] + '…'
            lines.append(f'{"":13s}why: {reason}')
    return '\n'.join(lines)


def write_decisions(timeline: Timeline, path: str | pathlib.Path) -> None:
    """Write the decisions as JSON lines (one object per decision)."""
    with open(path, 'w', encoding='utf-8') as handle:
        for decision in timeline.decisions:
            record = asdict(decision)
            record['evidence'] = list(decision.evidence)
            handle.write(json.dumps(record) + '\n')


ACTION_COLOURS = {
    'greet': '#4C9F70', 'share_joy': '#F2B134', 'comfort': '#5B8DEF', 'give_space': '#E07A5F',
    'withdraw': '#C0392B', 'hand_over': '#8E44AD', 'approach': '#17A2B8', 'attend': '#95A5A6',
    'disclose': '#7F8C8D', 'halt': '#000000', 'privacy': '#34495E', 'idle': '#DDDDDD'}


def plot_timeline(scenario: Scenario, timeline: Timeline, path: str | pathlib.Path) -> None:
    """Draw valence and arousal per cue and fused, with steps and actions, to a PNG."""
    import matplotlib

    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(3, 1, figsize=(12, 7.5), sharex=True,
                             gridspec_kw={'height_ratios': [3, 3, 1.2]})
    styles: dict[str, dict[str, Any]] = {
        'face': {'color': '#E67E22', 'lw': 1.0, 'alpha': 0.8, 'label': 'face'},
        'voice': {'color': '#2980B9', 'lw': 0, 'marker': 'o', 'ms': 6, 'label': 'voice'},
        'fused': {'color': '#2C3E50', 'lw': 2.2, 'label': 'fused (person)'}}
    for axis, key, title in ((axes[0], 'valence', 'valence'), (axes[1], 'arousal', 'arousal')):
        for series, style in styles.items():
            samples = [s for s in timeline.samples.get(series, []) if s.confidence > 0.0]
            if samples:
                axis.plot([s.t for s in samples], [getattr(s, key) for s in samples], **style)
        axis.set_ylim(-1.05, 1.05)
        axis.axhline(0.0, color='#999999', lw=0.6)
        axis.set_ylabel(title)
        axis.grid(alpha=0.25)
    for index, step in enumerate(scenario.steps):
        for axis in axes:
            axis.axvline(step.at, color='#BBBBBB', lw=0.8, ls='--')
        label = step.note or step.shows.value
        axes[0].text(step.at + 0.2, 0.93, label, fontsize=8, va='top', color='#555555')
    end = scenario.duration
    for i, decision in enumerate(timeline.decisions):
        stop = timeline.decisions[i + 1].t if i + 1 < len(timeline.decisions) else end
        colour = ACTION_COLOURS.get(decision.action, '#BBBBBB')
        axes[2].axvspan(decision.t, stop, color=colour, alpha=0.85)
        if stop - decision.t > end / 40:
            axes[2].text((decision.t + stop) / 2, 0.5, decision.action.replace('_', ' '),
                         ha='center', va='center', fontsize=8, color='white'
                         if decision.action not in ('idle', 'attend') else 'black')
    axes[2].set_yticks([])
    axes[2].set_ylabel('robot')
    axes[2].set_xlim(0, end)
    axes[2].set_xlabel('scenario time (s)')
    axes[0].legend(loc='lower left', fontsize=8, ncol=3)
    fig.suptitle(f'{scenario.name}: what the robot perceived and did')
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
