# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The one description of the running system: which nodes, their parameter files and wiring.

Launch files (``launch/*.launch.py``), the in-process runner (``resonance-robot run`` and
``demo``) and the tests all read this module, so the wiring that is tested is the wiring that
is launched. It is pure data: no rclpy, no launch imports.

Topic names are relative, so a namespace moves the whole stack; ``remappings`` connect it to
a robot's own topics (see :data:`SIM_REMAPPINGS` for the usual Gazebo bridge names).

**One deployment context for the whole stack.** Every node gets :data:`SHARED_PARAMS_FILE`
(``config/deployment.yaml``, keys under ``/**:``) before its own file, so the guarded nodes
(:data:`GUARDED`) read the same ``deployment_context`` and ``inference_purpose``. A shared
parameter file was chosen over a latched topic that nodes obey because parameters are there
before the first image arrives (no window in which a node infers before it has heard the
topic), are what ``ros2 launch``, ``ros2 param`` and a robot's own launch files already
handle, and can be read back per node; the latched ``deployment`` topic only *checks* that
the nodes agree (:mod:`resonance_robot.nodes.deployment`). A user's ``--params-file`` with
``/**:`` keys overrides the shared file for every node at once.
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
    BRIDGE = 'bridge'            # other ecosystems (ROS4HRI); started only on request
    MONITOR = 'monitor'          # the dashboard: started only when asked for


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
_DEPLOYMENT = Topic('deployment', 'std_msgs/msg/String')
_MSGS = 'resonance_robot_msgs/msg/'
_DIAG = Topic('/diagnostics', 'diagnostic_msgs/msg/DiagnosticArray')
_HRI = 'hri_msgs/msg/'
_STRING = 'std_msgs/msg/String'

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
                   Topic('faces/debug_image', _IMAGE, optional=True),
                   Topic('faces/preview/compressed', 'sensor_msgs/msg/CompressedImage',
                         optional=True), _DEPLOYMENT, _DIAG),
        subscribes=(Topic('image', _IMAGE), Topic('privacy', _BOOL), _DEPLOYMENT),
        params_file='face_affect.yaml'),
    NodeSpec(
        name='voice_affect', role=Role.PERCEPTION,
        module='resonance_robot.nodes.voice_affect', class_name='VoiceAffectNode',
        description='Speech in audio: utterances, prosody, words, commands and affect.',
        publishes=(Topic('voice', _MSGS + 'VoiceAffect'), Topic('person_speaking', _BOOL),
                   _DEPLOYMENT, _DIAG),
        subscribes=(Topic('audio', _MSGS + 'AudioChunk'), Topic('robot_speaking', _BOOL),
                    Topic('privacy', _BOOL), _DEPLOYMENT),
        params_file='voice_affect.yaml'),
    NodeSpec(
        name='affect_fusion', role=Role.DECISION,
        module='resonance_robot.nodes.affect_fusion', class_name='AffectFusionNode',
        description='Face and voice cues fused into per-person affect with baselines.',
        publishes=(Topic('persons', _MSGS + 'PersonAffectArray'), _DEPLOYMENT, _DIAG),
        subscribes=(Topic('faces', _MSGS + 'FaceAffectArray'),
                    Topic('voice', _MSGS + 'VoiceAffect'), Topic('privacy', _BOOL), _DEPLOYMENT,
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
                   Topic('behavior_tree', 'std_msgs/msg/String'),
                   Topic('behavior_tree/json', 'std_msgs/msg/String'), Topic('privacy', _BOOL),
                   _DEPLOYMENT, _DIAG),
        subscribes=(Topic('persons', _MSGS + 'PersonAffectArray'), Topic('estop', _BOOL),
                    Topic('robot_speaking', _BOOL), Topic('person_speaking', _BOOL),
                    _DEPLOYMENT, Topic('scan', 'sensor_msgs/msg/LaserScan', optional=True)),
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
    NodeSpec(
        name='hri_bridge', role=Role.BRIDGE,
        module='resonance_robot.nodes.hri_bridge', class_name='HriBridgeNode',
        description='Faces, persons and voices as ROS4HRI (REP-155) topics; ROS4HRI faces in.',
        publishes=(Topic('/humans/faces/tracked', _HRI + 'IdsList'),
                   Topic('/humans/faces/<id>/roi', _HRI + 'NormalizedRegionOfInterest2D'),
                   Topic('/humans/faces/<id>/expression', _HRI + 'Expression'),
                   Topic('/humans/persons/tracked', _HRI + 'IdsList'),
                   Topic('/humans/persons/<id>/face_id', _STRING),
                   Topic('/humans/persons/<id>/voice_id', _STRING),
                   Topic('/humans/persons/<id>/engagement_status', _HRI + 'EngagementLevel'),
                   Topic('/humans/voices/tracked', _HRI + 'IdsList'),
                   Topic('/humans/voices/<id>/speech', _HRI + 'LiveSpeech'),
                   Topic('/humans/voices/<id>/is_speaking', _BOOL),
                   Topic('faces', _MSGS + 'FaceAffectArray', optional=True), _DIAG),
        subscribes=(Topic('faces', _MSGS + 'FaceAffectArray'),
                    Topic('persons', _MSGS + 'PersonAffectArray'),
                    Topic('voice', _MSGS + 'VoiceAffect'), Topic('person_speaking', _BOOL),
                    Topic('/humans/faces/tracked', _HRI + 'IdsList', optional=True),
                    Topic('/humans/faces/<id>/roi', _HRI + 'NormalizedRegionOfInterest2D',
                          optional=True),
                    Topic('/humans/faces/<id>/expression', _HRI + 'Expression',
                          optional=True)),
        params_file='hri_bridge.yaml'),
    NodeSpec(
        name='dashboard', role=Role.MONITOR,
        module='resonance_robot.nodes.dashboard', class_name='DashboardNode',
        description='Live web page: what the robot sees, feels and decides, and why.',
        publishes=(Topic('estop', _BOOL), _DIAG),
        subscribes=(Topic('image', _IMAGE), Topic('face_image', _IMAGE),
                    Topic('faces', _MSGS + 'FaceAffectArray'),
                    Topic('persons', _MSGS + 'PersonAffectArray'),
                    Topic('social_action', _MSGS + 'SocialAction'),
                    Topic('utterance', _MSGS + 'Utterance'),
                    Topic('behavior_tree/json', 'std_msgs/msg/String'),
                    Topic('privacy', _BOOL), Topic('estop', _BOOL),
                    Topic('robot_speaking', _BOOL), Topic('person_speaking', _BOOL), _DIAG),
        params_file='dashboard.yaml'),  # calls set_privacy (social_behavior's service)
)
"""Every node of the package, in start-up order (sources first, expression last)."""

GUARDED = ('face_affect', 'voice_affect', 'affect_fusion', 'social_behavior')
"""Nodes that infer or act on affect: they declare the deployment parameters and obey them."""

SHARED_PARAMS_FILE = 'deployment.yaml'
"""The parameter file every node gets first: the stack-wide deployment context."""

SIM_REMAPPINGS: tuple[tuple[str, str], ...] = (
    ('image', '/camera/image_raw'),
    ('cmd_vel', '/cmd_vel'),
    ('scan', '/scan'),
)
"""Remappings for a Gazebo robot bridged with ros_gz_bridge (camera, base and lidar topics;
without a scan the robot does not drive forward)."""

PROFILES: dict[str, tuple[Role, ...]] = {
    'all': (Role.PERCEPTION, Role.DECISION, Role.EXPRESSION),
    'perception-host': (Role.PERCEPTION,),
    'decision-host': (Role.DECISION, Role.EXPRESSION),
}
"""Bring-up profiles by host: one computer, or perception next to the camera and decision and
expression on the robot (``resonance-robot run --profile``; the launch files of the same
names). Only faces, voice, person_speaking and the latched flags cross between the two."""

FACE_PATH = ('camera_source', 'face_affect', 'affect_fusion', 'social_behavior')
"""The nodes between a camera frame and the robot's face command (and its motion)."""

LAYOUTS: dict[str, tuple[tuple[str, ...], ...]] = {
    'one': (),
    'split': (FACE_PATH,),
    'launch': tuple((spec.name,) for spec in NODES),
}
"""Process layouts (``resonance-robot run --layout``, ``bench graph --layout``; ``ros2 launch``
is 'launch'): which nodes share a process. 'one': every node in one process (``run``'s
default; a laptop: least memory). 'split': the face path (camera, face_affect, affect_fusion,
social_behavior) in one process and everything else (speech recognition, the robot's face
rendering and voice, dashboard, bridge) in another, so those do not hold the face path's
interpreter lock - the stimulus-to-face tail on 2 cores while a person talks (README, "Speed
and memory"). 'launch': one process per node. Nodes a layout does not name share the last
process."""


BACKGROUND_NICE = 5
"""CPU priority increment (``nice``) of a process of a multi-process layout that holds none of
:data:`FACE_PATH`: speech recognition, face rendering, synthesis and monitoring tolerate tens
of milliseconds of waiting, the face path and the decision do not."""


def process_nice(group: Iterable[NodeSpec]) -> int:
    """Return the ``nice`` increment for a process running ``group``."""
    return 0 if any(spec.name in FACE_PATH for spec in group) else BACKGROUND_NICE


def process_groups(layout: str, specs: Iterable[NodeSpec]) -> tuple[tuple[NodeSpec, ...], ...]:
    """Return ``specs`` grouped into processes by ``layout`` (empty groups left out)."""
    if layout not in LAYOUTS:
        raise ValueError(f'unknown layout {layout!r}; layouts: {", ".join(LAYOUTS)}')
    specs = tuple(specs)
    groups = [tuple(s for s in specs if s.name in names) for names in LAYOUTS[layout]]
    named = {name for names in LAYOUTS[layout] for name in names}
    groups.append(tuple(s for s in specs if s.name not in named))
    return tuple(g for g in groups if g)


HRI_FACES_OVERRIDES: dict[str, dict[str, object]] = {'hri_bridge': {'faces_from': 'ros4hri'}}
"""Parameter overrides when ROS4HRI faces replace face_affect."""


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
    hri: bool = False,
    hri_faces: bool = False,
    dashboard: bool = False,
    remappings: Mapping[str, str] | Iterable[tuple[str, str]] = (),
) -> tuple[NodeSpec, ...]:
    """
    Select the nodes to start and apply extra remappings to each.

    ``roles`` picks whole layers; ``camera`` and ``audio`` add the stand-in sources; ``hri``
    adds ``hri_bridge``, and ``hri_faces`` (which implies it) takes faces from ROS4HRI instead
    of ``face_affect`` (give the bridge :data:`HRI_FACES_OVERRIDES`); ``dashboard`` adds the web
    page (off unless asked for, whatever ``roles`` says). A remapping is given to every node
    (ROS ignores remappings of names a node does not use).
    """
    wanted = set(roles)
    extra = tuple(remappings.items() if isinstance(remappings, Mapping) else remappings)
    selected = []
    for spec in NODES:
        if spec.role is Role.SOURCE:
            if not ((spec.name == 'camera_source' and camera)
                    or (spec.name == 'audio_source' and audio)):
                continue
        elif spec.role is Role.BRIDGE:
            if not (hri or hri_faces):
                continue
        elif spec.role is Role.MONITOR:
            if not dashboard:
                continue
        elif spec.role not in wanted or (hri_faces and spec.name == 'face_affect'):
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
    ``config`` when installed). Every node gets the shared :data:`SHARED_PARAMS_FILE` first,
    then its own file, then the user's files.
    """
    user_files = tuple(str(p) for p in params_files)
    entries = []
    for spec in specs:
        shipped = (f'{config_dir}/{SHARED_PARAMS_FILE}',) + (
            (f'{config_dir}/{spec.params_file}',) if spec.params_file else ())
        params = dict((overrides or {}).get(spec.name, {}))
        if use_sim_time:
            params['use_sim_time'] = True
        entries.append(LaunchEntry(
            spec=spec, params_files=shipped + user_files, parameters=tuple(params.items()),
            remappings=spec.remappings, namespace=namespace))
    return tuple(entries)
