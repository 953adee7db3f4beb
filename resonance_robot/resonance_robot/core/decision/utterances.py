# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
What the robot says for each action: short templates that comfort and inform.

The templates never sell, persuade or pressure (a test runs every one through
:func:`~resonance_robot.core.ethics.persuasion_in`), never tell someone how to feel, and
never try to keep a person engaged. Several variants per action avoid sounding canned; which
variant is used can be learned from what helped (see :mod:`.learning`), with consent.
"""

from __future__ import annotations

from .actions import ActionKind, Priority, Speech, Style

TEMPLATES: dict[ActionKind, tuple[str, ...]] = {
    ActionKind.GREET: (
        'Hello, nice to see you.',
        'Hi there.',
        'Hello.',
    ),
    ActionKind.COMFORT: (
        "I'm here with you. Take all the time you need.",
        "That looks hard. I'm here if you want to talk.",
        "I'm sorry you're having a tough time. I'm right here.",
    ),
    ActionKind.SHARE_JOY: (
        "You look happy. That's lovely to see!",
        'Your smile is contagious!',
        "What a great mood. I'm glad!",
    ),
    ActionKind.GIVE_SPACE: (
        "I'll give you some space.",
        "I'll step back a little.",
    ),
    ActionKind.WITHDRAW: (
        "Okay, I'll leave you alone.",
        'Of course. I will go.',
    ),
    ActionKind.HAND_OVER: (
        "I'm asking a person to come and help you.",
    ),
    ActionKind.HALT: (
        'Okay, stopping.',
    ),
}
"""Utterance variants per action (the disclosure and privacy notices are separate)."""

STYLES: dict[ActionKind, Style] = {
    ActionKind.GREET: Style.WARM,
    ActionKind.DISCLOSE: Style.WARM,
    ActionKind.COMFORT: Style.CALM,
    ActionKind.SHARE_JOY: Style.CHEERFUL,
    ActionKind.GIVE_SPACE: Style.CALM,
    ActionKind.WITHDRAW: Style.CALM,
    ActionKind.HAND_OVER: Style.FIRM,
    ActionKind.HALT: Style.FIRM,
    ActionKind.PRIVACY: Style.FIRM,
}
"""Speaking style of each action."""

PRIVACY_ON = ("Privacy mode is on. I've stopped reading emotions, I won't come closer, and "
              "I'm not storing anything.")
PRIVACY_OFF = "Privacy mode is off. I'm noticing expressions again."

WORDS_PER_MINUTE: dict[Style, float] = {
    Style.NEUTRAL: 165.0, Style.CALM: 130.0, Style.WARM: 148.0, Style.CHEERFUL: 195.0,
    Style.FIRM: 155.0,
}
"""Speaking rate of each style, words per minute (voice_output's espeak-ng settings), used
to estimate how long an utterance takes when ``robot_speaking`` is not available."""


def variants(action: ActionKind) -> tuple[str, ...]:
    """Return the template variants of ``action`` (empty when it says nothing)."""
    return TEMPLATES.get(action, ())


def speech_for(action: ActionKind, variant: int = 0, *, calm: bool = False) -> Speech | None:
    """
    Return what to say for ``action`` (variant ``variant`` modulo the count), or None.

    ``calm`` softens a warm style to calm (greeting someone who looks upset).
    """
    texts = variants(action)
    if not texts:
        return None
    style = STYLES.get(action, Style.NEUTRAL)
    if calm and style in (Style.WARM, Style.CHEERFUL):
        style = Style.CALM
    priority = Priority.HIGH if action in (ActionKind.HAND_OVER, ActionKind.HALT) else (
        Priority.NORMAL)
    return Speech(texts[variant % len(texts)], style, priority,
                  interrupt=priority is Priority.HIGH)


def speaking_time(speech: Speech) -> float:
    """Seconds it takes to say ``speech`` at its style's rate (at least 0.5 s)."""
    words = len(speech.text.split())
    return max(0.5, 60.0 * words / WORDS_PER_MINUTE.get(speech.style, 165.0))
