# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Conditions of the social tree: they only read the situation on the blackboard."""

from __future__ import annotations

import py_trees
from py_trees.common import Access, Status

from . import keys
from ..core.decision.situation import Situation


def read_situation(client: py_trees.blackboard.Client) -> Situation | None:
    """Return the situation on the blackboard, or None before the first assessment."""
    if not client.exists(keys.SITUATION):
        return None
    situation: Situation = client.get(keys.SITUATION)
    return situation


class Has(py_trees.behaviour.Behaviour):
    """SUCCESS when the situation has a candidate for ``action`` (its reason as feedback)."""

    def __init__(self, action: str, name: str = '',
                 namespace: str = keys.NAMESPACE) -> None:
        super().__init__(name or f'{str(action).replace("_", " ").capitalize()}?')
        self.action = action
        self.bb = self.attach_blackboard_client(name=self.name, namespace=namespace)
        self.bb.register_key(key=keys.SITUATION, access=Access.READ)

    def update(self) -> Status:
        """Check for the candidate."""
        situation = read_situation(self.bb)
        candidate = situation.candidate(self.action) if situation is not None else None
        if candidate is None:
            self.feedback_message = 'no'
            return Status.FAILURE
        self.feedback_message = candidate.reason
        return Status.SUCCESS


class Disclosed(py_trees.behaviour.Behaviour):
    """
    SUCCESS when the person of ``action``'s candidate has heard the disclosure.

    Also SUCCESS when the disclosure is disabled, or when emotion inference is off (nothing
    to disclose: Art. 50(3) concerns emotion recognition).
    """

    def __init__(self, action: str, disclosure: str, name: str = '',
                 namespace: str = keys.NAMESPACE) -> None:
        super().__init__(name or 'Disclosed?')
        self.action = action
        self.enabled = bool(disclosure.strip())
        self.bb = self.attach_blackboard_client(name=self.name, namespace=namespace)
        self.bb.register_key(key=keys.SITUATION, access=Access.READ)

    def update(self) -> Status:
        """Check the candidate person."""
        situation = read_situation(self.bb)
        if situation is None:
            return Status.FAILURE
        if not self.enabled or not situation.inference_on:
            self.feedback_message = 'nothing to disclose'
            return Status.SUCCESS
        candidate = situation.candidate(self.action)
        person = situation.person(candidate.person_id) if candidate is not None else None
        if person is not None and person.disclosed:
            self.feedback_message = f'{person.person_id} was told'
            return Status.SUCCESS
        self.feedback_message = 'not yet told'
        return Status.FAILURE
