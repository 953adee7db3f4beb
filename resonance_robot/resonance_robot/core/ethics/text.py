# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Sentences as lemmas: the small piece of language analysis the persuasion check stands on.

Contractions are expanded ("I'd" -> "i would", "don't" -> "do not"), the text is cut into
clauses at sentence ends, semicolons, colons and dashes, and each word is lemmatised with
simplemma (Barbaresi 2024; MIT; its English dictionary ships in the wheel, nothing is
downloaded). A dictionary lemmatiser picks one lemma for ambiguous forms, so the few
irregular forms that matter here ("left", "gone", "went") are fixed first.

:class:`Clause` offers lemma-pattern matching: a pattern is words separated by spaces, where a
word may list alternatives (``leave|go``), ``*`` skips up to three words, ``#`` is any number
and a trailing ``?`` makes a word optional. Each pattern word matches either the lemma or the
word as written.
"""

from __future__ import annotations

from dataclasses import dataclass
import functools
import re

import simplemma

_IRREGULAR = {
    'left': 'leave', 'gone': 'go', 'went': 'go', 'bought': 'buy', 'felt': 'feel',
    'lost': 'lose', 'broke': 'break', 'broken': 'break', 'kept': 'keep', 'told': 'tell',
    'signed': 'sign', 'us': 'us', 'me': 'me', 'less': 'less', 'best': 'best', 'better': 'better',
    'others': 'other', 'people': 'people', 'doing': 'do', 'done': 'do', 'did': 'do',
    'spots': 'spot', 'news': 'news', 'using': 'use', 'sorry': 'sorry', 'lonely': 'lonely',
    'abandoned': 'abandon', 'disappointed': 'disappoint', 'upset': 'upset', 'hurt': 'hurt',
    'ends': 'end', 'finishes': 'finish', 'expires': 'expire', 'prices': 'price',
}

_CONTRACTIONS = (
    (re.compile(r"\bwon't\b"), 'will not'), (re.compile(r"\bcan't\b"), 'can not'),
    (re.compile(r"\bshan't\b"), 'shall not'), (re.compile(r"\blet's\b"), 'let us'),
    (re.compile(r"n't\b"), ' not'), (re.compile(r"'re\b"), ' are'), (re.compile(r"'m\b"), ' am'),
    (re.compile(r"'ve\b"), ' have'), (re.compile(r"'ll\b"), ' will'),
    (re.compile(r"'d\b"), ' would'),
    (re.compile(r"\b(it|that|there|here|what|who|he|she|this|everyone|everybody|nobody)'s\b"),
     r'\1 is'),
)

_CLAUSE_END = re.compile(r'[.!?;:\u2014\u2013]+|\s-\s')
_WORD = re.compile(r'[a-z]+|\d+(?:[.,]\d+)?|[%$\u20ac\u00a3]')
_NUMBER = re.compile(r'\d+(?:[.,]\d+)?$')

NUMBER_WORDS = frozenset({
    'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'twenty',
    'hundred', 'thousand', 'million', 'dozen'})


@functools.lru_cache(maxsize=8192)
def lemma(word: str) -> str:
    """Return the lemma of the lower-case ``word``."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if not word.isalpha():
        return word
    return str(simplemma.lemmatize(word, lang='en')).lower()


def normalise(text: str) -> str:
    """Lower-case ``text``, unify apostrophes and expand contractions."""
    lowered = text.lower().replace('\u2019', "'").replace('\u2018', "'")
    for pattern, replacement in _CONTRACTIONS:
        lowered = pattern.sub(replacement, lowered)
    return lowered


@dataclass(frozen=True)
class Clause:
    """One clause: its words as written (lower case, contractions expanded) and their lemmas."""

    words: tuple[str, ...]
    lemmas: tuple[str, ...]

    def __post_init__(self) -> None:
        if len(self.words) != len(self.lemmas):
            raise ValueError('a clause needs one lemma per word')

    @property
    def text(self) -> str:
        """Return the clause's words joined by spaces."""
        return ' '.join(self.words)

    def has(self, *names: str) -> bool:
        """Whether any word or lemma is one of ``names``."""
        wanted = set(names)
        return any(w in wanted or m in wanted for w, m in zip(self.words, self.lemmas))

    def index(self, names: frozenset[str] | set[str], start: int = 0) -> int:
        """Index of the first word (or lemma) in ``names`` from ``start``, or -1."""
        for i in range(start, len(self.words)):
            if self.words[i] in names or self.lemmas[i] in names:
                return i
        return -1

    def find(self, pattern: str) -> str | None:
        """Return the words matched by ``pattern`` (see the module docstring), or None."""
        parts = pattern.split()
        for start in range(len(self.words)):
            end = _match(self, parts, 0, start)
            if end is not None:
                return ' '.join(self.words[start:end])
        return None

    def starts(self, pattern: str, skip: frozenset[str] = frozenset()) -> str | None:
        """Like :meth:`find`, but only at the clause start (after words in ``skip``)."""
        start = 0
        while start < len(self.words) and self.words[start] in skip:
            start += 1
        end = _match(self, pattern.split(), 0, start)
        return None if end is None else ' '.join(self.words[start:end])


def _word_matches(clause: Clause, part: str, i: int) -> bool:
    if part == '#':
        return bool(_NUMBER.match(clause.words[i])) or clause.words[i] in NUMBER_WORDS
    options = part.split('|')
    return clause.words[i] in options or clause.lemmas[i] in options


def _match(clause: Clause, parts: list[str], p: int, i: int) -> int | None:
    if p == len(parts):
        return i
    part = parts[p]
    if part == '*':
        for skip in range(0, 4):
            if i + skip > len(clause.words):
                break
            end = _match(clause, parts, p + 1, i + skip)
            if end is not None:
                return end
        return None
    optional = part.endswith('?') and len(part) > 1
    core = part[:-1] if optional else part
    if i < len(clause.words) and _word_matches(clause, core, i):
        end = _match(clause, parts, p + 1, i + 1)
        if end is not None:
            return end
    return _match(clause, parts, p + 1, i) if optional else None


def clauses(text: str) -> tuple[Clause, ...]:
    """Return ``text`` cut into lemmatised clauses; empty ones are dropped."""
    found = []
    for piece in _CLAUSE_END.split(normalise(text)):
        words = tuple(_WORD.findall(piece))
        if words:
            found.append(Clause(words, tuple(lemma(w) for w in words)))
    return tuple(found)
