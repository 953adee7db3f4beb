# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Run the stack on a recording: camera images and audio from a rosbag2 are played into the graph.

Record with ``resonance-robot demo --record`` or ``ros2 bag record -s mcap image audio`` on a
robot; the replay publishes the bag's ``image`` and ``audio`` topics (or those given with
``--topics``) at their recorded pace and prints every decision the robot makes.

Examples::

    resonance-robot replay resonance_demo/bag
    resonance-robot replay robot_session/ --speed 2 --json
"""

from __future__ import annotations

import argparse
import json
import sys
import time

NAME = 'replay'
HELP = 'run the stack on a rosbag2 recording of camera and microphone topics'


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``resonance-robot replay``."""
    parser.add_argument('bag', help='rosbag2 folder (MCAP or sqlite3)')
    parser.add_argument('--topics', default='image,audio',
                        help='recorded topics to play into the graph (default: %(default)s)')
    parser.add_argument('--speed', type=float, default=1.0,
                        help='playback speed (default: %(default)s)')
    parser.add_argument('--params-file', action='append', default=[], metavar='YAML',
                        help='extra parameter file(s) for the nodes')
    parser.add_argument('--json', action='store_true', help='print the decisions as JSON')


def run(args: argparse.Namespace) -> int:
    """Play the bag into the stack and report the decisions."""
    from rclpy.node import Node
    from rclpy.qos import qos_profile_sensor_data, QoSProfile, ReliabilityPolicy

    from ..core.errors import ConfigError, InvalidInput
    from ..core.records.timeline import Decision, Timeline
    from ..demo.recording import read_bag
    from ..stack import bringup
    from ..stack.bringup import Topic
    from ..stack.probe import message_class, TopicProbe
    from ..stack.runner import is_available, StackRunner

    if not 0.1 <= args.speed <= 20.0:
        raise ConfigError(f'--speed must be in [0.1, 20], got {args.speed:g}')
    wanted = [t.strip().lstrip('/') for t in args.topics.split(',') if t.strip()]
    messages = list(read_bag(args.bag, wanted))
    if not messages:
        raise InvalidInput(f'{args.bag}: none of the topics {", ".join(wanted)} were recorded')
    specs = tuple(s for s in bringup.stack() if is_available(s))
    timeline = Timeline()
    with StackRunner(specs, params_files=args.params_file) as runner:
        player = runner.add_node(Node('bag_player', context=runner.context))
        publishers = {}
        for message in messages:
            if message.topic not in publishers:
                reliable = QoSProfile(depth=100, reliability=ReliabilityPolicy.RELIABLE)
                qos = qos_profile_sensor_data if message.type.endswith('Image') else reliable
                publishers[message.topic] = player.create_publisher(
                    message_class(message.type), message.topic.lstrip('/'), qos)
        probe = runner.add_node(TopicProbe(
            [Topic('social_action', 'resonance_robot_msgs/msg/SocialAction')],
            'replay_probe', context=runner.context))
        start = time.monotonic()
        probe.listeners.append(lambda _, msg: timeline.decide(Decision(
            time.monotonic() - start, msg.action, msg.target_person_id, float(msg.intensity),
            msg.reason, tuple(msg.evidence))))
        probe.wait_for(lambda: all(player.count_subscribers(t.lstrip('/')) > 0
                                   for t in publishers), timeout=20.0)
        start = time.monotonic()
        first = messages[0].timestamp
        for index, message in enumerate(messages):
            due = (message.timestamp - first) / 1e9 / args.speed
            delay = due - (time.monotonic() - start)
            if delay > 0:
                time.sleep(delay)
            publishers[message.topic].publish(message.msg)
            if not args.json and index % 50 == 0:
                sys.stderr.write(f'\rreplay: {due:6.1f} s, {index + 1}/{len(messages)} '
                                 f'messages, {len(timeline.decisions)} decisions')
                sys.stderr.flush()
        time.sleep(1.0)  # let the last inputs through the graph
    if args.json:
        print(json.dumps([{'t': round(d.t, 3), 'action': d.action, 'target': d.target,
                           'reason': d.reason} for d in timeline.decisions], indent=2))
        return 0
    print(f'\nreplay: {len(messages)} messages from {args.bag}; decisions:')
    for decision in timeline.decisions:
        print(f'  {decision.t:6.1f} s  {decision.action:11s} {decision.reason}')
    return 0
