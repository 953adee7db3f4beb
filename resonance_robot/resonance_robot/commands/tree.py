# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Show the social behaviour tree, or dry-run a scenario through fusion and the tree.

Examples::

    resonance-robot tree                          # the tree as text
    resonance-robot tree --dot tree.dot           # Graphviz source (render: dot -Tsvg)
    resonance-robot tree --dot tree.svg           # rendered, when Graphviz is installed
    resonance-robot tree --params-file my.yaml    # with your parameters
    resonance-robot tree --simulate demo          # the built-in script, decision by decision
    resonance-robot tree --simulate my_scenario.yaml

A dry run feeds a script (or a demo scenario's steps: what the person shows and says) to the
real fusion and tree in simulated time, without camera, microphone or ROS, and prints every
decision with its reason; for a scenario it also checks each step's expected actions.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
import pathlib
import shutil
import subprocess
from typing import Any

NAME = 'tree'
HELP = 'print or render the social behaviour tree; dry-run a scenario through it'


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``resonance-robot tree``."""
    parser.add_argument('--dot', metavar='FILE', default=None,
                        help='write the tree as Graphviz: FILE.dot is the source; .svg, .png '
                             'or .pdf are rendered with the Graphviz "dot" program')
    parser.add_argument('--params-file', metavar='YAML', default=None,
                        help='social_behavior parameters (a ROS parameter file)')
    parser.add_argument('--simulate', metavar='SCRIPT', default=None,
                        help="dry run: 'demo' (the built-in script) or a scenario YAML file")


def _load_params(path: str | None) -> dict[str, Any]:
    from ..core.errors import ConfigError

    if not path:
        return {}
    import yaml

    try:
        data = yaml.safe_load(pathlib.Path(path).read_text(encoding='utf-8')) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f'cannot read {path}: {exc}') from exc
    for section in data.values() if isinstance(data, dict) else ():
        if isinstance(section, dict) and 'ros__parameters' in section:
            return dict(section['ros__parameters'])
    raise ConfigError(f'{path}: no ros__parameters section')


def _write_dot(path: pathlib.Path, text: str) -> str:
    from ..core.errors import ConfigError

    fmt = path.suffix.lstrip('.').lower()
    if fmt in ('dot', 'gv', ''):
        path.write_text(text, encoding='utf-8')
        return f'wrote {path} (render with: dot -Tsvg {path} -o tree.svg)'
    program = shutil.which('dot')
    if program is None:
        source = path.with_suffix('.dot')
        source.write_text(text, encoding='utf-8')
        raise ConfigError(f'rendering {fmt} needs Graphviz ("dot" not found; apt install '
                          f'graphviz); wrote the source to {source}')
    subprocess.run([program, f'-T{fmt}', '-o', str(path)], input=text.encode(), check=True)
    return f'wrote {path}'


def _words_valence() -> Callable[[str], float] | None:
    """Return the voice pipeline's text valence (VADER), or None when it is not installed."""
    from ..core.errors import ModelUnavailable
    from ..core.perception.voice.text_affect import TextAffectAnalyser

    try:
        analyser = TextAffectAnalyser()
    except ModelUnavailable:
        return None
    return lambda text: analyser.analyse(text).valence


def _simulate(what: str, params: dict[str, Any]) -> int:
    from ..core.errors import ConfigError
    from ..core.sources.affect_script import SCRIPTS, script_from_scenario
    from ..tree.simulate import simulate

    scenario = None
    if what in SCRIPTS:
        script = SCRIPTS[what]
    elif pathlib.Path(what).is_file():
        from ..core.perception.voice.phrases import find_commands
        from ..core.sources.scenario import load_scenario

        scenario = load_scenario(what)
        script = script_from_scenario(scenario, find_commands=find_commands,
                                      words=_words_valence())
    else:
        raise ConfigError(f'no script or scenario file {what!r}; built-in: '
                          + ', '.join(sorted(SCRIPTS)))
    sim = simulate(script, params)
    print(f'{script.name}: {script.description}')
    for d in sim.decisions:
        print(f'{d.t:7.1f} s  {d.action:10s} {d.target or "-":4s} {d.reason}')
    print('sequence: ' + ' → '.join(sim.actions()))
    if scenario is None:
        return 0
    from ..core.records.timeline import summarise, Timeline

    timeline = Timeline()
    for decision in sim.decisions:
        timeline.decide(decision)
    missed = 0
    for row in summarise(scenario, timeline):
        ok = 'ok' if row.met else 'MISSED'
        missed += not row.met
        print(f'step {row.index} ({row.start:g}-{row.end:g} s, {row.shows}): expected '
              f'{", ".join(row.expected) or "-"}; did {", ".join(row.actions) or "-"}: {ok}')
    return 1 if missed else 0


def run(args: argparse.Namespace) -> int:
    """Print, render or dry-run the tree."""
    from ..core.decision.params import SocialParams
    from ..tree.build import ascii_tree, dot_text

    params = SocialParams.from_values(_load_params(args.params_file))
    if args.simulate:
        return _simulate(args.simulate, _load_params(args.params_file))
    if args.dot:
        print(_write_dot(pathlib.Path(args.dot), dot_text(params)))
        return 0
    print(ascii_tree(params))
    print(f'deployment: {params.guard.explanation}')
    return 0
