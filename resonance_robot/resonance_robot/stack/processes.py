# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Run a bring-up selection as several processes, grouped by a layout.

One process per node is what ``ros2 launch`` does; :data:`~.bringup.LAYOUTS` names others.

The in-process :class:`~.runner.StackRunner` puts every node in one interpreter: the face
worker, speech recognition, fusion, the tree and face rendering then share one interpreter
lock, and on a 2-core machine the waiting between them is most of the stimulus-to-face
latency (``resonance-robot bench graph --layout``). Here a node alone in its process is
started from its console script with exactly the launch file's arguments (:meth:`LaunchEntry
.ros_arguments`); nodes sharing a process run in :mod:`.group_main` with the same entries.
A process that holds none of the face path runs at a lower CPU priority
(:func:`~.bringup.process_nice`). Every process is stopped with SIGTERM (the nodes' graceful
stop: final zero velocity, exit 0) and killed only if it does not stop in time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from typing import Any, IO

from .bringup import LaunchEntry, NodeSpec, PACKAGE, plan, process_groups, process_nice
from .group_main import entry_to_json
from ..core.errors import ConfigError
from ..paths import config_dir

LOG_LEVELS = ('debug', 'info', 'warn', 'error', 'fatal')


def executable_path(name: str) -> str:
    """Return the path of a node's console script, where ``ros2 run`` finds it."""
    folders = [pathlib.Path(sys.prefix) / 'lib' / PACKAGE]
    try:
        from ament_index_python.packages import get_package_prefix, PackageNotFoundError
        try:
            folders.insert(0, pathlib.Path(get_package_prefix(PACKAGE)) / 'lib' / PACKAGE)
        except (PackageNotFoundError, OSError):  # not installed, or no AMENT_PREFIX_PATH
            pass
    except ImportError:
        pass
    for folder in folders:
        if (folder / name).is_file():
            return str(folder / name)
    found = shutil.which(name)
    if found is None:
        raise ConfigError(f'node script {name!r} not found in {folders[0]} or on PATH: build '
                          'the package (make build, or colcon build) so its node scripts exist')
    return found


class ProcessStack:
    """
    Starts the processes of a layout and stops them all; a context manager like the runner.

    Each process's output goes to a log file in ``log_dir`` (a temporary folder by default),
    ``<nodes>.log``; :meth:`exited` names processes that ended on their own.
    """

    def __init__(
        self,
        specs: Iterable[NodeSpec],
        *,
        layout: str = 'launch',
        namespace: str = '',
        params_files: Sequence[str | pathlib.Path] = (),
        overrides: Mapping[str, Mapping[str, Any]] | None = None,
        log_level: str | None = None,
        log_dir: str | pathlib.Path | None = None,
        use_sim_time: bool = False,
    ) -> None:
        if log_level is not None and log_level.lower() not in LOG_LEVELS:
            raise ConfigError(f'log level must be one of {", ".join(LOG_LEVELS)}')
        specs = tuple(specs)
        entries = {e.name: e for e in plan(
            specs, str(config_dir()), params_files=[str(p) for p in params_files],
            overrides={k: dict(v) for k, v in (overrides or {}).items()},
            use_sim_time=use_sim_time, namespace=namespace)}
        self.groups: tuple[tuple[LaunchEntry, ...], ...] = tuple(
            tuple(entries[s.name] for s in group) for group in process_groups(layout, specs))
        self.log_level = log_level
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self.log_dir = pathlib.Path(log_dir) if log_dir is not None else None
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self._logs: list[IO[bytes]] = []

    def command(self, group: Sequence[LaunchEntry]) -> list[str]:
        """Return the command line that starts the process of ``group``."""
        if len(group) > 1:
            assert self.log_dir is not None
            path = self.log_dir / f'{_name(group)}.json'
            path.write_text(json.dumps([entry_to_json(e) for e in group]), encoding='utf-8')
            return [sys.executable, '-m', f'{PACKAGE}.stack.group_main', str(path)] + (
                [self.log_level.lower()] if self.log_level else [])
        entry = group[0]
        args = [executable_path(entry.executable)] + entry.ros_arguments()
        if entry.namespace:
            args += ['-r', f'__ns:={entry.namespace}']
        if self.log_level:
            args += ['--log-level', self.log_level.lower()]
        return args

    def start(self) -> ProcessStack:
        """Start every process (in bring-up order)."""
        if self.log_dir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix='resonance_processes_')
            self.log_dir = pathlib.Path(self._tmp.name)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        try:
            for group in self.groups:
                name = _name(group)
                log = open(self.log_dir / f'{name}.log', 'wb')  # noqa: SIM115
                self._logs.append(log)
                nice = process_nice(entry.spec for entry in group)
                lowered = ['nice', '-n', str(nice)] if nice and shutil.which('nice') else []
                self.processes[name] = subprocess.Popen(
                    lowered + self.command(group), stdout=log, stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL)
        except BaseException:
            self.stop()
            raise
        return self

    def exited(self) -> dict[str, int]:
        """Return the nodes whose process has ended, with their exit status."""
        return {name: code for name, proc in self.processes.items()
                if (code := proc.poll()) is not None}

    def log(self, name: str) -> str:
        """Return what process ``name`` (its nodes' names joined by '+') has written."""
        assert self.log_dir is not None
        return (self.log_dir / f'{name}.log').read_text(encoding='utf-8', errors='replace')

    def pids(self) -> dict[str, int]:
        """Return each process's id, by its nodes' names joined by '+'."""
        return {name: proc.pid for name, proc in self.processes.items()}

    def stop(self, timeout: float = 10.0) -> dict[str, int]:
        """SIGTERM every node, wait up to ``timeout`` s, then kill; return exit statuses."""
        for proc in self.processes.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        codes: dict[str, int] = {}
        for name, proc in self.processes.items():
            try:
                codes[name] = proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                codes[name] = proc.wait()
        for log in self._logs:
            log.close()
        self._logs.clear()
        return codes

    def close(self) -> None:
        """Stop the nodes and remove a temporary log folder."""
        self.stop()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> ProcessStack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def _name(group: Sequence[LaunchEntry]) -> str:
    return '+'.join(entry.name for entry in group)


def process_usage(pid: int) -> tuple[float, float]:
    """Return a process's resident memory (MiB) and CPU seconds so far; zeros when gone."""
    try:
        with open(f'/proc/{pid}/status', encoding='ascii') as status:
            rss = next((int(line.split()[1]) / 1024.0 for line in status
                        if line.startswith('VmRSS:')), 0.0)
        with open(f'/proc/{pid}/stat', encoding='ascii') as stat:
            fields = stat.read().rsplit(')', 1)[1].split()
        ticks = os.sysconf('SC_CLK_TCK')
        return rss, (int(fields[11]) + int(fields[12])) / ticks
    except (OSError, StopIteration, ValueError, IndexError):
        return 0.0, 0.0
