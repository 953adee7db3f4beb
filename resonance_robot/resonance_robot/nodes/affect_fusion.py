# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Node ``affect_fusion``: face and voice cues fused into per-person affect.

The fusion itself is :class:`resonance_robot.core.fusion.fusion.AffectFusion` (weights, decay,
voice-to-person association, baselines, staleness, distance; all documented there). Persons
are published after every cue and at least ``publish_rate`` times per second, so a person
going stale is published even when nothing arrives.

Parameters: the fusion parameters of :data:`~resonance_robot.core.fusion.fusion.FUSION_PARAMS`
(weights, decays, ``stale_after``, ``forget_after``, baselines, ``camera_hfov_deg``,
``face_width`` …), ``publish_rate`` (Hz), and ``deployment_context`` /
``inference_purpose`` (the EU AI Act deployment guard, from the shared
``config/deployment.yaml``: in ``workplace`` or ``education`` without ``medical_or_safety``
no emotion is inferred; persons carry presence and distance only. The perception nodes
already infer none there; fusion blanks whatever arrives all the same).
Publishes: ``persons`` (resonance_robot_msgs/PersonAffectArray; on every cue and at
``publish_rate``; the header stamp is that of the newest cue, i.e. when the evidence was
captured, so latency can be followed from the camera to the robot's face), ``/diagnostics``.
Also publishes and subscribes ``deployment`` (std_msgs/String, latched; see
:mod:`.deployment`).
Subscribes: ``faces`` (FaceAffectArray), ``voice`` (VoiceAffect), ``cmd_vel``
(geometry_msgs/Twist: the robot's own commanded motion, so a sighting is moved by it until
the next one - distances are dead-reckoned for at most ``dead_reckon_horizon``, then
unknown), optional ``person_poses``
(geometry_msgs/PoseArray in the robot's base frame: distance by bearing match instead of
face size), optional ``privacy`` (std_msgs/Bool, latched: true stops inference and drops
every baseline).
"""

from __future__ import annotations

from collections.abc import Mapping
import threading
import time
from typing import Any

from builtin_interfaces.msg import Time as TimeMsg
from geometry_msgs.msg import PoseArray, Twist
from resonance_robot_msgs.msg import FaceAffectArray, PersonAffectArray, VoiceAffect
from std_msgs.msg import Bool

from .base import ResonanceNode, run_node
from .deployment import DeploymentWatch
from .qos import CUE_QOS, RELIABLE_QOS, STATE_QOS
from ..conversions.face import msg_to_faces
from ..conversions.safety import msg_to_velocity
from ..conversions.social import msg_to_person_poses, msg_to_voice_cue, persons_to_msg
from ..core.errors import ConfigError, InvalidInput
from ..core.ethics import DEPLOYMENT_PARAMS, GuardDecision
from ..core.fusion.fusion import AffectFusion
from ..core.fusion.params import FUSION_PARAMS, FusionParams
from ..core.params import ParamSpec, ParamValue

PARAMS = FUSION_PARAMS + DEPLOYMENT_PARAMS + (
    ParamSpec('publish_rate', 10.0, 'Persons are published after each cue and at least this '
              'often (Hz), so staleness is seen.', minimum=0.5, maximum=100.0),
)

INPUT_QOS = CUE_QOS
PERSONS_QOS = RELIABLE_QOS
PRIVACY_QOS = STATE_QOS


class AffectFusionNode(ResonanceNode):
    """Fuses cues from ``faces`` and ``voice`` into ``persons``."""

    PARAMS = PARAMS

    def __init__(self, **kwargs: Any) -> None:
        super().__init__('affect_fusion', **kwargs)
        self._lock = threading.Lock()
        try:
            self.fusion = AffectFusion(self._fusion_params())
            self.deployment = DeploymentWatch(self)
        except (InvalidInput, ValueError) as exc:
            raise ConfigError(f'affect_fusion: {exc}') from exc
        self._privacy = False
        self.fusion.set_inference(self._guard.allowed)
        for name in ('stale_after', 'forget_after'):
            self.param_checks[name] = lambda value, name=name: self._check_times(name, value)
        self._pub = self.create_publisher(PersonAffectArray, 'persons', PERSONS_QOS)
        self.create_subscription(FaceAffectArray, 'faces', self._on_faces, INPUT_QOS)
        self.create_subscription(VoiceAffect, 'voice', self._on_voice, INPUT_QOS)
        self.create_subscription(Twist, 'cmd_vel', self._on_cmd_vel, RELIABLE_QOS)
        self.create_subscription(PoseArray, 'person_poses', self._on_poses, INPUT_QOS)
        self.create_subscription(Bool, 'privacy', self._on_privacy, PRIVACY_QOS)
        self._timer = self.create_timer(1.0 / float(self.params['publish_rate']), self._publish)
        self._persons = 0
        self._cue_stamp: TimeMsg | None = None
        self.diagnostics.add_value('persons', lambda: self._persons)
        self.diagnostics.add_value('inference', lambda: 'on' if self.fusion.inference_enabled
                                   else 'off')
        self.on_params_changed(self._reconfigure)
        self.get_logger().info(f'affect fusion ready; {self._guard.explanation}')

    @property
    def _guard(self) -> GuardDecision:
        return self.deployment.guard

    def _now(self) -> float:
        return self.get_clock().now().nanoseconds * 1e-9

    def _fusion_params(self) -> FusionParams:
        names = {spec.name for spec in FUSION_PARAMS}
        return FusionParams.from_values({k: v for k, v in self.params.items() if k in names})

    def _check_times(self, name: str, value: Any) -> str | None:
        values = {k: v for k, v in self.params.items() if k in ('stale_after', 'forget_after')}
        values[name] = value
        if float(values['forget_after']) < float(values['stale_after']):
            return 'forget_after must not be shorter than stale_after'
        return None

    def _reconfigure(self, changed: Mapping[str, ParamValue]) -> None:
        with self._lock:
            self.fusion.params = self._fusion_params()
            self.deployment.update()
            self.fusion.set_inference(self._guard.allowed and not self._privacy)
        if 'publish_rate' in changed:
            self._timer.cancel()
            self.destroy_timer(self._timer)
            self._timer = self.create_timer(1.0 / float(self.params['publish_rate']),
                                            self._publish)
        self.get_logger().info(f'parameters changed: {", ".join(sorted(changed))}; '
                               f'{self._guard.explanation}')

    def _on_faces(self, msg: FaceAffectArray) -> None:
        started = time.perf_counter()
        try:
            frame = msg_to_faces(msg)
        except InvalidInput as exc:
            self.warn_input('bad_faces', f'faces: {exc}')
            return
        with self._lock:
            self.fusion.add_faces(frame, self._now())
            self._newest(msg.header.stamp)
        self._publish(started)

    def _on_voice(self, msg: VoiceAffect) -> None:
        started = time.perf_counter()
        try:
            cue = msg_to_voice_cue(msg)
        except InvalidInput as exc:
            self.warn_input('bad_voice', f'voice: {exc}')
            return
        with self._lock:
            person = self.fusion.add_voice(cue, self._now())
            self._newest(msg.header.stamp)
        if cue.commands or cue.transcript:
            self.get_logger().debug(  # words of a person: never in the log files by default
                f'{person} said {cue.transcript!r} (commands: {", ".join(cue.commands) or "-"})')
        self._publish(started)

    def _on_cmd_vel(self, msg: Twist) -> None:
        try:
            linear, angular = msg_to_velocity(msg)
        except InvalidInput as exc:
            self.warn_input('bad_cmd_vel', f'cmd_vel: {exc}')
            return
        with self._lock:
            self.fusion.add_velocity(linear, angular, self._now())

    def _on_poses(self, msg: PoseArray) -> None:
        try:
            poses = msg_to_person_poses(msg)
        except InvalidInput as exc:
            self.warn_input('bad_poses', f'person_poses: {exc}')
            return
        with self._lock:
            self.fusion.set_poses(poses, self._now())

    def _on_privacy(self, msg: Bool) -> None:
        with self._lock:
            self._privacy = bool(msg.data)
            self.fusion.set_inference(self._guard.allowed and not self._privacy)
        self.get_logger().info(f'privacy mode {"on: inference stopped" if msg.data else "off"}')

    def _newest(self, stamp: TimeMsg) -> None:
        """Remember ``stamp`` if it is the newest cue time seen (call with the lock held)."""
        old = self._cue_stamp
        if old is None or (stamp.sec, stamp.nanosec) > (old.sec, old.nanosec):
            self._cue_stamp = stamp

    def _publish(self, started: float | None = None) -> None:
        now = self.get_clock().now()
        with self._lock:
            self.fusion.update(now.nanoseconds * 1e-9)
            persons = self.fusion.estimate(now.nanoseconds * 1e-9)
            stamp = self._cue_stamp if self._cue_stamp is not None else now.to_msg()
        self._persons = sum(1 for p in persons if not p.stale)
        self._pub.publish(persons_to_msg(persons, stamp))
        self.diagnostics.tick()
        if started is not None:
            self.diagnostics.latency(time.perf_counter() - started)


def main(args: list[str] | None = None) -> int:
    """Run ``affect_fusion`` until Ctrl-C."""
    return run_node(AffectFusionNode, args)


if __name__ == '__main__':
    raise SystemExit(main())
