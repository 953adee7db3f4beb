# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Turn-taking: speech waits while the person talks, never forever, never for safety."""

import pytest
from resonance_robot.core.decision.actions import Priority, Speech
from resonance_robot.core.decision.turn_taking import TurnTaking

HELLO = Speech('Hello there.')
SAFETY = Speech('I am stopping.', priority=Priority.HIGH)


def test_speech_passes_when_nobody_talks():
    turns = TurnTaking()
    assert turns.offer(HELLO, 0.0) == [HELLO]
    assert turns.holding == 0


def test_speech_waits_for_the_person_to_finish_and_a_short_gap():
    turns = TurnTaking(gap=0.3, max_hold=6.0)
    turns.person_speaking(True, 1.0)
    assert turns.offer(HELLO, 1.5) == []
    assert turns.poll(2.0) == []
    turns.person_speaking(False, 2.2)
    assert turns.poll(2.3) == []  # the gap people leave between turns
    assert turns.poll(2.55) == [HELLO]
    assert turns.holding == 0 and turns.held_total == 1


def test_a_person_who_talks_on_does_not_silence_the_robot_forever():
    turns = TurnTaking(gap=0.3, max_hold=4.0)
    turns.person_speaking(True, 0.0)
    turns.offer(HELLO, 1.0)
    assert turns.poll(4.9) == []
    assert turns.poll(5.0) == [HELLO]


def test_high_priority_speech_is_never_held():
    turns = TurnTaking()
    turns.person_speaking(True, 0.0)
    assert turns.offer(SAFETY, 0.5) == [SAFETY]


def test_order_is_kept_and_the_oldest_is_dropped_when_too_many_wait():
    turns = TurnTaking(max_queue=2)
    turns.person_speaking(True, 0.0)
    first, second, third = Speech('one'), Speech('two'), Speech('three')
    for speech in (first, second, third):
        turns.offer(speech, 0.1)
    turns.person_speaking(False, 1.0)
    assert turns.poll(2.0) == [second, third]
    assert turns.dropped_total == 1


def test_new_speech_queues_behind_held_speech():
    turns = TurnTaking(gap=0.0)
    turns.person_speaking(True, 0.0)
    turns.offer(Speech('one'), 0.1)
    turns.person_speaking(False, 0.2)
    assert [s.text for s in turns.offer(Speech('two'), 0.3)] == ['one', 'two']


def test_bad_settings_are_rejected():
    with pytest.raises(ValueError):
        TurnTaking(gap=2.0, max_hold=1.0)


def test_words_already_waiting_are_not_queued_twice():
    turns = TurnTaking(gap=0.0)
    turns.person_speaking(True, 0.0)
    greeting = Speech("Hello. Just so you know, I'm a robot.")
    turns.offer(greeting, 0.1)
    turns.offer(Speech("Just so you know, I'm a robot."), 0.2)  # the disclosure again
    turns.person_speaking(False, 1.0)
    assert turns.poll(1.0) == [greeting]
    assert turns.dropped_total == 1
