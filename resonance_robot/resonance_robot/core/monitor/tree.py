# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The behaviour tree as the dashboard shows it: each node's status and the running branch.

``social_behavior`` publishes the tree as JSON on ``behavior_tree/json`` (see
:mod:`resonance_robot.tree.snapshot`): nested ``{name, kind, status, feedback, children}``
plus the decision state. Here that text is checked and annotated: a node is *active* when it
and every ancestor succeeded or are running (the path the last tick took), and the *branch*
is the active child of the first selector (the priority that won).
"""

from __future__ import annotations

from dataclasses import dataclass
import json
from typing import Any

from ..errors import InvalidInput

STATUSES = ('SUCCESS', 'FAILURE', 'RUNNING', 'INVALID')
MAX_NODES = 500
"""More nodes than any sensible tree: a bigger snapshot is refused as corrupt."""


@dataclass(frozen=True)
class TreeNode:
    """One behaviour of the tree with its last status."""

    name: str
    kind: str
    status: str
    feedback: str
    children: tuple[TreeNode, ...] = ()
    active: bool = False

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise InvalidInput(f'behaviour {self.name!r}: unknown status {self.status!r}')

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form (what the page renders)."""
        return {'name': self.name, 'kind': self.kind, 'status': self.status,
                'feedback': self.feedback, 'active': self.active,
                'children': [child.to_json() for child in self.children]}


@dataclass(frozen=True)
class TreeView:
    """The annotated tree, the running branch and the state published with it."""

    root: TreeNode
    branch: str
    state: tuple[tuple[str, Any], ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {'root': self.root.to_json(), 'branch': self.branch, 'state': dict(self.state)}


def _node(data: Any, parent_active: bool, budget: list[int]) -> TreeNode:
    if not isinstance(data, dict):
        raise InvalidInput('a tree node must be an object')
    budget[0] -= 1
    if budget[0] < 0:
        raise InvalidInput(f'more than {MAX_NODES} behaviours')
    status = str(data.get('status', 'INVALID'))
    active = parent_active and status in ('SUCCESS', 'RUNNING')
    children = data.get('children', [])
    if not isinstance(children, list):
        raise InvalidInput('children must be a list')
    return TreeNode(
        name=str(data.get('name', '?')), kind=str(data.get('kind', '')), status=status,
        feedback=str(data.get('feedback', '')),
        children=tuple(_node(child, active, budget) for child in children), active=active)


def running_branch(root: TreeNode) -> str:
    """Return the active child of the first selector, breadth first ('' when none)."""
    queue = [root]
    while queue:
        node = queue.pop(0)
        if node.kind == 'Selector':
            return next((child.name for child in node.children if child.active), '')
        queue.extend(node.children)
    return ''


def parse_tree(text: str) -> TreeView:
    """Parse a ``behavior_tree/json`` message; InvalidInput says what is wrong."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InvalidInput(f'behaviour tree: not JSON ({exc})') from exc
    if not isinstance(data, dict) or 'root' not in data:
        raise InvalidInput('behaviour tree: expected an object with a root')
    root = _node(data['root'], True, [MAX_NODES])
    state = data.get('state', {})
    if not isinstance(state, dict):
        raise InvalidInput('behaviour tree: state must be an object')
    return TreeView(root, running_branch(root), tuple(sorted(state.items())))
