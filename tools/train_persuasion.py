# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
r"""
Train the learned manipulation check (``core/ethics/learned.py``): a convolutional head.

Usage::

    python tools/train_persuasion.py                  # corpus and output in the package
    python tools/train_persuasion.py --dry-run --eval resonance_robot/test/data/ethics/*.tsv

The corpus (``data/ethics/persuasion_corpus*.tsv``: ``verdict<TAB>category<TAB>text``,
sentences written for it, never the test lists) is read as WordLlama token rows (frozen). Each
member of the ensemble is a convolution over three neighbouring tokens (``--channels``), ReLU,
maximum and mean over the sentence, and a linear softmax over "none" and the ten categories,
trained with AdamW, dropout and class weights ("none" weighs as much as all categories
together) for ``--epochs`` from its own seed. The refusal threshold on p(manipulative) =
1 - p(none) comes from stratified k-fold cross-validation on the corpus: the lowest at which
the out-of-fold false refusals of allowed sentences stay within ``--max-false-refusal``. The
final ensemble is trained on the whole corpus and written with its threshold, the refused
sentences (the explanations quote the nearest one) and a record of how it was made.
``--eval`` prints, for each list, what the rules alone, the head alone and the two together
(the shipped check) decide, and every sentence they get wrong.

Reproducible: the same corpus, seed, threads and torch version give the same bytes on the
same CPU type (torch runs with deterministic algorithms).
"""

import argparse
import hashlib
import json
import pathlib
import sys

import numpy as np
import torch
from tqdm import tqdm

REPO = pathlib.Path(__file__).resolve().parent.parent
PACKAGE_ROOT = REPO / 'resonance_robot'
sys.path.insert(0, str(PACKAGE_ROOT))

from resonance_robot.core.errors import InvalidInput  # noqa: E402, I100
from resonance_robot.core.ethics.learned import (  # noqa: E402
    HEAD_FILE, head_forward, INPUT_SCALE, NONE, read_sentence_list, SentenceEncoder)
from resonance_robot.core.ethics.verdict import Category  # noqa: E402
from resonance_robot.core.perception.face.expression_model import save_state  # noqa: E402

CORPUS_DIR = PACKAGE_ROOT / 'resonance_robot/data/ethics'
DEFAULT_OUT = PACKAGE_ROOT / 'resonance_robot/models' / HEAD_FILE
CLASSES = (NONE,) + tuple(c.value for c in Category)
DEFAULT_SEED = 20261130


def read_rows(path):
    """Return (refused, category, text) rows of a labelled list, or exit saying what is wrong."""
    try:
        return read_sentence_list(path)
    except (InvalidInput, OSError) as exc:
        sys.exit(str(exc))


class ConvHead(torch.nn.Module):
    """One member: conv over 3 tokens, ReLU, max and mean over the sentence, softmax layer."""

    def __init__(self, channels, dropout):
        super().__init__()
        self.conv = torch.nn.Conv1d(256, channels, 3, padding=1)
        self.out = torch.nn.Linear(2 * channels, len(CLASSES))
        self.dropout = torch.nn.Dropout(dropout)

    def forward(self, x, lengths):
        """Logits of a padded batch (B, L, 256) whose sentences have ``lengths`` tokens."""
        hidden = torch.relu(self.conv(self.dropout(x * INPUT_SCALE).transpose(1, 2)))
        mask = (torch.arange(x.shape[1])[None, :] < lengths[:, None])[:, None, :]
        most = hidden.masked_fill(~mask, float('-inf')).max(dim=2).values
        mean = (hidden * mask).sum(dim=2) / lengths[:, None]
        return self.out(self.dropout(torch.cat([most, mean], dim=1)))

    def state(self):
        """Return the member's arrays, named as ``head_forward`` reads them."""
        return {'conv_weight': self.conv.weight.detach().numpy(),
                'conv_bias': self.conv.bias.detach().numpy(),
                'out_weight': self.out.weight.detach().numpy(),
                'out_bias': self.out.bias.detach().numpy()}


def batch(rows, members):
    """Pad token rows of ``members`` into (B, L, 256), with their lengths."""
    lengths = torch.tensor([len(rows[i]) for i in members])
    x = torch.zeros(len(members), int(lengths.max()), 256)
    for j, i in enumerate(members):
        x[j, :len(rows[i])] = torch.from_numpy(rows[i])
    return x, lengths


def train_member(rows, labels, seed, args):
    """Train one member on ``rows`` (token-row arrays) and ``labels``."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    net = ConvHead(args.channels, args.dropout)
    optimiser = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=1e-2)
    y = torch.from_numpy(labels).long()
    counts = torch.bincount(y, minlength=len(CLASSES)).double().clamp(min=1)
    share = torch.where(torch.arange(len(CLASSES)) == 0, 0.5, 0.5 / (len(CLASSES) - 1))
    weight = ((share / counts)[y] * len(y)).float()
    for _ in range(args.epochs):
        net.train()
        order = rng.permutation(len(rows))
        for members in np.array_split(order, max(1, len(rows) // 32)):
            x, lengths = batch(rows, members)
            optimiser.zero_grad()
            loss = (torch.nn.functional.cross_entropy(net(x, lengths), y[members],
                                                      reduction='none') * weight[members]).mean()
            loss.backward()
            optimiser.step()
    net.eval()
    return net


def train_ensemble(rows, labels, seed, args, progress=None):
    """Train ``args.members`` members; return their arrays stacked (head_forward's input)."""
    states = []
    for m in range(args.members):
        states.append(train_member(rows, labels, seed + m, args).state())
        if progress is not None:
            progress.update(1)
    return {name: np.stack([s[name] for s in states]).astype(np.float32) for name in states[0]}


def predict(head, rows):
    """Class probabilities of each text (token rows) under the ensemble."""
    return np.stack([head_forward(head, r) for r in rows])


def folds(labels, k, seed):
    """Stratified fold number of every sample."""
    rng = np.random.default_rng(seed)
    fold = np.empty(len(labels), dtype=np.int64)
    for label in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == label))
        fold[members] = np.arange(len(members)) % k
    return fold


def out_of_fold(rows, labels, args):
    """Out-of-fold class probabilities of the corpus."""
    fold = folds(labels, args.folds, args.seed)
    probs = np.zeros((len(labels), len(CLASSES)))
    with tqdm(total=args.folds * args.members, desc='cross-validation', unit='net') as bar:
        for f in range(args.folds):
            train = np.flatnonzero(fold != f)
            head = train_ensemble([rows[i] for i in train], labels[train], args.seed, args, bar)
            test = np.flatnonzero(fold == f)
            probs[test] = predict(head, [rows[i] for i in test])
    return probs


def choose_threshold(manipulative, refuse, max_false_refusal):
    """Lowest threshold whose false refusals of allowed sentences stay within the bound."""
    allowed = np.sort(manipulative[~refuse])[::-1]
    budget = int(np.floor(max_false_refusal * len(allowed)))
    # refusing when p >= t: t just above the (budget+1)-th highest allowed score
    return float(np.nextafter(allowed[budget], 1.0)) if budget < len(allowed) else 0.5


def report(name, refuse, decided, categories=None, truth=None):
    """Print recall, precision and false refusals of one decision on one list."""
    tp = int((decided & refuse).sum())
    fp = int((decided & ~refuse).sum())
    recall = tp / max(1, int(refuse.sum()))
    precision = tp / max(1, tp + fp)
    line = (f'  {name:<14} recall {recall:.3f} ({tp}/{int(refuse.sum())})  precision '
            f'{precision:.3f}  false refusals {fp}/{int((~refuse).sum())}')
    if categories is not None:
        right = sum(1 for c, t, d, r in zip(categories, truth, decided, refuse) if d and r
                    and c == t)
        line += f'  category right {right}/{tp}'
    print(line)
    return {'recall': recall, 'precision': precision, 'false_refusals': fp,
            'allowed': int((~refuse).sum()), 'refused_right': tp}


def evaluate(path, encoder, head, threshold):
    """Print the rules, the head and both together on one labelled list."""
    from resonance_robot.core.ethics.persuasion import rules_verdict
    rows = read_rows(path)
    refuse = np.array([r for r, _, _ in rows])
    truth = [c for _, c, _ in rows]
    probs = predict(head, [encoder.token_rows(t) for _, _, t in rows])
    learned = 1.0 - probs[:, 0] >= threshold
    learned_category = [CLASSES[1 + int(np.argmax(p[1:]))] for p in probs]
    verdicts = [rules_verdict(t) for _, _, t in rows]
    rules = np.array([not v.allowed for v in verdicts])
    rule_category = [v.category for v in verdicts]
    both_category = [rc if r else hc
                     for r, rc, hc in zip(rules, rule_category, learned_category)]
    print(f'{path.name} ({len(rows)} sentences):')
    figures = {'rules': report('rules', refuse, rules, rule_category, truth),
               'head': report('learned head', refuse, learned, learned_category, truth),
               'both': report('rules + head', refuse, rules | learned, both_category, truth)}
    for decided, (bad, category, text), p in zip(rules | learned, rows, probs):
        if decided != bad:
            print(f'    {"missed" if bad else "refused"} [{category}] p {1 - p[0]:.2f}: {text}')
    return figures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--corpus', type=pathlib.Path, nargs='+',
                        default=sorted(CORPUS_DIR.glob('persuasion_corpus*.tsv')))
    parser.add_argument('--out', type=pathlib.Path, default=DEFAULT_OUT)
    parser.add_argument('--channels', type=int, default=128)
    parser.add_argument('--epochs', type=int, default=30)
    parser.add_argument('--dropout', type=float, default=0.3)
    parser.add_argument('--members', type=int, default=5, help='ensemble size (default 5)')
    parser.add_argument('--folds', type=int, default=5)
    parser.add_argument('--max-false-refusal', type=float, default=0.05,
                        help='out-of-fold share of allowed corpus sentences the head may '
                        'refuse (default 0.05)')
    parser.add_argument('--seed', type=int, default=DEFAULT_SEED)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--eval', type=pathlib.Path, nargs='*', default=[],
                        help='labelled lists to report on (never trained on)')
    parser.add_argument('--dry-run', action='store_true', help='report only, write nothing')
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)

    rows = [row for path in args.corpus for row in read_rows(path)]
    texts = [t for _, _, t in rows]
    if len(set(texts)) != len(texts):
        sys.exit(f'{", ".join(map(str, args.corpus))}: duplicate sentences')
    labels = np.array([CLASSES.index(c) for _, c, _ in rows])
    refuse = np.array([r for r, _, _ in rows])
    encoder = SentenceEncoder()
    tokens = [encoder.token_rows(t) for t in texts]
    print(f'corpus: {len(rows)} sentences ({int(refuse.sum())} manipulative) from '
          f'{len(args.corpus)} files')

    probs = out_of_fold(tokens, labels, args)
    manipulative = 1.0 - probs[:, 0]
    threshold = choose_threshold(manipulative, refuse, args.max_false_refusal)
    print(f'threshold on p(manipulative): {threshold:.3f} '
          f'(out-of-fold false refusals at most {args.max_false_refusal:.0%})')
    report('out of fold', refuse, manipulative >= threshold,
           [CLASSES[1 + int(np.argmax(p[1:]))] for p in probs], [c for _, c, _ in rows])
    for category in CLASSES[1:]:
        members = labels == CLASSES.index(category)
        print(f'    {category:<13} recall {np.mean(manipulative[members] >= threshold):.2f}')

    with tqdm(total=args.members, desc='final ensemble', unit='net') as bar:
        head = train_ensemble(tokens, labels, args.seed, args, bar)
    figures = {str(path.name): evaluate(path, encoder, head, threshold) for path in args.eval}
    if args.dry_run:
        return figures
    import wordllama
    record = {'corpus': {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                         for p in args.corpus},
              'encoder': f'wordllama {wordllama.__version__} l2_supercat 256',
              'channels': args.channels, 'epochs': args.epochs, 'dropout': args.dropout,
              'members': args.members, 'folds': args.folds, 'seed': args.seed,
              'max_false_refusal': args.max_false_refusal, 'torch': torch.__version__,
              'threads': args.threads}
    save_state(args.out, dict(head, **{
        'classes': np.array(CLASSES), 'threshold': np.array([threshold], dtype=np.float32),
        'exemplar_text': np.array([t for r, _, t in rows if r]),
        'exemplar_class': np.array([lab for r, lab in zip(refuse, labels) if r]),
        'record': np.array(json.dumps(record, sort_keys=True))}))
    print(f'wrote {args.out}')
    return figures


if __name__ == '__main__':
    main()
