# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The learned half of the manipulation check: encoder, head, explanations (no ROS)."""

import importlib.util
import pathlib
import socket

import numpy as np
import pytest
from resonance_robot.core.errors import ModelUnavailable
from resonance_robot.core.ethics import (
    check_text, DEFAULT_DISCLOSURE, disclosure_problem, learned)
from resonance_robot.core.ethics.persuasion import rules_verdict
from resonance_robot.core.ethics.verdict import Category

REPO = pathlib.Path(__file__).resolve().parents[2]
CORPUS = REPO / 'resonance_robot' / 'resonance_robot' / 'data' / 'ethics'
TESTS = pathlib.Path(__file__).resolve().parent / 'data' / 'ethics'


def _texts(folder, pattern):
    return {text.strip().lower() for path in folder.glob(pattern)
            for _, _, text in learned.read_sentence_list(path)}


def test_the_encoder_is_wordllamas_embedding_and_needs_no_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError('the manipulation check opened a network connection')

    monkeypatch.setattr(socket.socket, 'connect', no_network)
    encoder = learned.SentenceEncoder()
    texts = ["I'd be so sad if you left.", 'Visit our shop for 20 % off', 'Would you like tea?']
    ours = encoder.embed(texts)
    from wordllama import WordLlama
    import wordllama
    library = WordLlama.load(cache_dir=pathlib.Path(wordllama.__file__).parent,
                             disable_download=True).embed(texts, norm=True)
    np.testing.assert_allclose(ours, library, atol=1e-5)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    # the table stays in the wheel's file: a process holds only the rows it has read
    assert encoder.table.shape == (32000, 256) and 0 < len(encoder.table._rows) < 100
    assert encoder.embed(['']).tolist() == [[0.0] * 256]


def test_the_head_in_numpy_is_the_torch_module_the_tool_trains():
    spec = importlib.util.spec_from_file_location('train_persuasion',
                                                  REPO / 'tools' / 'train_persuasion.py')
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    import torch

    encoder = learned.SentenceEncoder()
    rows = [encoder.token_rows(t) for t in ('Hurry, only two left!', 'I am here.', 'a')]
    members = []
    for seed in (1, 2):
        torch.manual_seed(seed)
        members.append(tool.ConvHead(channels=8, dropout=0.3).eval())
    x, lengths = tool.batch(rows, np.arange(len(rows)))
    with torch.no_grad():
        expected = np.mean([torch.softmax(m(x, lengths), dim=1).numpy() for m in members], 0)
    head = {name: np.stack([m.state()[name] for m in members]) for name in members[0].state()}
    np.testing.assert_allclose(tool.predict(head, rows), expected, atol=1e-5)


def test_the_shipped_head_knows_every_category_and_quotes_its_own_corpus():
    check = learned.learned_check()
    assert set(check.classes) == {learned.NONE} | {c.value for c in Category}
    assert 0.5 < check.threshold < 1.0
    corpus = _texts(CORPUS, 'persuasion_corpus*.tsv')
    assert {t.lower() for t in check._exemplars} <= corpus
    # the corpus was written for the head; no sentence of the test lists, and none of the
    # robot's own texts (which a test checks apart), is in it
    from resonance_robot.commands.ethics import robot_texts

    assert not _texts(TESTS, '*.tsv') & corpus
    assert not {text.lower() for _, text in robot_texts()} & corpus


def test_the_learned_check_refuses_what_the_rules_miss_and_says_what_it_reads_like():
    # phrasings no rule covers (held-out 4's misses before the learned check existed)
    refused = 0
    for text in ("You'd be lost without me, you know that.",
                 "Don't let your carer see what we're doing.",
                 'Only a handful of these badges exist.'):
        assert rules_verdict(text).allowed, text
        verdict = check_text(text)
        if verdict.allowed:
            continue
        refused += 1
        (finding,) = verdict.findings
        assert finding.learned and 'reads like "' in verdict.reason, verdict.reason
        quoted = verdict.reason.split('reads like "')[1].split('" (learned')[0]
        assert quoted.lower() in _texts(CORPUS, 'persuasion_corpus*.tsv')
        assert verdict.as_dict()['category'] == finding.category.value
    assert refused >= 2


def test_plain_support_stays_allowed_and_the_rules_still_explain_first():
    for text in ("I'm here with you.", 'Would you like me to call someone?',
                 "Congratulations, that's wonderful news!", 'Take your time.',
                 'See you tomorrow!', '', 'Your appointment is at three.'):
        assert check_text(text).allowed, (text, check_text(text).reason)
    verdict = check_text('Hurry! Only 2 left, buy one now.')
    assert not any(f.learned for f in verdict.findings)  # the rules' words, not a lookalike


def test_a_missing_or_broken_head_is_a_clear_error(tmp_path):
    with pytest.raises(ModelUnavailable, match='train_persuasion.py'):
        learned.LearnedCheck(tmp_path / 'absent.npz')
    broken = tmp_path / 'broken.npz'
    broken.write_bytes(b'not a zip')
    with pytest.raises(ModelUnavailable, match='cannot read'):
        learned.LearnedCheck(broken)
    with pytest.raises(ModelUnavailable, match='WordLlama'):
        learned.SentenceEncoder(tmp_path)


def test_a_configured_disclosure_gets_the_whole_check_and_the_default_its_audit():
    assert disclosure_problem(DEFAULT_DISCLOSURE) is None
    assert check_text(DEFAULT_DISCLOSURE).allowed  # what the audit checks, in full
    plain = "I'm a robot. I read faces to respond to how you feel."
    assert disclosure_problem(plain) is None
    sly = "I'm a robot, and you'd be lost without me, you know that."
    assert rules_verdict(sly).allowed
    assert disclosure_problem(sly).startswith('dependency: reads like')
