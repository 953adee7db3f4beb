# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The README stays true: generated tables, commands, launch files, the two set-up commands."""

import pathlib
import re
import subprocess
import sys

import pytest

pytestmark = pytest.mark.lint

REPO = pathlib.Path(__file__).resolve().parent.parent.parent
README = (REPO / 'README.md').read_text(encoding='utf-8')


def test_generated_tables_are_current():
    result = subprocess.run([sys.executable, str(REPO / 'tools' / 'write_readme_tables.py'),
                             '--check'], capture_output=True, text=True)
    assert result.returncode == 0, 'run: python tools/write_readme_tables.py'


def test_every_command_and_benchmark_is_documented():
    from resonance_robot.cli import command_modules
    from resonance_robot.commands.bench import bench_modules

    for module in command_modules():
        assert f'resonance-robot {module.NAME}' in README, module.NAME
    for module in bench_modules():
        assert f'bench {module.NAME}' in README, module.NAME


def test_every_launch_file_and_argument_is_documented():
    from resonance_robot.stack.launching import LAUNCH_ARGUMENTS

    for path in (REPO / 'resonance_robot' / 'launch').glob('*.launch.py'):
        assert path.name in README
    for name, _, _ in LAUNCH_ARGUMENTS:
        assert f'`{name}`' in README


def test_the_two_commands_are_make_targets_and_ci_runs_the_test_one():
    makefile = (REPO / 'Makefile').read_text()
    assert re.search(r'^demo: ', makefile, re.M) and re.search(r'^test: ', makefile, re.M)
    assert 'make demo' in README and 'make test' in README
    ci = (REPO / '.ci' / 'run').read_text()
    assert re.search(r'^make test$', ci, re.M)


def test_pictures_the_readme_shows_exist():
    for target in re.findall(r'!\[[^\]]*\]\(([^)]+)\)', README):
        assert (REPO / target).is_file(), target


def test_the_architecture_map_names_every_package_and_act():
    """docs/ARCHITECTURE.md is the map a newcomer uses: every folder and act is on it."""
    text = (REPO / 'docs' / 'ARCHITECTURE.md').read_text(encoding='utf-8')
    package = REPO / 'resonance_robot' / 'resonance_robot'
    for init in package.rglob('__init__.py'):
        folder = init.parent
        if folder == package:
            continue
        assert f'{folder.name}/' in text, folder.relative_to(package)
    for module in (package / 'core' / 'decision').glob('*.py'):
        if module.stem != '__init__':
            assert module.name in text, module.name
    assert 'ACTS' in text and 'tree/acts/' in text
