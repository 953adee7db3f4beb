# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
How an act's words become speech: choosing a variant, its style and priority, its duration.

Each act keeps its own words (``tree/acts/<act>.py``: ``WORDS`` and ``STYLE``); they never
sell, persuade or pressure (a test runs every act's words through
:func:`~..ethics.persuasion_in`), never tell someone how to feel, and never try to keep a
person engaged. Several variants per act avoid sounding canned; which variant is used can be
learned from what helped (see :mod:`.learning`), with consent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
import re

from .actions import Priority, Speech, Style

WORDS_PER_MINUTE: dict[Style, float] = {
    Style.NEUTRAL: 165.0, Style.CALM: 130.0, Style.WARM: 148.0, Style.CHEERFUL: 195.0,
    Style.FIRM: 155.0,
}
"""Speaking rate of each style, words per minute (voice_output's espeak-ng settings), used
to estimate how long an utterance takes when ``robot_speaking`` is not available."""


def pick(words: Sequence[str], style: Style, variant: int = 0, *, calm: bool = False,
         urgent: bool = False) -> Speech | None:
    """
    Return variant ``variant`` (modulo the count) of ``words`` as speech, or None if none.

    ``calm`` softens a warm or cheerful style to calm (greeting someone who looks upset);
    ``urgent`` speech has high priority and interrupts what is being said.
    """
    if not words:
        return None
    if calm and style in (Style.WARM, Style.CHEERFUL):
        style = Style.CALM
    priority = Priority.HIGH if urgent else Priority.NORMAL
    return Speech(words[variant % len(words)], style, priority, interrupt=urgent)


_SENTENCE_END = re.compile(r'(?<=[.!?])\s+')


def paced(speech: Speech) -> Speech:
    """
    Return ``speech`` slower and shorter: the calm style (130 words/min) and its first sentence.

    For someone frustrated or who pauses long: less to take in, more time to take it.
    """
    first = _SENTENCE_END.split(speech.text.strip(), maxsplit=1)[0]
    return replace(speech, text=first, style=Style.CALM)


def speaking_time(speech: Speech) -> float:
    """Seconds it takes to say ``speech`` at its style's rate (at least 0.5 s)."""
    words = len(speech.text.split())
    return max(0.5, 60.0 * words / WORDS_PER_MINUTE.get(speech.style, 165.0))
