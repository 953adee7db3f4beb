# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The one description of the running system: which nodes, their parameter files and wiring.

Launch files (``launch/*.launch.py``), the in-process runner (``resonance-robot run`` and
``demo``) and the tests all read this module, so the wiring that is tested is the wiring that
is launched. It is pure data: no rclpy, no launch imports.

Topic names are relative, so a namespace moves the whole stack; ``remappings`` connect it to
a robot's own topics (see :data:`SIM_REMAPPINGS` for the usual Gazebo bridge names).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
import enum
import json

PACKAGE = 'resonance_robot'


class Role(str, enum.Enum):
    """What a node is for; bring-up profiles select by role."""

    SOURCE = 'source'            # stand-in sensors: webcam/video/images, microphone/WAV
    PERCEPTION = 'perception'    # camera and microphone to affect
    DECISION = 'decision'        # fusion and the behaviour tree
    EXPRESSION = 'expression'    # face and voice of the robot


@dataclass(frozen=True)
class Topic:
    """
    A topic a node uses: relative name and ROS type (``pkg/msg/Type``).

    ``optional`` topics are only used when a parameter enables them (e.g. a debug image).
    """

    name: str
    type: str  # noqa: A003 - as in ROS tooling (ros2 topic type)
    optional: bool = False


@dataclass(frozen=True)
class NodeSpec:
    """One node of the stack: how to start it, configure it and wire it."""

    name: str
    role: Role
    module: str
    class_name: str
    description: str
    publishes: tuple[Topic, ...] = ()
    subscribes: tuple[Topic, ...] = ()
    services: tuple[Topic, ...] = ()
    params_file: str | None = None
    remappings: tuple[tuple[str, str], ...] = field(default=())

    @property
    def executable(self) -> str:
        """Console script that runs this node alone (``ros2 run resonance_robot <name>``)."""
        return self.name

    @property
    def entry_point(self) -> str:
        """``setup.py`` console_scripts entry for :attr:`executable`."""
        return f'{self.executable} = {self.module}:main'


_IMAGE = 'sensor_msgs/msg/Image'
_BOOL = 'std_msgs/msg/Bool'
_MSGS = 'resonance_robot_msgs/msg/'
_DIAG = Topic('/diagnostics', 'diagnostic_msgs/msg/DiagnosticArray')

NODES: tuple[NodeSpec, ...] = (
    NodeSpec(
        name='camera_source', role=Role.SOURCE,
        module='resonance_robot.nodes.camera_source', class_name='CameraSourceNode',
        description='Webcam, video file, image file or folder published as camera images.',
        publishes=(Topic('image', _IMAGE), _DIAG),
        params_file='camera_source.yaml'),
    NodeSpec(
        name='audio_source', role=Role.SOURCE,
        module='resonance_robot.nodes.audio_source', class_name='AudioSourceNode',
        description='Microphone (sounddevice) or WAV file published as audio chunks.',
        publishes=(Topic('audio', _MSGS + 'AudioChunk'), _DIAG),
        params_file='audio_source.yaml'),
    NodeSpec(
        name='face_affect', role=Role.PERCEPTION,
        module='resonance_robot.nodes.face_affect', class_name='FaceAffectNode',
        description='Faces in camera images: tracks, expression, valence and arousal.',
        publishes=(Topic('faces', _MSGS + 'FaceAffectArray'),
                   Topic('faces/debug_image', _IMAGE, optional=True), _DIAG),
        subscribes=(Topic('image', _IMAGE), Topic('privacy', _BOOL)),
        params_file='face_affect.yaml'),
    NodeSpec(
        name='voice_affect', role=Role.PERCEPTION,
        module='resonance_robot.nodes.voice_affect', class_name='VoiceAffectNode',
        description='Speech in audio: utterances, prosody, words, commands and affect.',
        publishes=(Topic('voice', _MSGS + 'VoiceAffect'), Topic('person_speaking', _BOOL),
                   _DIAG),
        subscribes=(Topic('audio', _MSGS + 'AudioChunk'), Topic('robot_speaking', _BOOL)),
        params_file='voice_affect.yaml'),
    NodeSpec(
        name='affect_fusion', role=Role.DECISION,
        module='resonance_robot.nodes.affect_fusion', class_name='AffectFusionNode',
        description='Face and voice cues fused into per-person affect with baselines.',
        publishes=(Topic('persons', _MSGS + 'PersonAffectArray'), _DIAG),
        subscribes=(Topic('faces', _MSGS + 'FaceAffectArray'),
                    Topic('voice', _MSGS + 'VoiceAffect'), Topic('privacy', _BOOL),
                    Topic('cmd_vel', 'geometry_msgs/msg/Twist'),
                    Topic('person_poses', 'geometry_msgs/msg/PoseArray', optional=True)),
        params_file='affect_fusion.yaml'),
    NodeSpec(
        name='social_behavior', role=Role.DECISION,
        module='resonance_robot.nodes.social_behavior', class_name='SocialBehaviorNode',
        description='The py_trees behaviour tree that chooses and explains social actions.',
        publishes=(Topic('social_action', _MSGS + 'SocialAction'),
                   Topic('face_expression', _MSGS + 'FaceExpression'),
                   Topic('utterance', _MSGS + 'Utterance'),
                   Topic('cmd_vel', 'geometry_msgs/msg/Twist'),
                   Topic('behavior_tree', 'std_msgs/msg/String'), Topic('privacy', _BOOL),
                   _DIAG),
        subscribes=(Topic('persons', _MSGS + 'PersonAffectArray'), Topic('estop', _BOOL),
                    Topic('robot_speaking', _BOOL), Topic('person_speaking', _BOOL),
                    Topic('scan', 'sensor_msgs/msg/LaserScan', optional=True)),
        services=(Topic('set_privacy', 'resonance_robot_msgs/srv/SetPrivacy'),),
        params_file='social_behavior.yaml'),
    NodeSpec(
        name='face_display', role=Role.EXPRESSION,
        module='resonance_robot.nodes.face_display', class_name='FaceDisplayNode',
        description='The animated robot face, published as images and shown on a screen.',
        publishes=(Topic('face_image', _IMAGE), _DIAG),
        subscribes=(Topic('face_expression', _MSGS + 'FaceExpression'),
                    Topic('robot_speaking', _BOOL)),
        params_file='face_display.yaml'),
    NodeSpec(
        name='voice_output', role=Role.EXPRESSION,
        module='resonance_robot.nodes.voice_output', class_name='VoiceOutputNode',
        description='Speech synthesis with espeak-ng in the style of the moment.',
        publishes=(Topic('speech_audio', _MSGS + 'AudioChunk'), Topic('robot_speaking', _BOOL),
                   _DIAG),
        subscribes=(Topic('utterance', _MSGS + 'Utterance'),),
        params_file='voice_output.yaml'),
)
"""Every node of the package, in start-up order (sources first, expression last)."""

SIM_REMAPPINGS: tuple[tuple[str, str], ...] = (
    ('image', '/camera/image_raw'),
    ('cmd_vel', '/cmd_vel'),
)
"""Remappings for a Gazebo robot bridged with ros_gz_bridge (camera and base topics)."""


def node(name: str) -> NodeSpec:
    """Return the spec of the node called ``name``."""
    for spec in NODES:
        if spec.name == name:
            return spec
    raise KeyError(f'no node {name!r}; nodes: {", ".join(s.name for s in NODES)}')


def stack(
    roles: Iterable[Role] = (Role.PERCEPTION, Role.DECISION, Role.EXPRESSION),
    *,
    camera: bool = False,
    audio: bool = False,
    remappings: Mapping[str, str] | Iterable[tuple[str, str]] = (),
) -> tuple[NodeSpec, ...]:
    """
    Select the nodes to start and apply extra remappings to each.

    ``roles`` picks whole layers; ``camera`` and ``audio`` add the stand-in sources. A
    remapping is given to every node (ROS ignores remappings of names a node does not use).
    """
    wanted = set(roles)
    extra = tuple(remappings.items() if isinstance(remappings, Mapping) else remappings)
    selected = []
    for spec in NODES:
        if spec.role is Role.SOURCE:
            if not ((spec.name == 'camera_source' and camera)
                    or (spec.name == 'audio_source' and audio)):
                continue
        elif spec.role not in wanted:
            continue
        selected.append(replace(spec, remappings=spec.remappings + extra) if extra else spec)
    return tuple(selected)


def entry_points() -> list[str]:
    """console_scripts entries for every node (setup.py lists these; a test compares)."""
    return sorted(spec.entry_point for spec in NODES)


@dataclass(frozen=True)
class LaunchEntry:
    """
    How to start one node: what a launch_ros ``Node`` action or the runner receives.

    ``params_files`` are paths (shipped file first, then the user's); ``parameters`` are
    overrides applied after them.
    """

    spec: NodeSpec
    params_files: tuple[str, ...]
    parameters: tuple[tuple[str, object], ...]
    remappings: tuple[tuple[str, str], ...]
    namespace: str

    @property
    def name(self) -> str:
        """Node name."""
        return self.spec.name

    @property
    def executable(self) -> str:
        """Console script of the node."""
        return self.spec.executable

    def ros_arguments(self) -> list[str]:
        """Return the node's ``--ros-args`` command line (what ``ros2 launch`` passes)."""
        args = ['--ros-args']
        for path in self.params_files:
            args += ['--params-file', path]
        for key, value in self.parameters:
            args += ['-p', f'{key}:={_param_text(value)}']
        for source, target in self.remappings:
            args += ['-r', f'{source}:={target}']
        return args


def _param_text(value: object) -> str:
    """Render a parameter value as the YAML that ``-p name:=value`` parses back to it."""
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(list(value) if isinstance(value, tuple) else value)


def plan(
    specs: Iterable[NodeSpec],
    config_dir: str,
    *,
    params_files: Iterable[str] = (),
    overrides: Mapping[str, Mapping[str, object]] | None = None,
    use_sim_time: bool = False,
    namespace: str = '',
) -> tuple[LaunchEntry, ...]:
    """
    Turn a node selection into launch entries; the launch files and the runner use this.

    ``config_dir`` is the folder of the shipped parameter files (the package share's
    ``config`` when installed).
    """
    user_files = tuple(str(p) for p in params_files)
    entries = []
    for spec in specs:
        shipped = (f'{config_dir}/{spec.params_file}',) if spec.params_file else ()
        params = dict((overrides or {}).get(spec.name, {}))
        if use_sim_time:
            params['use_sim_time'] = True
        entries.append(LaunchEntry(
            spec=spec, params_files=shipped + user_files, parameters=tuple(params.items()),
            remappings=spec.remappings, namespace=namespace))
    return tuple(entries)
