# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The data-gathering branch: everything the decisions read, written once per tick.

In order: :class:`ReadInputs` copies the newest inputs from the :class:`Inbox`,
:class:`SpotCommands` turns spoken commands into events, :class:`PrivacyMode` applies spoken
privacy commands and publishes the mode, :class:`DeploymentGuard` publishes whether emotion
inference is lawful here, and :class:`Assess` turns it all into the :class:`Situation`.
"""

from __future__ import annotations

from collections.abc import Sequence
import threading
from typing import Any, TYPE_CHECKING

import py_trees
from py_trees.common import Access, Status

from . import keys
from ..core.decision.events import CommandSpotter
from ..core.decision.memory import InteractionMemory
from ..core.decision.params import SocialParams
from ..core.decision.situation import Candidate, SituationTracker, SocialInputs
from ..core.ethics import PrivacySwitch
from ..core.perception.voice.commands import Command

if TYPE_CHECKING:
    from .act import Act


class Inbox:
    """The newest inputs, handed from the node (any thread) to the next tick."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._inputs: SocialInputs | None = None

    def put(self, inputs: SocialInputs) -> None:
        """Replace the inputs the next tick will read."""
        with self._lock:
            self._inputs = inputs

    def get(self) -> SocialInputs | None:
        """Return the newest inputs (None before the first)."""
        with self._lock:
            return self._inputs


class _Gatherer(py_trees.behaviour.Behaviour):
    """A behaviour with a blackboard client in the tree's namespace."""

    def __init__(self, name: str, namespace: str) -> None:
        super().__init__(name)
        self.bb = self.attach_blackboard_client(name=name, namespace=namespace)


class ReadInputs(_Gatherer):
    """Copy the newest :class:`SocialInputs` from the inbox (``setup(inbox=...)``)."""

    def __init__(self, name: str = 'Read inputs', namespace: str = keys.NAMESPACE) -> None:
        super().__init__(name, namespace)
        self.bb.register_key(key=keys.INPUTS, access=Access.WRITE)
        self.inbox: Inbox | None = None

    def setup(self, **kwargs: Any) -> None:
        """Take the inbox the node or test fills."""
        inbox = kwargs.get('inbox')
        if not isinstance(inbox, Inbox):
            raise KeyError(f'{self.name}: setup() needs inbox=Inbox()')
        self.inbox = inbox

    def update(self) -> Status:
        """Write the inputs; FAILURE before the first ones arrive."""
        inputs = self.inbox.get() if self.inbox is not None else None
        if inputs is None:
            self.feedback_message = 'no inputs yet'
            return Status.FAILURE
        self.bb.set(keys.INPUTS, inputs)
        self.feedback_message = f't={inputs.now:.2f} persons={len(inputs.persons)}'
        return Status.SUCCESS


class SpotCommands(_Gatherer):
    """Turn commands and distress phrases on persons into events, once each."""

    def __init__(self, name: str = 'Spot commands', namespace: str = keys.NAMESPACE) -> None:
        super().__init__(name, namespace)
        self.bb.register_key(key=keys.INPUTS, access=Access.READ)
        self.bb.register_key(key=keys.EVENTS, access=Access.WRITE)
        self.spotter = CommandSpotter()

    def update(self) -> Status:
        """Write this tick's new events."""
        inputs: SocialInputs = self.bb.get(keys.INPUTS)
        events = self.spotter.update(inputs.persons, inputs.now)
        self.bb.set(keys.EVENTS, events)
        self.feedback_message = ', '.join(f'{e.person_id}:{e.command}' for e in events)
        return Status.SUCCESS


class PrivacyMode(_Gatherer):
    """
    Apply spoken privacy commands to the switch and publish the mode.

    The switch (``setup(privacy=PrivacySwitch)``) is shared with the node's SetPrivacy service.
    """

    def __init__(self, name: str = 'Privacy mode', namespace: str = keys.NAMESPACE) -> None:
        super().__init__(name, namespace)
        self.bb.register_key(key=keys.EVENTS, access=Access.READ)
        self.bb.register_key(key=keys.INPUTS, access=Access.READ)
        self.bb.register_key(key=keys.PRIVACY, access=Access.WRITE)
        self.switch = PrivacySwitch()

    def setup(self, **kwargs: Any) -> None:
        """Share the privacy switch passed as ``privacy=`` (else keep an own one)."""
        switch = kwargs.get('privacy')
        if isinstance(switch, PrivacySwitch):
            self.switch = switch

    def update(self) -> Status:
        """Write the privacy state after this tick's spoken commands."""
        now = self.bb.get(keys.INPUTS).now
        for event in self.bb.get(keys.EVENTS):
            if event.command == Command.STOP_WATCHING.value:
                self.switch.request(True, f"{event.person_id} said 'stop watching me'",
                                    'voice', now)
            elif event.command == Command.START_WATCHING.value:
                self.switch.request(False, f"{event.person_id} said 'you can watch me again'",
                                    'voice', now)
        state = self.switch.state
        self.bb.set(keys.PRIVACY, state)
        self.feedback_message = f'on ({state.reason})' if state.enabled else 'off'
        return Status.SUCCESS


class DeploymentGuard(_Gatherer):
    """Publish whether emotion inference is lawful here (EU AI Act Art. 5(1)(f))."""

    def __init__(self, params: SocialParams, name: str = 'Deployment guard',
                 namespace: str = keys.NAMESPACE) -> None:
        super().__init__(name, namespace)
        self.bb.register_key(key=keys.GUARD, access=Access.WRITE)
        self.decision = params.guard

    def update(self) -> Status:
        """Write the guard decision."""
        self.bb.set(keys.GUARD, self.decision)
        self.feedback_message = self.decision.explanation
        return Status.SUCCESS


class Assess(_Gatherer):
    """
    Assess inputs, events, privacy and guard into the :class:`Situation`, with candidates.

    Each act's trigger proposes its candidate, in the acts' order.

    The interaction memory is created here (or taken from ``setup(memory=...)``) and put on
    the blackboard for the actions.
    """

    def __init__(self, params: SocialParams, acts: Sequence[Act], name: str = 'Assess',
                 namespace: str = keys.NAMESPACE) -> None:
        super().__init__(name, namespace)
        for key in (keys.INPUTS, keys.EVENTS, keys.PRIVACY, keys.GUARD):
            self.bb.register_key(key=key, access=Access.READ)
        self.bb.register_key(key=keys.SITUATION, access=Access.WRITE)
        self.bb.register_key(key=keys.MEMORY, access=Access.WRITE)
        self.params = params
        self.tracker = SituationTracker(params)
        self.triggers = [(act.kind, act.trigger) for act in acts if act.trigger is not None]
        self.memory: InteractionMemory | None = None

    def setup(self, **kwargs: Any) -> None:
        """Create (or take) the interaction memory and publish it."""
        memory = kwargs.get('memory')
        self.memory = memory if isinstance(memory, InteractionMemory) else InteractionMemory(
            self.params)
        self.bb.set(keys.MEMORY, self.memory)

    def update(self) -> Status:
        """Write this tick's situation."""
        if self.memory is None:
            self.setup()
        assert self.memory is not None
        situation = self.tracker.update(
            self.bb.get(keys.INPUTS), self.bb.get(keys.EVENTS), self.bb.get(keys.PRIVACY),
            self.bb.get(keys.GUARD), self.memory)
        candidates: dict[str, Candidate] = {}
        for kind, trigger in self.triggers:
            candidate = trigger(situation, self.memory, self.params)
            if candidate is not None:
                candidates[kind] = candidate
        situation = situation.with_candidates(candidates)
        self.bb.set(keys.SITUATION, situation)
        self.feedback_message = (
            f'{len(situation.present)} present; ' + (', '.join(candidates) or 'no candidates'))
        return Status.SUCCESS
