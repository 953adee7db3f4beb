# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Code conventions: linters, types, licence headers, and agreement between declarations.

ament flake8 and pep257, mypy --strict on core, and agreement between package.xml,
setup.py, requirements, parameter files and console scripts.
"""

import ast
import importlib
import pathlib
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

import pytest
import yaml

pytestmark = pytest.mark.lint

PACKAGE_DIR = pathlib.Path(__file__).resolve().parent.parent
REPO_DIR = PACKAGE_DIR.parent
PYTHON_FILES = sorted(
    p for p in [*PACKAGE_DIR.rglob('*.py'), *(REPO_DIR / 'tools').rglob('*.py')]
    if 'build' not in p.relative_to(REPO_DIR).parts[:1])

# Every third-party module the package imports: (package.xml key, pip distribution or None
# when it is a ROS package from the ros-* wheels or built here).
IMPORTS = {
    'ament_index_python': ('ament_index_python', None),
    'builtin_interfaces': ('builtin_interfaces', None),
    'diagnostic_msgs': ('diagnostic_msgs', None),
    'geometry_msgs': ('geometry_msgs', None),
    'hri_msgs': ('hri_msgs', None),
    'launch': ('launch', None),
    'launch_ros': ('launch_ros', None),
    'rcl_interfaces': ('rcl_interfaces', None),
    'rclpy': ('rclpy', None),
    'rosgraph_msgs': ('rosgraph_msgs', None),
    'resonance_robot_msgs': ('resonance_robot_msgs', None),
    'sensor_msgs': ('sensor_msgs', None),
    'std_msgs': ('std_msgs', None),
    'cv2': ('python3-opencv', 'opencv-python-headless'),
    'numpy': ('python3-numpy', 'numpy'),
    'scipy': ('python3-scipy', 'scipy'),
    'skimage': ('python3-skimage', 'scikit-image'),
    'sounddevice': ('python3-sounddevice', 'sounddevice'),
    'yaml': ('python3-yaml', 'PyYAML'),
    'torch': ('python3-torch', 'torch'),
    'ai_edge_litert': ('python3-ai-edge-litert-pip', 'ai-edge-litert'),
    'py_trees': ('py_trees', 'py-trees'),
    'webrtcvad': ('python3-webrtcvad-wheels-pip', 'webrtcvad-wheels'),
    'pocketsphinx': ('python3-pocketsphinx', 'pocketsphinx'),
    'speech_recognition': ('python3-speechrecognition-pip', 'SpeechRecognition'),
    'vaderSentiment': ('python3-vadersentiment-pip', 'vaderSentiment'),
    'matplotlib': ('python3-matplotlib', 'matplotlib'),
    'imageio': ('python3-imageio', 'imageio'),
    'rosbags': ('python3-rosbags-pip', 'rosbags'),
    'tqdm': ('python3-tqdm', 'tqdm'),
    'simplemma': ('python3-simplemma-pip', 'simplemma'),
    'wordllama': ('python3-wordllama-pip', 'wordllama'),
    'tokenizers': ('python3-tokenizers-pip', 'tokenizers'),
    'tornado': ('python3-tornado', 'tornado'),
}
NOT_ON_PYPI = {'launch', 'launch_ros'}  # come with a ROS install only
NOT_ON_PYPI |= {'hri_msgs'}  # ROS4HRI: a ROS install's package, or `make hri-msgs` for the venv
SYSTEM = {'espeak-ng', 'libportaudio2'}  # Debian packages: requirements/apt.txt


def _normalise(name):
    return re.sub(r'[-_.]+', '-', name).lower()


def _package_xml():
    return ElementTree.parse(PACKAGE_DIR / 'package.xml').getroot()


def _setup_lists():
    tree = ast.parse((PACKAGE_DIR / 'setup.py').read_text())
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id in ('NODE_SCRIPTS', 'INSTALL_REQUIRES'):
                found[node.targets[0].id] = ast.literal_eval(node.value)
    return found


def _requirement_names(path):
    names = set()
    for line in path.read_text().splitlines():
        line = line.split('#')[0].strip()
        if line:
            names.add(_normalise(re.split(r'[<>=!~\[; ]', line)[0]))
    return names


def _imported_modules():
    modules = set()
    for path in (PACKAGE_DIR / 'resonance_robot').rglob('*.py'):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split('.')[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split('.')[0])
    return modules - set(sys.stdlib_module_names) - {'resonance_robot'}


def test_flake8_with_the_ament_rules():
    from ament_flake8.main import main_with_errors

    rc, errors = main_with_errors(argv=[str(PACKAGE_DIR), str(REPO_DIR / 'tools')])
    assert rc == 0, f'{len(errors)} flake8 error(s):\n' + '\n'.join(errors)


def test_pep257_with_the_ament_convention():
    from ament_pep257.main import main

    assert main(argv=[str(PACKAGE_DIR), str(REPO_DIR / 'tools')]) == 0, 'pep257 errors above'


def test_mypy_strict_on_core():
    result = subprocess.run(
        [sys.executable, '-m', 'mypy', '--config-file', str(PACKAGE_DIR / 'setup.cfg'),
         str(PACKAGE_DIR / 'resonance_robot' / 'core')],
        capture_output=True, text=True, cwd=PACKAGE_DIR)
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_imports_no_ros():
    ros = {k for k, (_, pip) in IMPORTS.items() if pip is None}
    for path in (PACKAGE_DIR / 'resonance_robot' / 'core').rglob('*.py'):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            for name in names:
                assert name.split('.')[0] not in ros, f'{path.name} imports {name}'


MAX_MODULE_LINES = 420
MAX_FUNCTION_LINES = 65
"""About 400 and 60: past that a module or function is split where it makes the flow clearer."""


def test_no_module_or_function_grows_too_big_to_read():
    too_big = []
    for path in (PACKAGE_DIR / 'resonance_robot').rglob('*.py'):
        source = path.read_text()
        name = str(path.relative_to(PACKAGE_DIR))
        if source.count('\n') > MAX_MODULE_LINES:
            too_big.append(f'{name}: {source.count(chr(10))} lines')
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_big.append(f'{name}:{node.lineno} {node.name}(): {length} lines')
    assert not too_big, '\n'.join(too_big)


@pytest.mark.parametrize('path', PYTHON_FILES, ids=lambda p: str(p.relative_to(REPO_DIR)))
def test_licence_header(path):
    head = path.read_text().splitlines()[:2]
    assert re.fullmatch(r'# Copyright 20\d\d resonance_robot contributors', head[0]), path
    assert head[1] == '# SPDX-License-Identifier: Apache-2.0', path


def test_package_xml_is_format_3_and_lists_every_import():
    root = _package_xml()
    assert root.get('format') == '3'
    assert root.findtext('license') == 'Apache-2.0'
    declared = {e.text for e in root if e.tag in ('exec_depend', 'depend')}
    for module in sorted(_imported_modules()):
        assert module in IMPORTS, f'{module} is imported but has no entry in IMPORTS'
        assert IMPORTS[module][0] in declared, f'package.xml lacks {IMPORTS[module][0]}'


def test_package_xml_setup_py_and_requirements_agree():
    declared = {e.text for e in _package_xml() if e.tag in ('exec_depend', 'depend')}
    key_to_pip = {key: pip for key, pip in IMPORTS.values() if pip}
    from_xml = {_normalise(key_to_pip[k]) for k in declared if k in key_to_pip}
    setup = _setup_lists()
    from_setup = {_normalise(re.split(r'[<>=!~]', r)[0]) for r in setup['INSTALL_REQUIRES']}
    assert from_xml == from_setup
    assert from_setup == _requirement_names(REPO_DIR / 'requirements' / 'runtime.txt')
    ros_keys = {k for k in declared if k not in key_to_pip} - NOT_ON_PYPI - SYSTEM
    apt = {line.strip() for line in (REPO_DIR / 'requirements' / 'apt.txt').read_text()
           .splitlines() if line.strip() and not line.startswith('#')}
    assert SYSTEM <= apt
    wheels = {n[len('ros-'):] for n in _requirement_names(REPO_DIR / 'requirements' / 'ros.txt')
              if n.startswith('ros-')}
    assert {_normalise(k) for k in ros_keys} - {'resonance-robot-msgs'} <= wheels


def test_every_console_script_is_importable_and_matches_bringup():
    from resonance_robot.stack import bringup

    scripts = _setup_lists()['NODE_SCRIPTS']
    assert sorted(scripts) == bringup.entry_points()
    for line in scripts + ['resonance-robot = resonance_robot.cli:main']:
        module, func = line.split('=')[1].strip().split(':')
        assert callable(getattr(importlib.import_module(module), func)), line


def test_each_node_class_is_where_bringup_says():
    from resonance_robot.stack import bringup

    for spec in bringup.NODES:
        module = importlib.import_module(spec.module)
        assert hasattr(module, spec.class_name), spec.name
        assert module.__doc__ and spec.name in module.__doc__, f'{spec.name}: module docstring'


def test_shipped_parameter_files_equal_the_code_defaults():
    from resonance_robot.core.ethics import DEPLOYMENT_PARAM_NAMES, DEPLOYMENT_PARAMS
    from resonance_robot.stack import bringup

    def defaults(params):
        return {p.name: list(p.default) if isinstance(p.default, tuple) else p.default
                for p in params if p.name not in DEPLOYMENT_PARAM_NAMES}

    for spec in bringup.NODES:
        params = importlib.import_module(spec.module).PARAMS
        data = yaml.safe_load((PACKAGE_DIR / 'config' / spec.params_file).read_text())
        shipped = data['/**']['ros__parameters']
        assert shipped == defaults(params), spec.params_file
    # the stack-wide deployment context lives in the one shared file only
    shared = yaml.safe_load((PACKAGE_DIR / 'config' / bringup.SHARED_PARAMS_FILE).read_text())
    assert shared['/**']['ros__parameters'] == {p.name: p.default for p in DEPLOYMENT_PARAMS}


def test_message_package_lists_every_interface_file():
    msgs = REPO_DIR / 'resonance_robot_msgs'
    cmake = (msgs / 'CMakeLists.txt').read_text()
    files = sorted(p.relative_to(msgs).as_posix() for p in
                   [*(msgs / 'msg').glob('*.msg'), *(msgs / 'srv').glob('*.srv')])
    listed = sorted(re.findall(r'"((?:msg|srv)/\w+\.(?:msg|srv))"', cmake))
    assert files == listed
