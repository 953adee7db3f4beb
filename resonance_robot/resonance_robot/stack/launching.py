# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Build launch descriptions from the bring-up plan; the launch files are one call into here.

``launch`` and ``launch_ros`` come with a ROS 2 install (they are not on PyPI), so they are
imported inside the functions: the rest of the package works without them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import bringup

LAUNCH_ARGUMENTS: tuple[tuple[str, str, str], ...] = (
    ('namespace', '', 'Namespace of every node.'),
    ('params_file', '', 'Extra parameter file applied after the shipped ones.'),
    ('camera', '', "Start camera_source with this source (e.g. 'webcam', a video file)."),
    ('audio', '', "Start audio_source with this source (e.g. 'mic', a WAV file)."),
    ('use_sim_time', 'false', 'Use the /clock topic (simulation).'),
    ('hri', 'false', 'Also start hri_bridge: perception as ROS4HRI (REP-155) /humans topics.'),
    ('hri_faces', 'false',
     'Take faces from a ROS4HRI pipeline (/humans/faces/*) instead of face_affect.'),
    ('dashboard', '', "Start the dashboard on this port (e.g. '8088'; empty: no dashboard)."),
)
"""Arguments every launch file of the package declares: (name, default, description)."""


def entries_for(
    roles: Iterable[bringup.Role],
    arguments: dict[str, str],
    config_dir: str,
    remappings: Iterable[tuple[str, str]] = (),
) -> tuple[bringup.LaunchEntry, ...]:
    """Resolve launch argument values to the plan (pure; tests call this without launch)."""
    camera, audio = arguments.get('camera', ''), arguments.get('audio', '')
    hri_faces = _true(arguments.get('hri_faces', 'false'))
    dashboard = arguments.get('dashboard', '').strip()
    specs = bringup.stack(roles, camera=bool(camera), audio=bool(audio),
                          hri=_true(arguments.get('hri', 'false')), hri_faces=hri_faces,
                          dashboard=bool(dashboard), remappings=remappings)
    overrides: dict[str, dict[str, object]] = dict(
        bringup.HRI_FACES_OVERRIDES if hri_faces else {})
    if dashboard:
        if not dashboard.isdigit():
            raise ValueError(f'dashboard:={dashboard!r}: expected a port number')
        overrides['dashboard'] = {'port': int(dashboard)}
    if camera:
        overrides['camera_source'] = {'source': camera}
    if audio:
        overrides['audio_source'] = {'source': audio}
    extra = [arguments['params_file']] if arguments.get('params_file') else []
    return bringup.plan(
        specs, config_dir, params_files=extra, overrides=overrides,
        use_sim_time=_true(arguments.get('use_sim_time', 'false')),
        namespace=arguments.get('namespace', ''))


def _true(text: str) -> bool:
    """Return a launch argument's boolean value."""
    return text.lower() in ('true', '1', 'yes')


def generate(roles: Iterable[bringup.Role],
             remappings: Iterable[tuple[str, str]] = ()) -> Any:
    """Return a LaunchDescription starting ``roles`` with the standard arguments."""
    from ament_index_python.packages import get_package_share_directory
    from launch import LaunchDescription
    from launch.actions import DeclareLaunchArgument, OpaqueFunction
    from launch.substitutions import LaunchConfiguration
    from launch_ros.actions import Node

    roles = tuple(roles)
    remappings = tuple(remappings)
    config_dir = get_package_share_directory(bringup.PACKAGE) + '/config'

    def nodes(context: Any) -> list[Any]:
        values = {name: LaunchConfiguration(name).perform(context)
                  for name, _, _ in LAUNCH_ARGUMENTS}
        return [
            Node(package=bringup.PACKAGE, executable=entry.executable, name=entry.name,
                 namespace=entry.namespace or None, output='screen',
                 parameters=list(entry.params_files) + [dict(entry.parameters)],
                 remappings=list(entry.remappings))
            for entry in entries_for(roles, values, config_dir, remappings)]

    declared = [DeclareLaunchArgument(name, default_value=default, description=text)
                for name, default, text in LAUNCH_ARGUMENTS]
    return LaunchDescription(declared + [OpaqueFunction(function=nodes)])
