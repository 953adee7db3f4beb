# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Node ``social_behavior``: the py_trees social tree, ticked at ``tick_rate``.

The tree and everything it decides are in :mod:`resonance_robot.tree` (no ROS); this node
feeds it the newest persons, e-stop and speaking state, and publishes what each tick returns.

Parameters: the social parameters of :data:`~resonance_robot.core.decision.params.SOCIAL_PARAMS`
(``deployment_context``, ``inference_purpose``, ``disclosure``, thresholds, durations,
cooldowns, ``personal_space``, speed limits, learning consent …), ``tick_rate`` (Hz),
``snapshot_period`` (s), ``publish_zero_velocity`` (send cmd_vel every tick even when still;
off by default so other sources can drive the base while the robot is idle).
Publishes: ``social_action`` (SocialAction, on each change of action, target or reason;
latched), ``face_expression`` (FaceExpression, every tick; stamped with the time of the
evidence it answers), ``utterance`` (Utterance, when
the robot should speak), ``cmd_vel`` (geometry_msgs/Twist: forward speed and turn rate after
the safety layer :mod:`~resonance_robot.core.safety.layer` - every person's personal space,
fresh positions only, no motion while speaking, zero on e-stop), ``behavior_tree``
(std_msgs/String, the tree with statuses; latched), ``behavior_tree/json`` (std_msgs/String,
the same as JSON for the dashboard, :mod:`~resonance_robot.tree.snapshot`; latched),
``deployment`` (std_msgs/String, latched: this node's deployment setting, compared with the
other guarded nodes'; see :mod:`.deployment`), ``/diagnostics``.
Subscribes: ``persons`` (PersonAffectArray), ``estop`` (std_msgs/Bool: true halts motion at
once and on every tick until false; two subscriptions, reliable transient-local for a latched
publisher and best-effort for any other, so no publisher is missed; with ``estop_timeout`` a
silent e-stop topic counts as pressed), optional ``scan`` (sensor_msgs/LaserScan in the base
frame: obstacles for the safety layer), ``robot_speaking`` (std_msgs/Bool, latched),
``person_speaking`` (std_msgs/Bool, latched: the robot does not start talking while the
person talks - :mod:`~resonance_robot.core.decision.turn_taking`).
Dead-man: while moving, ``cmd_vel`` is re-published at ``deadman_rate`` and drops to zero
when the tree has not ticked for ``deadman_timeout``; a zero Twist is published on shutdown
and when a callback raises (the process then exits non-zero, see ``run_node``).
Services: ``set_privacy`` (resonance_robot_msgs/SetPrivacy): privacy mode on or off,
announced; the spoken commands 'stop watching me' / 'you can watch me again' do the same.
"""

from __future__ import annotations

from collections.abc import Mapping
import math
import threading
import time
from typing import Any

from builtin_interfaces.msg import Time as TimeMsg
from geometry_msgs.msg import Twist
from rclpy.duration import Duration
from rclpy.event_handler import SubscriptionEventCallbacks
from rclpy.qos import qos_profile_sensor_data
from rclpy.timer import Timer
from resonance_robot_msgs.msg import FaceExpression, PersonAffectArray, SocialAction, Utterance
from resonance_robot_msgs.srv import SetPrivacy
from sensor_msgs.msg import LaserScan
from std_msgs.msg import Bool, String

from .base import ResonanceNode, run_node
from .deployment import DeploymentWatch
from .qos import CUE_QOS, RELIABLE_QOS, STATE_QOS, UTTERANCE_QOS
from ..conversions.safety import msg_to_scan
from ..conversions.social import (
    action_command_to_msg, face_command_to_msg, msg_to_persons, speech_to_msg, speed_to_twist)
from ..core.decision.params import SOCIAL_PARAMS, SocialParams
from ..core.decision.situation import SocialInputs
from ..core.decision.turn_taking import TurnTaking
from ..core.errors import ConfigError, InvalidInput
from ..core.ethics import disclosure_problem, PrivacySwitch
from ..core.fusion.fusion import PersonEstimate
from ..core.params import ParamSpec, ParamValue
from ..core.safety.corridor import Scan
from ..core.safety.params import SAFETY_PARAMS, SafetyParams
from ..tree.runtime import SocialTree, TickOutput
from ..tree.snapshot import tree_json

PARAMS = SOCIAL_PARAMS + SAFETY_PARAMS + (
    ParamSpec('tick_rate', 10.0, 'Behaviour tree ticks per second.', minimum=1.0,
              maximum=100.0),
    ParamSpec('snapshot_period', 1.0, 'Seconds between behavior_tree snapshots (also sent '
              'when the decision changes).', minimum=0.1, maximum=60.0),
    ParamSpec('publish_zero_velocity', False, 'Publish cmd_vel on every tick, also when '
              'still (off: only while moving, and once when stopping).'),
    ParamSpec('tick_on_persons', True, 'Also tick when persons with new evidence arrive (at '
              'most max_tick_rate; one arriving sooner is answered as soon as the rate '
              'allows), so the face answers within a frame instead of a tick period.'),
    ParamSpec('max_tick_rate', 60.0, 'Upper bound on ticks per second with tick_on_persons.',
              minimum=1.0, maximum=200.0),
    ParamSpec('turn_gap', 0.3, 'Turn-taking: seconds of silence after the person stops '
              'speaking before the robot speaks.', minimum=0.0, maximum=5.0),
    ParamSpec('turn_max_hold', 6.0, 'Turn-taking: the longest an utterance waits for the '
              'person to finish (seconds).', minimum=0.0, maximum=60.0),
    ParamSpec('estop_timeout', 0.0, 'Seconds without an estop message after which the e-stop '
              'counts as pressed (0: off; use it with a heartbeat e-stop).', minimum=0.0,
              maximum=60.0),
    ParamSpec('deadman_rate', 10.0, 'While moving, cmd_vel is re-published this often (Hz).',
              minimum=1.0, maximum=100.0),
    ParamSpec('deadman_timeout', 0.5, 'Seconds without a tree tick after which motion is '
              'stopped (zero cmd_vel).', minimum=0.05, maximum=10.0),
)

INPUT_QOS = CUE_QOS
LATCHED = STATE_QOS
ESTOP_LATCHED_QOS = STATE_QOS
COMMAND_QOS = RELIABLE_QOS


class SocialBehaviorNode(ResonanceNode):
    """Ticks the social tree and publishes its decisions and commands."""

    PARAMS = PARAMS

    def __init__(self, **kwargs: Any) -> None:
        super().__init__('social_behavior', **kwargs)
        self._lock = threading.Lock()
        self._privacy = PrivacySwitch()
        self._persons: tuple[PersonEstimate, ...] = ()
        self._persons_time = -math.inf
        self._persons_stamp: TimeMsg | None = None
        self._last_tick = -math.inf
        self._deferred: Timer | None = None
        self._estop = False
        self._estop_heard = time.monotonic()
        self._scan: Scan | None = None
        self._speaking = False
        self.tree = self._build_tree()
        self.turns = self._build_turns()
        self.deployment = DeploymentWatch(self)  # the tree holds the same guard
        self.param_checks['disclosure'] = self._check_disclosure
        self.param_checks['personal_space'] = lambda v: self._check_space('personal_space', v)
        self.param_checks['give_space_distance'] = (
            lambda v: self._check_space('give_space_distance', v))
        self._action_pub = self.create_publisher(SocialAction, 'social_action', LATCHED)
        self._face_pub = self.create_publisher(FaceExpression, 'face_expression', COMMAND_QOS)
        self._speech_pub = self.create_publisher(Utterance, 'utterance', UTTERANCE_QOS)
        self._cmd_pub = self.create_publisher(Twist, 'cmd_vel', COMMAND_QOS)
        self._tree_pub = self.create_publisher(String, 'behavior_tree', LATCHED)
        # dashboard: the same snapshot as JSON (statuses, guard, disclosure)
        self._tree_json_pub = self.create_publisher(String, 'behavior_tree/json', LATCHED)
        # Privacy mode as latched state: upstream nodes stop inferring while it is true.
        self._privacy_pub = self.create_publisher(Bool, 'privacy', LATCHED)
        self.create_subscription(PersonAffectArray, 'persons', self._on_persons, INPUT_QOS)
        # Two e-stop subscriptions: a reliable subscriber does not match a best-effort
        # publisher, and only a transient-local one receives what was latched before it.
        # A volatile publisher is incompatible with the latched subscription by design (the
        # best-effort one hears it): no warning for that.
        self.create_subscription(
            Bool, 'estop', self._on_estop, ESTOP_LATCHED_QOS,
            event_callbacks=SubscriptionEventCallbacks(incompatible_qos=lambda event: None))
        self.create_subscription(Bool, 'estop', self._on_estop, INPUT_QOS)
        self.create_subscription(LaserScan, 'scan', self._on_scan, qos_profile_sensor_data)
        self.create_subscription(Bool, 'robot_speaking', self._on_speaking, LATCHED)
        self.create_subscription(Bool, 'person_speaking', self._on_person_speaking, LATCHED)
        self.create_service(SetPrivacy, 'set_privacy', self._on_set_privacy)
        self._timer = self.create_timer(1.0 / float(self.params['tick_rate']), self._tick)
        self._last: TickOutput | None = None
        self._last_speed = 0.0
        self._last_turn = 0.0
        self._deadman = self.create_timer(1.0 / float(self.params['deadman_rate']),
                                          self._deadman_check)
        self._last_snapshot = -math.inf
        self._published_privacy: bool | None = None
        self._warned_blind = False
        self._add_diagnostics()
        self.on_params_changed(self._reconfigure)
        self._publish_privacy()
        self.get_logger().info(
            f'social behaviour ticking at {float(self.params["tick_rate"]):g} Hz; '
            f'{self.tree.params.guard.explanation}')

    def _add_diagnostics(self) -> None:
        self.diagnostics.add_value('action', lambda: self._describe('action'))
        self.diagnostics.add_value('target', lambda: self._describe('target'))
        self.diagnostics.add_value('privacy', lambda: 'on' if self._privacy.state.enabled
                                   else 'off')
        self.diagnostics.add_value('guard', lambda: self.tree.params.guard.explanation)
        self.diagnostics.add_value('ticks', lambda: self.tree.ticks)
        self.diagnostics.add_value('speech_held_for_turn', lambda: self.turns.held_total)
        self.diagnostics.add_value('motion_limited_by', lambda: (
            self._last.velocity.limited_by if self._last is not None else ''))
        # Who listens to cmd_vel (a base driver should): seen from here, by node name.
        self.diagnostics.add_value('cmd_vel_listeners', lambda: ','.join(sorted(
            info.node_name for info in self.get_subscriptions_info_by_topic(
                self._cmd_pub.topic_name))))

    # -- configuration --------------------------------------------------------------------

    def _build_tree(self) -> SocialTree:
        try:
            # A blackboard namespace of its own: several of these nodes may share a process.
            namespace = '/social/' + self.get_fully_qualified_name().strip('/')
            return SocialTree(SocialParams.from_values(self.params), privacy=self._privacy,
                              namespace=namespace, safety=SafetyParams.from_values(self.params))
        except (InvalidInput, ValueError) as exc:
            raise ConfigError(f'social_behavior: {exc}') from exc

    def _build_turns(self) -> TurnTaking:
        gap, hold = float(self.params['turn_gap']), float(self.params['turn_max_hold'])
        return TurnTaking(gap=gap, max_hold=max(gap, hold))

    def _check_disclosure(self, value: Any) -> str | None:
        found = disclosure_problem(str(value))
        return f'must inform, not persuade (found {found!r})' if found else None

    def _check_space(self, name: str, value: Any) -> str | None:
        values = {k: float(self.params[k]) for k in ('personal_space', 'give_space_distance')}
        values[name] = float(value)
        if values['give_space_distance'] < values['personal_space']:
            return 'give_space_distance must not be inside personal_space'
        return None

    def _reconfigure(self, changed: Mapping[str, ParamValue]) -> None:
        social = {spec.name for spec in SOCIAL_PARAMS + SAFETY_PARAMS}
        if social & set(changed):
            self.deployment.update()
            self.tree.shutdown()
            self.tree = self._build_tree()
            self.get_logger().info('parameters changed: tree rebuilt (interaction memory '
                                   f'reset); {self.tree.params.guard.explanation}')
        if {'turn_gap', 'turn_max_hold'} & set(changed):
            with self._lock:
                self.turns = self._build_turns()
        if 'deadman_rate' in changed:
            self._deadman.cancel()
            self.destroy_timer(self._deadman)
            self._deadman = self.create_timer(1.0 / float(self.params['deadman_rate']),
                                              self._deadman_check)
        if 'tick_rate' in changed:
            self._timer.cancel()
            self.destroy_timer(self._timer)
            self._timer = self.create_timer(1.0 / float(self.params['tick_rate']), self._tick)

    # -- inputs ---------------------------------------------------------------------------

    def _now(self) -> float:
        return self.get_clock().now().nanoseconds * 1e-9

    def _on_persons(self, msg: PersonAffectArray) -> None:
        try:
            persons = msg_to_persons(msg)
        except InvalidInput as exc:
            self.warn_input('bad_persons', f'persons: {exc}')
            return
        with self._lock:
            self._persons, self._persons_time = persons, self._now()
            fresh = msg.header.stamp != self._persons_stamp  # new evidence, not a repeat
            self._persons_stamp = msg.header.stamp
        if not (self.params['tick_on_persons'] and fresh):
            return
        wait = self._last_tick + 1.0 / float(self.params['max_tick_rate']) - time.monotonic()
        if wait <= 0.0:
            self._tick()  # callbacks are serialised: no tick runs concurrently
        elif self._deferred is None:
            # Too soon after the last tick: tick when max_tick_rate allows, not a timer
            # period later (new evidence is answered within 1/max_tick_rate).
            self._deferred = self.create_timer(wait, self._deferred_tick)

    def _deferred_tick(self) -> None:
        if self._deferred is not None:
            self.destroy_timer(self._deferred)
            self._deferred = None
        self._tick()

    def _on_estop(self, msg: Bool) -> None:
        pressed = bool(msg.data)
        with self._lock:
            was, self._estop = self._estop, pressed
            self._estop_heard = time.monotonic()
        if pressed:
            self.stop_motion()  # now, before the next tick
        if pressed != was:
            self.get_logger().warning('e-stop pressed: halting' if pressed else 'e-stop released')

    def _on_scan(self, msg: LaserScan) -> None:
        try:
            scan = msg_to_scan(msg, self._now())
        except InvalidInput as exc:
            self.warn_input('bad_scan', f'scan: {exc}')
            return
        with self._lock:
            self._scan = scan

    def _estop_pressed(self) -> bool:
        """Return the e-stop state (a silent topic counts as pressed with estop_timeout)."""
        timeout = float(self.params['estop_timeout'])
        silent = timeout > 0.0 and time.monotonic() - self._estop_heard > timeout
        return self._estop or silent

    def stop_motion(self, final: bool = False) -> None:
        """
        Publish a zero Twist now and remember the base is still.

        ``final`` (shutdown, a failure): wait up to a second until reliable subscribers have
        it, since the process is about to end.
        """
        pub = getattr(self, '_cmd_pub', None)  # absent when __init__ failed part-way
        if pub is not None and self.context.ok():  # after a failure it was already sent
            pub.publish(speed_to_twist(0.0))
            if final:
                pub.wait_for_all_acked(Duration(seconds=1.0))
        self._last_speed = self._last_turn = 0.0

    def _deadman_check(self) -> None:
        """While moving, repeat the command; stop when the tree has not ticked in time."""
        if self._last_speed == 0.0 and self._last_turn == 0.0:
            return
        if time.monotonic() - self._last_tick > float(self.params['deadman_timeout']):
            self.get_logger().error('dead-man: no decision tick for '
                                    f'{float(self.params["deadman_timeout"]):g} s; stopping')
            self.stop_motion()
            return
        self._cmd_pub.publish(speed_to_twist(self._last_speed, self._last_turn))

    def _on_speaking(self, msg: Bool) -> None:
        with self._lock:
            self._speaking = bool(msg.data)

    def _on_person_speaking(self, msg: Bool) -> None:
        with self._lock:
            self.turns.person_speaking(bool(msg.data), self._now())

    def _on_set_privacy(self, request: SetPrivacy.Request,
                        response: SetPrivacy.Response) -> SetPrivacy.Response:
        reason = request.reason.strip() or 'asked by service'
        state = self._privacy.request(bool(request.enabled), reason, 'service', self._now())
        response.success = True
        response.enabled = state.enabled
        response.message = (f'privacy mode {"on" if state.enabled else "off"} ({state.reason}); '
                            'announced on the next tick')
        self.get_logger().info(response.message)
        self._publish_privacy()
        return response

    # -- the tick -------------------------------------------------------------------------

    def _tick(self) -> None:
        started = time.perf_counter()
        self._last_tick = time.monotonic()
        now_msg = self.get_clock().now()
        with self._lock:
            inputs = SocialInputs(now=now_msg.nanoseconds * 1e-9, persons=self._persons,
                                  persons_time=self._persons_time, estop=self._estop_pressed(),
                                  robot_speaking=self._speaking)
            evidence_stamp = self._persons_stamp
            scan = self._scan
        out = self.tree.tick(inputs, scan)
        stamp = now_msg.to_msg()
        if out.changed:
            self._action_pub.publish(action_command_to_msg(out.command, stamp))
            # a reason names a person's affect: on the topic, not in log files by default
            self.get_logger().debug(out.command.reason)
        with self._lock:
            target = next((p for p in inputs.persons
                           if p.person_id == out.command.target), None)
            self.turns.adapt(target.signals.pause_between if target is not None else 0.0)
            ready = self.turns.poll(inputs.now)
            for speech in out.speech:
                ready += self.turns.offer(speech, inputs.now)
        for speech in ready:
            self._speech_pub.publish(speech_to_msg(speech, stamp))
        # The face's stamp is that of the evidence it answers (camera time when a face was
        # seen), so stimulus-to-face latency can be measured; without persons, the tick time.
        self._face_pub.publish(face_command_to_msg(
            out.face, evidence_stamp if evidence_stamp is not None and inputs.persons
            else stamp))
        speed, turn = (0.0, 0.0) if inputs.estop else (out.linear, out.angular)
        moving = speed != 0.0 or turn != 0.0
        if moving or self._last_speed != 0.0 or self._last_turn != 0.0 or self.params[
                'publish_zero_velocity']:
            self._cmd_pub.publish(speed_to_twist(speed, turn))
        self._last_speed, self._last_turn = speed, turn
        self._publish_privacy()
        self._last = out
        if out.velocity.limited_by.startswith('no range sensor') and not self._warned_blind:
            self._warned_blind = True
            self.get_logger().warning(
                "no fresh 'scan' (sensor_msgs/LaserScan): no forward motion - the camera "
                'cannot see people beside the robot (blind_forward_speed allows a slow one)')
        if out.changed or inputs.now - self._last_snapshot >= float(
                self.params['snapshot_period']):
            self._last_snapshot = inputs.now
            header = (f't={inputs.now:.2f} action={str(out.command.action)} '
                      f'target={out.command.target or "-"}\nreason: {out.command.reason}\n')
            self._tree_pub.publish(String(data=header + self.tree.snapshot()))
            self._tree_json_pub.publish(String(data=tree_json(self.tree)))  # dashboard
        self.diagnostics.tick()
        self.diagnostics.latency(time.perf_counter() - started)

    def _publish_privacy(self) -> None:
        enabled = self._privacy.state.enabled
        if self._privacy_pub is not None and enabled != self._published_privacy:
            self._privacy_pub.publish(Bool(data=enabled))
        self._published_privacy = enabled

    def _describe(self, what: str) -> str:
        out = self._last
        if out is None:
            return '-'
        return str(out.command.action) if what == 'action' else (out.command.target or '-')

    def destroy_node(self) -> None:
        """Stop the base, release the tree, then the node."""
        tree = getattr(self, 'tree', None)  # absent when __init__ failed part-way
        if tree is not None:
            self.stop_motion(final=True)  # a final zero Twist, whatever the base was doing
            tree.shutdown()
        super().destroy_node()


def main(args: list[str] | None = None) -> int:
    """Run ``social_behavior`` until Ctrl-C."""
    return run_node(SocialBehaviorNode, args)


if __name__ == '__main__':
    raise SystemExit(main())
