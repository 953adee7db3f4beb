# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Custom messages and services travel between real rclpy nodes over the middleware."""

import threading

import pytest
from rclpy.executors import MultiThreadedExecutor
from rclpy.node import Node
from rclpy.qos import DurabilityPolicy, QoSProfile, ReliabilityPolicy
from resonance_robot_msgs.msg import Affect, PersonAffect, PersonAffectArray, SocialAction
from resonance_robot_msgs.srv import SetPrivacy

pytestmark = pytest.mark.ros


class Spinner:
    """Spin nodes on a background executor for the duration of a with-block."""

    def __init__(self, context, *nodes):
        self.executor = MultiThreadedExecutor(num_threads=4, context=context)
        for node in nodes:
            self.executor.add_node(node)
        self.thread = threading.Thread(target=self.executor.spin, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.executor.shutdown(timeout_sec=2.0)
        self.thread.join(timeout=2.0)


def test_a_person_affect_array_travels_between_two_nodes(ros_context):
    talker = Node('talker', context=ros_context)
    listener = Node('listener', context=ros_context)
    got = []
    arrived = threading.Event()

    def on_persons(msg):
        got.append(msg)
        arrived.set()

    qos = QoSProfile(depth=1, reliability=ReliabilityPolicy.RELIABLE,
                     durability=DurabilityPolicy.TRANSIENT_LOCAL)
    listener.create_subscription(PersonAffectArray, 'persons', on_persons, qos)
    pub = talker.create_publisher(PersonAffectArray, 'persons', qos)
    sent = PersonAffectArray(persons=[PersonAffect(
        person_id='p1', face_id='f3', distance=1.4, engaged=True,
        affect=Affect(expression=Affect.SAD, valence=-0.6, arousal=-0.3, confidence=0.8,
                      class_names=['sad'], class_probabilities=[0.8]),
        last_commands=['go away'])])
    sent.header.frame_id = 'base_link'
    with Spinner(ros_context, talker, listener):
        pub.publish(sent)
        assert arrived.wait(10.0), 'no PersonAffectArray arrived'
    (msg,) = got
    assert msg is not sent  # it came through the middleware, not by reference
    person = msg.persons[0]
    assert (person.person_id, person.affect.expression, list(person.last_commands)) == (
        'p1', 'sad', ['go away'])
    assert person.affect.valence == pytest.approx(-0.6)
    assert person.distance == pytest.approx(1.4)
    talker.destroy_node()
    listener.destroy_node()


def test_the_privacy_service_answers_a_real_client(ros_context):
    server = Node('privacy_server', context=ros_context)
    client_node = Node('privacy_client', context=ros_context)
    state = {'enabled': False}

    def handle(request, response):
        state['enabled'] = request.enabled
        response.success, response.enabled = True, request.enabled
        response.message = f'privacy {"on" if request.enabled else "off"}: {request.reason}'
        return response

    server.create_service(SetPrivacy, 'set_privacy', handle)
    client = client_node.create_client(SetPrivacy, 'set_privacy')
    with Spinner(ros_context, server, client_node):
        assert client.wait_for_service(timeout_sec=10.0)
        future = client.call_async(SetPrivacy.Request(enabled=True, reason='asked by voice'))
        done = threading.Event()
        future.add_done_callback(lambda _: done.set())
        assert done.wait(10.0)
    assert future.result().message == 'privacy on: asked by voice'
    assert state['enabled'] is True
    server.destroy_node()
    client_node.destroy_node()


def test_social_action_constants_are_the_documented_actions():
    actions = {getattr(SocialAction, n) for n in dir(SocialAction)
               if n.isupper() and isinstance(getattr(SocialAction, n), str)}
    assert actions == {'idle', 'disclose', 'greet', 'attend', 'approach', 'comfort',
                       'share_joy', 'give_space', 'withdraw', 'hand_over', 'halt', 'privacy',
                       'acknowledge'}
