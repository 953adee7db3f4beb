# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The words the voice pipeline listens for: command phrasings, spotted keywords, affect words.

*Commands.* :data:`COMMAND_PHRASES` maps each :class:`~.commands.Command`
to the many ways people say it. :func:`find_commands` matches them in a transcript, longest
phrase first (so "stop watching me" is one ``stop_watching``, not also a ``stop``), and
ignores a phrase that a negation precedes in the same clause ("don't go away", "I don't
need help").
Add a phrasing here and every consumer (the node, the CLI, the tests) hears it.

*Spotted keywords.* :data:`SPOTTED_KEYWORDS` is what PocketSphinx's keyword search listens
for alongside dictation: the command phrases that must never be missed and strongly
affective words, each with the detection threshold tuned on espeak-ng renderings (neutral,
calm and excited) of carrier sentences against neutral and cross-keyword sentences
(``tools/tune_keywords.py`` reproduces the tuning). Short words ("help", "hate") are left to
dictation: as keywords they fired on too many other words, as did phrases that never
separated from their look-alikes ("help me", "i hate you"); "stop" is kept, strictly.

*Affect words.* :data:`PHRASE_VALENCE` gives multi-word expressions the sentence-level
sentiment lexicon (VADER) does not know ("go away", "shut up", "help me"), on VADER's -4..4
scale; :data:`WORD_AROUSAL` gives the activation that a few strongly activating or
deactivating words carry (coarse levels in [-1, 1], directions as in the Warriner, Kuperman
& Brysbaert 2013 norms).
"""

from __future__ import annotations

import re

from .commands import Command
from .spotting import Keyword

COMMAND_PHRASES: dict[Command, tuple[str, ...]] = {
    Command.STOP: (
        'stop', 'stop it', 'stop that', 'stop now', 'stop moving', 'stop right there',
        'halt', 'freeze', 'hold on', 'hold it', 'stay there', 'stay where you are',
        'that is enough', "that's enough", 'emergency stop', "don't move", 'do not move',
    ),
    Command.GO_AWAY: (
        'go away', 'get away', 'get away from me', 'move away', 'back off', 'back away',
        'step back', 'move back', 'please leave', 'leave now', 'leave the room',
        'get lost', 'get out', 'get out of here', 'go somewhere else', 'shoo', 'scram',
        'buzz off', 'go over there', 'keep your distance', 'too close',
    ),
    Command.LEAVE_ME_ALONE: (
        'leave me alone', 'leave me be', 'let me be', 'give me space', 'give me some space',
        'i need space', 'i need some space', 'i want to be alone', 'i need to be alone',
        'not now', 'not right now', 'stop bothering me', 'stop talking to me',
        "don't talk to me", 'do not talk to me', 'stop following me', "don't bother me",
        'do not bother me', 'go bother someone else', 'i am busy', "i'm busy",
        'leave us alone', 'stop annoying me', 'shut up', 'be quiet', 'stop talking',
        'quiet please',
    ),
    Command.HELP: (
        'help', 'help me', 'help me please', 'please help', 'i need help', 'somebody help',
        'someone help', 'get help', 'call for help', 'call someone', 'call a doctor',
        'call a nurse', 'call an ambulance', 'emergency', 'i fell', 'i have fallen',
        "i've fallen", 'i am hurt', "i'm hurt", 'it hurts', 'i feel sick',
        "i can't breathe", 'i cannot breathe', 'save me',
    ),
    Command.STOP_WATCHING: (
        'stop watching me', 'stop watching', 'stop looking at me', "don't look at me",
        'do not look at me', "don't watch me", 'do not watch me', 'stop staring',
        'stop staring at me', 'stop recording', 'stop filming', 'turn off the camera',
        'turn off your camera', 'turn the camera off', 'camera off', 'close your eyes',
        'privacy please', 'privacy mode', 'privacy mode on',
    ),
    Command.START_WATCHING: (
        'you can watch me again', 'you can look at me again', 'you can see me again',
        'watch me again', 'look at me again', 'start watching', 'start watching again',
        'turn on the camera', 'turn the camera on', 'camera on', 'open your eyes',
        'privacy mode off', 'end privacy mode', 'you can look now',
    ),
    Command.FORGET_ME: (  # clears what learning kept (issue 13)
        'forget me', 'forget about me', 'forget what you learned', 'forget everything',
        'delete what you learned', 'delete my data', 'forget what you know about me',
    ),
}
"""How people say each command (lower case; apostrophes as typed)."""

NEGATORS = frozenset({
    'not', "don't", 'dont', 'never', "doesn't", "didn't", "won't", "wouldn't",
    "shouldn't", "needn't", "mustn't", "can't", 'cannot', 'without',
})
"""Words that cancel a command phrase up to four words after them ("don't want you to go")."""

CLAUSE_BREAKS = frozenset({'and', 'but', 'so', 'just', 'please', 'now', 'then', 'or',
                           'because', 'okay', 'ok', 'well'})
"""Words that end a negation's reach: "I don't care, just go away" still says go away."""

NEGATION_REACH = 4


def _negated(words: list[str], start: int) -> bool:
    for j in range(start - 1, max(-1, start - 1 - NEGATION_REACH), -1):
        if words[j] in CLAUSE_BREAKS:
            return False
        if words[j] in NEGATORS or (words[j] == 'not' and j > 0 and words[j - 1] == 'do'):
            return True
    return False


_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")


def tokens(text: str) -> list[str]:
    """Lower-case words of ``text`` (apostrophes kept inside words, punctuation dropped)."""
    return _TOKEN.findall(text.lower().replace('\u2019', "'"))


def _phrase_table() -> list[tuple[tuple[str, ...], Command]]:
    table = [(tuple(tokens(p)), c) for c, phrases in COMMAND_PHRASES.items() for p in phrases]
    return sorted(table, key=lambda item: -len(item[0]))


_PHRASES = _phrase_table()


def find_commands(text: str) -> tuple[Command, ...]:
    """Return the commands said in ``text``, in order of first mention, each once."""
    words = tokens(text)
    used = [False] * len(words)
    found: list[tuple[int, Command]] = []
    for phrase, command in _PHRASES:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if any(used[i:i + n]) or tuple(words[i:i + n]) != phrase:
                continue
            for j in range(i, i + n):
                used[j] = True
            if phrase[0] in NEGATORS or phrase[:2] == ('do', 'not') or not _negated(words, i):
                found.append((i, command))
    ordered: list[Command] = []
    for _, command in sorted(found, key=lambda item: item[0]):
        if command not in ordered:
            ordered.append(command)
    return tuple(ordered)


SPOTTED_KEYWORDS: tuple[Keyword, ...] = (
    # commands the robot must never miss
    Keyword('leave me alone', 1e-28),
    Keyword('go away', 1e-20),
    Keyword('get away', 1e-30),
    Keyword('back off', 1e-16),
    Keyword('stop watching me', 1e-35),
    Keyword('stop looking at me', 1e-25),
    Keyword('stop', 1e-5),
    # strongly affective words and phrases, long enough to be told from other words
    Keyword('shut up', 1e-18),
    Keyword('thank you', 1e-22),
    Keyword('i love you', 1e-15),
    Keyword('happy', 1e-10),
    Keyword('wonderful', 1e-12),
    Keyword('beautiful', 1e-10),
    Keyword('amazing', 1e-12),
    Keyword('fantastic', 1e-12),
    Keyword('excellent', 1e-25),
    Keyword('horrible', 1e-30),
    Keyword('disgusting', 1e-12),
    Keyword('useless', 1e-10),
    Keyword('stupid', 1e-18),
    Keyword('angry', 1e-13),
)
"""Phrases PocketSphinx's keyword search spots alongside dictation (see module doc)."""

PHRASE_VALENCE: dict[str, float] = {
    'leave me alone': -1.8,
    'let me be': -1.2,
    'go away': -1.8,
    'get away': -1.8,
    'get lost': -2.2,
    'get out': -1.8,
    'back off': -1.8,
    'shut up': -2.4,
    'buzz off': -2.0,
    'stop bothering me': -1.8,
    'stop watching me': -1.2,
    'stop looking at me': -1.2,
    'help me': -1.5,
    'i need help': -1.5,
    'it hurts': -2.0,
    'thank you': 1.9,
    'thanks a lot': 1.6,
    'well done': 2.0,
    'good job': 2.2,
    'i love you': 3.0,
    'i hate you': -3.0,
    'i miss you': 0.8,
}
"""Valence of multi-word expressions, on VADER's scale (-4 .. 4)."""

WORD_VALENCE_OVERRIDES: dict[str, float] = {
    'please': 0.0,   # politeness, not pleasure: "help me please" is not good news
    'help': 0.0,     # asking for help is not positive; "help me" is in PHRASE_VALENCE
    'alone': -0.5,
    'stop': -0.5,
}
"""Single-word corrections of VADER's lexicon for spoken requests to a robot."""

WORD_AROUSAL: dict[str, float] = {
    # activating
    'furious': 0.9, 'angry': 0.8, 'rage': 0.9, 'hate': 0.7, 'scared': 0.7, 'afraid': 0.6,
    'terrified': 0.9, 'panic': 0.9, 'excited': 0.8, 'amazing': 0.6, 'fantastic': 0.6,
    'awesome': 0.6, 'wow': 0.6, 'shut': 0.6, 'stupid': 0.5, 'idiot': 0.6, 'annoying': 0.5,
    'emergency': 0.9, 'help': 0.5, 'hurry': 0.7, 'love': 0.4, 'happy': 0.3, 'wonderful': 0.4,
    'disgusting': 0.5, 'horrible': 0.5, 'terrible': 0.4, 'worried': 0.4, 'upset': 0.5,
    # deactivating
    'tired': -0.7, 'sleepy': -0.8, 'exhausted': -0.6, 'bored': -0.6, 'boring': -0.5,
    'calm': -0.6, 'relaxed': -0.7, 'peaceful': -0.6, 'quiet': -0.4, 'sad': -0.4,
    'lonely': -0.4, 'depressed': -0.5, 'miserable': -0.3, 'gentle': -0.4, 'slowly': -0.3,
}
"""Activation carried by words (coarse, [-1, 1]); prosody carries most of the arousal."""
