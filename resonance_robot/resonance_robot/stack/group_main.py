# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
One process of a multi-process layout: several nodes on one executor (``python -m``).

:class:`~.processes.ProcessStack` starts this with a JSON file of launch entries (name,
parameter files, parameter overrides, remappings, namespace) for the nodes that share the
process; it runs them like ``resonance-robot run`` does - SIGTERM and Ctrl-C stop cleanly
(status 0), a node that raises ends the process with status 1 after a zero velocity.
"""

from __future__ import annotations

from dataclasses import replace
import json
import pathlib
import sys
import time

from .bringup import LaunchEntry, node
from .runner import StackRunner
from ..shutdown import graceful_signals


def entry_to_json(entry: LaunchEntry) -> dict[str, object]:
    """Return what this module needs to recreate ``entry``."""
    return {'name': entry.name, 'params_files': list(entry.params_files),
            'parameters': [list(p) for p in entry.parameters],
            'remappings': [list(r) for r in entry.remappings], 'namespace': entry.namespace}


def entry_from_json(data: dict[str, object]) -> LaunchEntry:
    """Return the launch entry written by :func:`entry_to_json`."""
    def pairs(key: str) -> tuple[tuple[str, object], ...]:
        return tuple((str(a), b) for a, b in data[key])  # type: ignore[attr-defined]

    remappings = tuple((str(a), str(b)) for a, b in pairs('remappings'))
    return LaunchEntry(spec=replace(node(str(data['name'])), remappings=remappings),
                       params_files=tuple(data['params_files']),  # type: ignore[arg-type]
                       parameters=pairs('parameters'), remappings=remappings,
                       namespace=str(data['namespace']))


def main(argv: list[str] | None = None) -> int:
    """Run the nodes described in the JSON file ``argv[0]`` until SIGTERM or Ctrl-C."""
    args = sys.argv[1:] if argv is None else argv
    entries = [entry_from_json(e) for e in json.loads(pathlib.Path(args[0]).read_text())]
    level = args[1] if len(args) > 1 else None
    runner = StackRunner((), log_level=level)
    graceful_signals()
    runner.start()
    try:
        for entry in entries:
            runner.add(entry)
        while runner.context.ok():
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        runner.stop()
    return 1 if runner.failure is not None else 0


if __name__ == '__main__':
    sys.exit(main())
