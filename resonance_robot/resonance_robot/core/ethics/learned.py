# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The learned half of the manipulation check: what a sentence means, not which words it has.

The rules of :mod:`.persuasion` recognise constructions and miss new phrasings ("You'd be
lost without me" is dependency without any word the rules know). Here the whole text is
read through WordLlama's token embeddings (the ``l2_supercat`` 256-dimensional table,
distilled from Llama-2 for sentence similarity; MIT; it ships inside the ``wordllama`` wheel,
so nothing is downloaded) by a small convolutional head trained in this project
(``tools/train_persuasion.py`` on the ``data/ethics/persuasion_corpus*.tsv`` sentences written
for it): a convolution over each three neighbouring tokens, so that "no rush" and "rush" can
differ, pooled over the sentence (maximum and mean) into a softmax over "none" and the ten
categories; an ensemble of a few such heads, trained from different seeds, is averaged. A
text is refused when the probability that it is manipulative passes the head's threshold,
which the training chose on held-out folds of the corpus to keep false refusals of plain
sentences rare. The explanation
names the category, the probability and the training sentence the text reads most like.

Limits: the head sees three tokens at a time and learned from about two thousand sentences;
the rules, which see clause structure, decide first, and the corpus pairs every category with
kind counterparts on the same topics so that these stay allowed. Its figures on sentences it
never saw are in ``docs/ETHICS.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
import functools
import importlib.util
import json
import pathlib
import struct
import threading
import zipfile

import numpy as np
import numpy.typing as npt

from .verdict import Category
from ..errors import InvalidInput, ModelUnavailable
from ..numeric import softmax
from ...paths import models_dir

__all__ = ['HEAD_FILE', 'head_forward', 'INPUT_SCALE', 'LearnedCheck', 'LearnedReading',
           'learned_check', 'NONE', 'read_sentence_list', 'SentenceEncoder']

HEAD_FILE = 'persuasion_head.npz'
NONE = 'none'
"""The head's class for a text that does nothing manipulative."""

FloatArray = npt.NDArray[np.float32]
_ARRAYS = ('conv_weight', 'conv_bias', 'out_weight', 'out_bias')


class SentenceEncoder:
    """
    WordLlama sentence embeddings (unit length) from the files in the wordllama wheel.

    The same computation as ``WordLlama.embed(norm=True)`` (mean of the token rows, then unit
    length; a test compares them), but the 32,000 × 256 half-precision table is not loaded:
    :class:`TokenTable` reads the rows the sentences use (1 KB each as float32; the
    corpus's 1,700 distinct tokens make 1.7 MB), where WordLlama holds 33 MB per process.
    """

    WEIGHTS = 'weights/l2_supercat_256.safetensors'
    TOKENIZER = 'tokenizers/l2_supercat_tokenizer_config.json'
    TENSOR = 'embedding.weight'

    def __init__(self, folder: pathlib.Path | None = None) -> None:
        if folder is None:
            # the files only: importing wordllama itself would load pydantic and requests
            spec = importlib.util.find_spec('wordllama')
            if spec is None or not spec.submodule_search_locations:
                raise ModelUnavailable('the manipulation check needs the wordllama package '
                                       '(requirements/runtime.txt)')
            folder = pathlib.Path(next(iter(spec.submodule_search_locations)))
        from tokenizers import Tokenizer
        try:
            self._tokenizer = Tokenizer.from_file(str(folder / self.TOKENIZER))
            self.table = TokenTable(folder / self.WEIGHTS, self.TENSOR)
        except Exception as exc:  # tokenizers raises a bare Exception for an unreadable file
            raise ModelUnavailable(f'cannot load the WordLlama files in {folder}: {exc}') from exc

    def token_rows(self, text: str) -> FloatArray:
        """Return the embedding rows of the text's tokens, lower-cased (at least one row)."""
        ids = self._tokenizer.encode(text.lower(), add_special_tokens=False).ids or [0]
        return self.table.rows(list(ids))

    def embed(self, texts: list[str]) -> FloatArray:
        """Return one unit-length row per text (a text without tokens gives zeros)."""
        rows = np.zeros((len(texts), self.table.shape[1]), np.float32)
        for i, text in enumerate(texts):  # one by one: encode_batch starts a thread pool
            ids = self._tokenizer.encode(text, add_special_tokens=False).ids
            if ids:
                mean = self.table.rows(ids).mean(axis=0)
                norm = float(np.linalg.norm(mean))
                rows[i] = mean / norm if norm > 0.0 else mean
        return rows


class TokenTable:
    """
    Rows of one float16 tensor of a safetensors file, read on demand and kept once read.

    The file is an 8-byte header size, a JSON header, then the raw tensors. A row is read
    with one seek and read; neither a copy of the table nor a memory map (whose fault-around
    would make each touched row bring its 64 KB neighbourhood into the process) is held.
    """

    def __init__(self, path: pathlib.Path, name: str) -> None:
        with path.open('rb') as handle:
            (size,) = struct.unpack('<Q', handle.read(8))
            header = json.loads(handle.read(size))
        entry = header[name]
        if entry['dtype'] != 'F16' or len(entry['shape']) != 2:
            raise ValueError(f'{path}: {name} is {entry["dtype"]} {entry["shape"]}, '
                             'expected a float16 matrix')
        begin, end = entry['data_offsets']
        self.shape = (int(entry['shape'][0]), int(entry['shape'][1]))
        if end - begin != 2 * self.shape[0] * self.shape[1]:
            raise ValueError(f'{path}: {name} has {end - begin} bytes for shape {self.shape}')
        self._path = path
        self._start = 8 + size + begin
        self._rows: dict[int, FloatArray] = {}
        self._lock = threading.Lock()

    def rows(self, ids: list[int]) -> FloatArray:
        """Return the float32 rows of token ``ids`` (ids outside the table are clipped)."""
        width = self.shape[1]
        clipped = [min(max(i, 0), self.shape[0] - 1) for i in ids]
        with self._lock:
            missing = set(clipped) - set(self._rows)
            if missing:
                with self._path.open('rb') as handle:
                    for i in missing:
                        handle.seek(self._start + 2 * width * i)
                        self._rows[i] = np.frombuffer(
                            handle.read(2 * width), '<f2').astype(np.float32)
            rows = [self._rows[i] for i in clipped]
        return np.stack(rows) if rows else np.empty((0, width), np.float32)


@dataclass(frozen=True)
class LearnedReading:
    """The head's reading of one text."""

    category: Category | None
    """The most likely manipulative category when the text is refused, else None."""
    manipulative: float
    """Probability that the text does something manipulative (1 - p(none))."""
    nearest: str
    """The training sentence of that category the text is closest to ('' when allowed)."""

    @property
    def evidence(self) -> str:
        """Explain a refusal in words a person can check."""
        return f'reads like "{self.nearest}" (learned check, p {self.manipulative:.2f})'


INPUT_SCALE = 8.0
"""Token rows are scaled by this before the convolution (the table's values are small)."""


def head_forward(head: dict[str, npt.NDArray[np.float32]], rows: FloatArray) -> FloatArray:
    """
    Class probabilities of one text from its token rows, averaged over the ensemble.

    ``head`` holds ``conv_weight`` (M, C, 256, 3), ``conv_bias`` (M, C), ``out_weight``
    (M, K, 2C) and ``out_bias`` (M, K) for M members; the same computation as the torch
    module in ``tools/train_persuasion.py`` (a test compares them).
    """
    x = rows * INPUT_SCALE
    padded = np.vstack([np.zeros((1, x.shape[1]), np.float32), x,
                        np.zeros((1, x.shape[1]), np.float32)])
    windows = np.hstack([padded[:-2], padded[1:-1], padded[2:]])  # (L, 3 * 256), k-major
    probs = []
    for member in range(head['conv_weight'].shape[0]):
        weight = head['conv_weight'][member]  # (C, 256, 3)
        kernel = weight.transpose(0, 2, 1).reshape(weight.shape[0], -1)
        hidden = np.maximum(windows @ kernel.T + head['conv_bias'][member], 0.0)
        pooled = np.concatenate([hidden.max(axis=0), hidden.mean(axis=0)])
        logits = head['out_weight'][member] @ pooled + head['out_bias'][member]
        probs.append(softmax(logits[None, :])[0])
    return np.asarray(np.mean(probs, axis=0), dtype=np.float32)


class LearnedCheck:
    """The trained head, with the corpus sentences it explains its refusals with."""

    def __init__(self, head: pathlib.Path | None = None,
                 encoder: SentenceEncoder | None = None) -> None:
        path = head or models_dir() / HEAD_FILE
        state = _load_head(path)
        self.classes = tuple(str(c) for c in state['classes'])
        unknown = set(self.classes) - {NONE} - {c.value for c in Category}
        if unknown or NONE not in self.classes:
            raise ModelUnavailable(f'{path}: unknown classes {sorted(unknown)} or no "none"')
        self.head = {name: state[name].astype(np.float32) for name in _ARRAYS}
        self.threshold = float(state['threshold'].reshape(-1)[0])  # saved as shape (1,)
        self.encoder = encoder or SentenceEncoder()
        self._exemplars = tuple(str(t) for t in state['exemplar_text'])
        self._exemplar_class = state['exemplar_class'].astype(np.int64)
        self._exemplar_rows: FloatArray | None = None  # embedded at the first refusal
        self._none = self.classes.index(NONE)

    def probabilities(self, text: str) -> FloatArray:
        """Return the class probabilities of one text, in :attr:`classes` order."""
        return head_forward(self.head, self.encoder.token_rows(text))

    def read(self, text: str) -> LearnedReading:
        """Read one text: refused (with a category and the nearest example) or allowed."""
        probs = self.probabilities(text)
        manipulative = float(1.0 - probs[self._none])
        if manipulative < self.threshold:
            return LearnedReading(None, manipulative, '')
        best = max((i for i in range(len(probs)) if i != self._none), key=lambda i: probs[i])
        if self._exemplar_rows is None:
            self._exemplar_rows = self.encoder.embed(list(self._exemplars))
        same = np.flatnonzero(self._exemplar_class == best)
        row = self.encoder.embed([text])[0]
        nearest = (self._exemplars[int(same[np.argmax(self._exemplar_rows[same] @ row)])]
                   if same.size else '')
        return LearnedReading(Category(self.classes[best]), manipulative, nearest)


def read_sentence_list(path: pathlib.Path) -> list[tuple[bool, str, str]]:
    """
    Read a labelled sentence list: the training corpus and the test lists share the format.

    One sentence a line, ``refuse<TAB>category<TAB>text`` or ``allow<TAB>-<TAB>text``; lines
    starting with ``#`` are comments. Returns ``(refused, category, text)``, the category
    :data:`NONE` for an allowed sentence; a malformed line raises InvalidInput naming it.
    """
    categories = {c.value for c in Category}
    rows = []
    for number, line in enumerate(path.read_text(encoding='utf-8').splitlines(), 1):
        if not line.strip() or line.startswith('#'):
            continue
        fields = line.split('\t')
        if len(fields) != 3 or fields[0] not in ('refuse', 'allow') or (
                fields[0] == 'refuse' and fields[1] not in categories):
            raise InvalidInput(f'{path}:{number}: expected refuse<TAB>category<TAB>text or '
                               f'allow<TAB>-<TAB>text, got {line!r}')
        refused = fields[0] == 'refuse'
        rows.append((refused, fields[1] if refused else NONE, fields[2]))
    return rows


def _load_head(path: pathlib.Path) -> dict[str, npt.NDArray[np.generic]]:
    if not path.is_file():
        raise ModelUnavailable(
            f'manipulation check head missing: {path} (tools/train_persuasion.py rebuilds it)')
    try:
        with np.load(path, allow_pickle=False) as archive:
            state = {name: archive[name] for name in archive.files}
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        raise ModelUnavailable(f'cannot read the manipulation check head {path}: {exc}') from exc
    missing = {'classes', 'threshold', 'exemplar_text', 'exemplar_class', *_ARRAYS} - set(state)
    if missing:
        raise ModelUnavailable(f'{path} lacks {sorted(missing)}')
    return state


@functools.cache
def learned_check() -> LearnedCheck:
    """Return the shipped head, loaded once per process."""
    return LearnedCheck()
