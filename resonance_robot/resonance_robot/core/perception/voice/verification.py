# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The second stage of command spotting: was a command that was heard really said.

Two recognisers listen to every utterance: PocketSphinx dictation (an n-gram language model
over 130k words) and PocketSphinx keyword search (:mod:`.spotting`). Each alone hears
commands in ordinary speech: on real acted sentences ("Kids are talking by the door") the
keyword search hears "stop" in "talking", dictation hears "shut up" and "get away" in
emotional delivery. They fail differently, so :class:`CommandVerifier` believes a command
only when the evidence its :class:`CommandPolicy` asks for is there:

- *agreement*: keyword search and dictation both heard the command (any phrasing of it);
- *a long phrasing dictated word for word* ("leave me alone", "stop watching me"): three
  words in a row are rarely invented, and on the real sets dictation alone never did;
- *one source*, for a command one of them cannot hear (dictation alone for "help", which is
  not spotted), or when only one recogniser runs: then the phrase must be most of what was
  said (at most ``max_extra_words`` other dictated words), as commands to a robot are short.

Every candidate gets a :class:`Verdict` saying which source heard it and why it was kept or
dropped; the pipeline publishes only the accepted commands. Per-command policies live in
:data:`POLICIES`; the reasons for each are in docs/voice.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .asr import Recognition
from .commands import Command
from .phrases import COMMAND_PHRASES, find_commands, tokens
from .sphinx import WordHit


@dataclass(frozen=True)
class CommandPolicy:
    """What evidence makes a heard command believed."""

    agreement: bool = True
    """Both recognisers must hear it when both ran (and the spotter listens for it)."""
    max_extra_words: int = 2
    """Other dictated words allowed when one source alone heard it (-1: any number)."""
    alone_words: int = -1
    """
    Where agreement is needed, one recogniser alone is still believed when the rest of the
    utterance is at most this many dictated words (the command said on its own; -1: never).
    """
    alone_phrases: tuple[str, ...] = ()
    """Spotted phrases that may stand alone so (empty: any); dictated phrases always may."""
    max_phone_distance: float = 0.0
    """
    A spotted phrase also counts as dictated when some run of dictated words sounds like it:
    phone edit distance at most this fraction of the phrase's phones (0: exact words only).
    """

    def __post_init__(self) -> None:
        """Check the limits."""
        if self.max_extra_words < -1 or self.alone_words < -1:
            raise ValueError('max_extra_words and alone_words must be >= -1')
        if not 0.0 <= self.max_phone_distance < 1.0:
            raise ValueError(
                f'max_phone_distance must be in [0, 1), got {self.max_phone_distance}')


POLICIES: Mapping[Command, CommandPolicy] = {
    # "stop" halts the robot: missing it is worse than a needless pause, so dictation that
    # sounds roughly like it agrees, and one recogniser alone is believed in a "stop" said
    # on its own (at most one other word)
    Command.STOP: CommandPolicy(agreement=True, max_extra_words=1, alone_words=1,
                                alone_phrases=('stop',), max_phone_distance=0.5),
    # the others end or change the interaction: both recognisers must agree
    Command.GO_AWAY: CommandPolicy(agreement=True, max_extra_words=0, max_phone_distance=0.45),
    # ("leave me alone" spotted alone in short utterances fired twice on real RAVDESS clips)
    Command.LEAVE_ME_ALONE: CommandPolicy(agreement=True, max_extra_words=0,
                                          max_phone_distance=0.45),
    Command.STOP_WATCHING: CommandPolicy(agreement=True, max_extra_words=1, alone_words=1,
                                         alone_phrases=('stop watching me',
                                                        'stop looking at me'),
                                         max_phone_distance=0.45),
    # never spotted by keyword search: dictation alone, in a short utterance
    # ("and i fell" ended a real acted sentence: the phrasing must be the whole utterance)
    Command.HELP: CommandPolicy(agreement=False, max_extra_words=0),
    Command.START_WATCHING: CommandPolicy(agreement=False, max_extra_words=2),
    # "forget me" clears what was learned (with consent): dictation alone, a short utterance
    Command.FORGET_ME: CommandPolicy(agreement=False, max_extra_words=2),
}
"""The verifying policy of each command (see the module docstring and docs/voice.md)."""


LONG_PHRASE = 3
"""A phrasing this long that dictation heard word for word is believed on its own."""


@dataclass(frozen=True)
class Verdict:
    """One heard command and whether it is believed."""

    command: Command
    dictated: bool
    spotted: bool
    accepted: bool
    reason: str


class CommandVerifier:
    """
    Decide which heard commands are believed (see the module docstring).

    ``spotted_commands`` are the commands the keyword spotter listens for (a command it
    cannot hear needs no agreement); ``dictating`` and ``spotting`` say which recognisers
    run (with one alone, its word is taken under the extra-word limit).
    """

    def __init__(self, spotted_commands: Sequence[Command], dictating: bool = True,
                 spotting: bool = True,
                 policies: Mapping[Command, CommandPolicy] | None = None,
                 pronounce: Callable[[str], str | None] | None = None) -> None:
        self.spotted_commands = frozenset(spotted_commands)
        self.dictating = dictating
        self.spotting = spotting
        self.policies = dict(POLICIES if policies is None else policies)
        self._pronounce = pronounce

    def verify(self, dictation: str, hits: Sequence[WordHit]) -> tuple[Verdict, ...]:
        """Return a verdict for each command heard in ``dictation`` or spotted in ``hits``."""
        dictated = list(find_commands(dictation))
        words = tokens(dictation)
        alike: set[Command] = set()
        spotted: list[Command] = []
        length: dict[Command, int] = {}
        alone: set[Command] = set()
        for hit in _outer_hits(hits):
            for command in find_commands(hit.text):
                length[command] = max(length.get(command, 0), len(tokens(hit.text)))
                phrases = self.policies.get(command, CommandPolicy()).alone_phrases
                if not phrases or hit.text in phrases:
                    alone.add(command)
                if command not in spotted:
                    spotted.append(command)
                if command not in dictated and self._sounds_alike(hit.text, words, command):
                    dictated.append(command)
                    alike.add(command)
        verdicts = []
        for command in dict.fromkeys([*dictated, *spotted]):
            extra = (_extra_words(words, command) if command in dictated
                     else max(0, len(words) - length.get(command, 0)))
            if command not in dictated and command not in alone:
                extra = -1  # a spotted phrase that may not stand alone
            long_phrase = (command in dictated and command not in alike
                           and _longest_phrasing(words, command) >= LONG_PHRASE)
            verdict = self._judge(command, command in dictated, command in spotted, extra,
                                  long_phrase)
            if command in alike and verdict.accepted:
                verdict = Verdict(command, True, True, True,
                                  'keyword search, and dictation heard words that sound like it')
            verdicts.append(verdict)
        return _without_inner_stop(verdicts, words, [h.text for h in hits])

    def _sounds_alike(self, phrase: str, words: list[str], command: Command) -> bool:
        limit = self.policies.get(command, CommandPolicy()).max_phone_distance
        if self._pronounce is None or limit <= 0.0 or not words:
            return False
        target = _phones(phrase, self._pronounce)
        said = [_phones(w, self._pronounce) for w in words]
        if not target:
            return False
        best = min(_edit_distance(target, [p for w in said[i:j] for p in w])
                   for i in range(len(said)) for j in range(i + 1, len(said) + 1))
        return best <= limit * len(target)

    def accepted(self, dictation: str, hits: Sequence[WordHit]) -> tuple[Command, ...]:
        """Return the believed commands, in order of first mention."""
        return tuple(v.command for v in self.verify(dictation, hits) if v.accepted)

    def _judge(self, command: Command, dictated: bool, spotted: bool, extra: int,
               long_phrase: bool = False) -> Verdict:
        policy = self.policies.get(command, CommandPolicy())
        if dictated and spotted:
            return Verdict(command, True, True, True, 'both recognisers heard it')
        if dictated and long_phrase:
            return Verdict(command, True, False, True,
                           f'dictation heard a phrasing of {LONG_PHRASE} or more words')
        both_could = (self.dictating and self.spotting and command in self.spotted_commands)
        source = 'dictation' if dictated else 'keyword search'
        if policy.agreement and both_could:
            if 0 <= extra <= policy.alone_words:
                return Verdict(command, dictated, spotted, True,
                               f'{source} alone, said on its own ({extra} other words)')
            return Verdict(command, dictated, spotted, False,
                           f'only {source} heard it; this command needs both here')
        if spotted and not self.dictating:
            return Verdict(command, False, True, True, 'keyword search (no dictation runs)')
        if policy.max_extra_words >= 0 and extra > policy.max_extra_words:
            return Verdict(command, dictated, spotted, False,
                           f'{extra} other words were said; at most '
                           f'{policy.max_extra_words} for one source')
        return Verdict(command, dictated, spotted, True, f'{source}, in a short utterance')


def _extra_words(words: list[str], command: Command) -> int:
    """Dictated words besides the longest phrasing of ``command`` found among them."""
    return max(0, len(words) - _longest_phrasing(words, command))


def _longest_phrasing(words: list[str], command: Command) -> int:
    """Words in the longest phrasing of ``command`` found among ``words`` (0: none)."""
    best = 0
    for phrase in COMMAND_PHRASES[command]:
        needle = tokens(phrase)
        n = len(needle)
        if n > best and any(words[i:i + n] == needle for i in range(len(words) - n + 1)):
            best = n
    return best


def _without_inner_stop(verdicts: list[Verdict], words: list[str], spotted: list[str]
                        ) -> tuple[Verdict, ...]:
    """Drop a "stop" that only begins another believed command ("stop watching me")."""
    heard = [tokens(t) for t in spotted]
    for verdict in verdicts:
        if verdict.command is Command.STOP or not verdict.accepted:
            continue
        for phrase in map(tokens, COMMAND_PHRASES[verdict.command]):
            if phrase[0] == 'stop' and (_contains(words, phrase) or phrase in heard):
                why = 'part of "' + ' '.join(phrase) + '"'
                return tuple(Verdict(v.command, v.dictated, v.spotted, False, why)
                             if v.command is Command.STOP else v for v in verdicts)
    return tuple(verdicts)


def _outer_hits(hits: Sequence[WordHit]) -> list[WordHit]:
    """Drop hits inside a longer one ("stop" within "stop watching me")."""
    def inside(inner: WordHit, outer: WordHit) -> bool:
        overlap = min(inner.end, outer.end) - max(inner.start, outer.start)
        return (len(outer.text) > len(inner.text)
                and _contains(tokens(outer.text), tokens(inner.text))
                and overlap > 0.5 * max(inner.end - inner.start, 1e-3))
    return [h for h in hits if not any(inside(h, other) for other in hits)]


def _phones(text: str, pronounce: Callable[[str], str | None]) -> list[str]:
    out: list[str] = []
    for word in tokens(text):
        out.extend((pronounce(word) or '').split())
    return out


def _edit_distance(a: Sequence[str], b: Sequence[str]) -> int:
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


def merge_transcript(recognition: Recognition, hits: Sequence[WordHit]) -> str:
    """
    Merge spotted keywords into the dictation.

    A keyword the dictation already holds at that time (or anywhere, when the engine gives
    no word times) is left alone; otherwise it replaces the dictation words it overlaps
    (dictation on poor audio mishears exactly these words), or is appended.
    """
    words, text = list(recognition.words), recognition.text
    if not words:
        for hit in hits:
            if not _contains(tokens(text), tokens(hit.text)):
                text = f'{text} {hit.text}'.strip()
        return text
    for hit in hits:
        overlapping = [i for i, w in enumerate(words)
                       if min(w.end, hit.end) - max(w.start, hit.start)
                       > 0.4 * max(w.end - w.start, 1e-3)]
        said = tokens(' '.join(words[i].text for i in overlapping))
        if _contains(said, tokens(hit.text)):
            continue
        drop = set(overlapping)
        words = [w for i, w in enumerate(words) if i not in drop]
        words.append(WordHit(hit.text, hit.start, hit.end))
        words.sort(key=lambda w: w.start)
    return ' '.join(w.text for w in words)


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))
