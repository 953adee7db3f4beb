# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Regenerate the README's node, topic, parameter and message tables from the code.

The tables sit between ``<!-- BEGIN name -->`` and ``<!-- END name -->`` markers; a test
(``test_docs.py``) fails when they differ from what this script would write.
Usage: ``python tools/write_readme_tables.py [--check]``.
"""

import importlib
import pathlib
import re
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / 'resonance_robot'))

from resonance_robot.stack.bringup import NODES  # noqa: E402, I100


def _short(type_name):
    return type_name.replace('/msg/', '/').replace('/srv/', '/')


def nodes_table():
    """Return the markdown table of nodes and their topics."""
    lines = ['| node | subscribes | publishes | services |', '|---|---|---|---|']
    for spec in NODES:
        subs = '<br>'.join(f'`{t.name}` {_short(t.type)}' for t in spec.subscribes) or '-'
        pubs = '<br>'.join(
            f'`{t.name}` {_short(t.type)}' + (' (optional)' if t.optional else '')
            for t in spec.publishes if t.name != '/diagnostics')
        srvs = '<br>'.join(f'`{t.name}` {_short(t.type)}' for t in spec.services) or '-'
        lines.append(f'| `{spec.name}` — {spec.description} | {subs} | {pubs} | {srvs} |')
    lines.append('')
    lines.append('Every node also publishes `/diagnostics` (diagnostic_msgs/DiagnosticArray): '
                 'rates, latencies, drops and bad-input counters.')
    return '\n'.join(lines)


def params_table():
    """Return one markdown table of parameters per node."""
    parts = []
    for spec in NODES:
        module = importlib.import_module(spec.module)
        parts.append(f'<details><summary><code>{spec.name}</code> '
                     f'({len(module.PARAMS)} parameters, <code>config/{spec.params_file}'
                     '</code>)</summary>\n')
        parts.append('| parameter | default | allowed | description |')
        parts.append('|---|---|---|---|')
        for param in module.PARAMS:
            default = list(param.default) if isinstance(param.default, tuple) else param.default
            allowed = param.range_text().replace('|', '\\|') or param.kind
            description = param.description.replace('|', '\\|')
            if param.name in ('deployment_context', 'inference_purpose'):
                description += ' Shared by every node: `config/deployment.yaml`.'
            parts.append(f'| `{param.name}` | `{default!r}` | {allowed} | {description} |')
        parts.append('\n</details>\n')
    return '\n'.join(parts).rstrip()


def messages_table():
    """Return the markdown list of interfaces with their first comment line."""
    lines = ['| interface | what it carries |', '|---|---|']
    root = REPO / 'resonance_robot_msgs'
    for path in sorted([*(root / 'msg').glob('*.msg'), *(root / 'srv').glob('*.srv')]):
        first = next((line.lstrip('# ').strip() for line in path.read_text().splitlines()
                      if line.startswith('#')), '')
        lines.append(f'| [`{path.parent.name}/{path.name}`](resonance_robot_msgs/'
                     f'{path.parent.name}/{path.name}) | {first} |')
    return '\n'.join(lines)


TABLES = {'nodes': nodes_table, 'parameters': params_table, 'messages': messages_table}


def render(text):
    """Return ``text`` with every marked table regenerated."""
    for name, make in TABLES.items():
        pattern = re.compile(rf'(<!-- BEGIN {name} -->\n).*?(<!-- END {name} -->)', re.S)
        if not pattern.search(text):
            raise SystemExit(f'README has no {name} markers')
        text = pattern.sub(lambda m, make=make: m.group(1) + make() + '\n' + m.group(2), text)
    return text


def main():
    readme = REPO / 'README.md'
    text = readme.read_text(encoding='utf-8')
    new = render(text)
    if sys.argv[1:] == ['--check']:
        return 0 if new == text else 1
    readme.write_text(new, encoding='utf-8')
    print(f'updated {readme}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
