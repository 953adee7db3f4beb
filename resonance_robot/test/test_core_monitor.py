# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The dashboard's pure core: access rules, throttling, state, serialisation, tree marks."""

import json

import numpy as np
import pytest
from resonance_robot.core.errors import ConfigError, InvalidInput
from resonance_robot.core.monitor.access import AccessPolicy, is_loopback, read_token, Verdict
from resonance_robot.core.monitor.frames import to_jpeg
from resonance_robot.core.monitor.state import DashboardState, StateLimits
from resonance_robot.core.monitor.throttle import StreamGate
from resonance_robot.core.monitor.tree import parse_tree
from resonance_robot.core.monitor.views import (
    AffectPoint, DecisionView, DiagnosticView, FaceBox, FacesView, PersonView, RawImage)

TOKEN = 'a-long-enough-token-123'


def test_loopback_addresses_are_recognised():
    assert is_loopback('127.0.0.1') and is_loopback('::1') and is_loopback('localhost')
    assert not is_loopback('0.0.0.0') and not is_loopback('192.168.1.5')
    assert not is_loopback('robot.local')  # a name may resolve anywhere


def test_loopback_bind_makes_a_token_and_lets_anyone_look():
    policy = AccessPolicy.create('127.0.0.1')
    assert policy.generated and len(policy.token) >= 32
    assert policy.check_view(None) is Verdict.ALLOWED
    assert AccessPolicy.create('127.0.0.1').token != policy.token  # fresh each start


def test_exposed_bind_needs_a_configured_token_for_everything():
    with pytest.raises(ConfigError, match='exposes it beyond this machine'):
        AccessPolicy.create('0.0.0.0')
    policy = AccessPolicy.create('0.0.0.0', token=TOKEN)
    assert not policy.generated
    assert policy.check_view(None) is Verdict.UNAUTHORISED
    assert policy.check_view('wrong-token-wrong-token') is Verdict.FORBIDDEN
    assert policy.check_view(TOKEN) is Verdict.ALLOWED


def test_controls_always_need_the_token():
    policy = AccessPolicy.create('127.0.0.1', token=TOKEN)
    assert policy.check(None) is Verdict.UNAUTHORISED
    assert policy.check('') is Verdict.UNAUTHORISED
    assert policy.check(TOKEN + 'x') is Verdict.FORBIDDEN
    assert policy.check(TOKEN) is Verdict.ALLOWED
    assert Verdict.UNAUTHORISED.value == 401 and Verdict.FORBIDDEN.value == 403


def test_a_loopback_bind_only_answers_loopback_host_names():
    policy = AccessPolicy.create('127.0.0.1')
    for host in ('127.0.0.1:8088', 'localhost:8088', '[::1]:8088', 'localhost'):
        assert policy.check_host(host), host
    for host in ('evil.example:8088', 'evil.example', '192.168.1.5:8088', '[fe80::1]:80', ''):
        assert not policy.check_host(host), host  # DNS rebinding: a site's own name
    assert AccessPolicy.create('0.0.0.0', token=TOKEN).check_host('robot.local:8088')


def test_tokens_from_files_and_short_tokens(tmp_path):
    path = tmp_path / 'token'
    path.write_text(TOKEN + '\nignored\n')
    assert read_token('', str(path)) == TOKEN
    assert read_token('given-token-given-token', str(path)) == 'given-token-given-token'
    with pytest.raises(ConfigError, match='at least 16'):
        read_token('short', '')
    with pytest.raises(ConfigError, match='token_file'):
        read_token('', str(tmp_path / 'missing'))


def test_gate_sends_the_newest_at_most_at_its_rate_and_never_while_one_is_in_flight():
    gate = StreamGate.for_rate(5.0)  # 0.2 s apart
    assert not gate.should_send(0, 0.0)  # nothing new
    assert gate.should_send(1, 0.0)
    gate.mark_sent(1, 0.0)
    assert not gate.should_send(2, 0.1)  # in flight
    gate.mark_written()
    assert not gate.should_send(2, 0.1)  # too soon
    assert gate.should_send(5, 0.25)
    gate.mark_sent(5, 0.25)
    assert gate.dropped == 3 and gate.sent == 2  # versions 2..4 were never sent
    with pytest.raises(ConfigError):
        StreamGate.for_rate(0.0)


def _affect(expression='happy', valence=0.7, arousal=0.3):
    return AffectPoint(expression, valence, arousal, 0.9)


def _person(pid='p1', valence=0.7):
    return PersonView(pid, _affect(valence=valence), face=_affect(valence=valence), voice=None,
                      face_weight=1.0, engaged=True)


def _image():
    pixels = np.zeros((40, 60, 3), np.uint8)
    return RawImage('bgr8', 60, 40, 180, pixels.tobytes())


def test_snapshot_is_json_with_ages_and_no_nan():
    state = DashboardState()
    state.set_faces(FacesView(640, 480, (FaceBox('face_1', 10, 20, 100, 120, _affect()),)), 10.0)
    state.set_persons([_person()], 10.0)
    state.add_decision(DecisionView('share_joy', 'p1', 0.6, 'sustained happiness',
                                    ('valence +0.70',)), 10.0)
    state.set_speech('You look happy!', 'cheerful', 10.0)
    state.set_diagnostic(DiagnosticView('face_affect', 'ok', 'ok', (('rate_hz', '15.0'),)), 10)
    snap = state.snapshot(11.0)
    text = json.dumps(snap, allow_nan=False)  # raises on NaN
    back = json.loads(text)
    assert back['faces']['faces'][0] == {
        'id': 'face_1', 'box': [10, 20, 100, 120], 'expression': 'happy', 'valence': 0.7,
        'arousal': 0.3, 'confidence': 0.9}
    assert back['persons'][0]['voice'] is None
    assert back['history']['p1']['t'] == [-1.0]
    assert back['history']['p1']['voice_valence'] == [None]  # NaN became null
    assert back['decisions'][0]['age'] == 1.0 and back['decisions'][0]['action'] == 'share_joy'
    assert back['speech']['text'] == 'You look happy!'
    assert back['diagnostics'][0]['values'] == {'rate_hz': '15.0'}


def test_old_faces_and_persons_are_not_shown_and_history_is_a_sliding_window():
    state = DashboardState(StateLimits(history_seconds=10.0, history_step=0.5, stale_after=2.0))
    for i in range(40):  # 20 s at 2 Hz
        state.set_persons([_person(valence=i / 40)], i * 0.5)
    snap = state.snapshot(19.5)
    history = snap['history']['p1']
    assert len(history['t']) == 21 and history['t'][0] == -10.0 and history['t'][-1] == 0.0
    state.set_faces(FacesView(10, 10, ()), 19.5)
    assert state.snapshot(30.0)['faces'] is None and state.snapshot(30.0)['persons'] == []
    state.set_persons([], 100.0)
    assert state.snapshot(100.0)['history'] == {}  # gone people are forgotten


def test_history_keeps_at_most_one_sample_per_step():
    state = DashboardState(StateLimits(history_step=0.25))
    for i in range(100):
        state.set_persons([_person()], i * 0.01)  # 100 Hz for 1 s
    assert len(state.snapshot(1.0)['history']['p1']['t']) == 4


def test_privacy_blanks_every_image_and_forgets_faces_and_history():
    state = DashboardState()
    state.set_image('camera', _image(), 1.0)
    state.set_image('face', _image(), 1.0)
    state.set_faces(FacesView(60, 40, (FaceBox('f', 1, 1, 5, 5, _affect()),)), 1.0)
    state.set_persons([_person()], 1.0)
    version, image = state.image('camera')
    assert image is not None
    state.set_flag('privacy', True)
    new_version, image = state.image('camera')
    assert image is None and new_version > version  # the browser is sent a blank at once
    assert state.image('face')[1] is None
    state.set_image('camera', _image(), 2.0)  # frames arriving now are not kept
    state.set_faces(FacesView(60, 40, (FaceBox('f', 1, 1, 5, 5, _affect()),)), 2.0)
    state.set_persons([_person()], 2.0)
    snap = state.snapshot(2.0)
    assert state.image('camera')[1] is None and snap['faces'] is None
    assert snap['persons'] == [] and snap['history'] == {} and snap['flags']['privacy']
    state.set_flag('privacy', False)
    state.set_image('camera', _image(), 3.0)
    assert state.image('camera')[1] is not None


def test_a_frame_given_as_a_function_is_made_only_when_asked_for():
    state = DashboardState()
    made = []

    def frame():
        made.append(1)
        return _image()

    for i in range(30):
        state.set_image('camera', frame, i / 30)
    assert made == []  # thirty frames arrived, none decoded
    version, image = state.image('camera')
    assert image == _image() and made == [1] and version == 30
    state.set_flag('privacy', True)
    assert state.image('camera')[1] is None and made == [1]


def test_versions_grow_per_stream():
    state = DashboardState()
    before = state.versions()
    state.set_image('camera', _image(), 0.0)
    after = state.versions()
    assert after['camera'] == before['camera'] + 1 and after['state'] == before['state']
    state.set_flag('estop', True)
    assert state.versions()['state'] == before['state'] + 1
    with pytest.raises(KeyError):
        state.set_flag('self_destruct', True)


def test_frames_are_shrunk_jpegs():
    pixels = np.zeros((480, 640, 3), np.uint8)
    pixels[:, :, 2] = 255
    data = to_jpeg(RawImage('bgr8', 640, 480, 1920, pixels.tobytes()), max_width=320)
    import cv2
    decoded = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    assert decoded.shape == (240, 320, 3) and decoded[120, 160, 2] > 240
    with pytest.raises(InvalidInput):
        to_jpeg(RawImage('bgr8', 640, 480, 1920, b'short'))


def _tree_text():
    def node(name, kind, status, children=()):
        return {'name': name, 'kind': kind, 'status': status, 'feedback': '',
                'children': list(children)}
    root = node('Resonance', 'Parallel', 'RUNNING', [
        node('Gather', 'Sequence', 'SUCCESS', [node('Read inputs', 'ReadInputs', 'SUCCESS')]),
        node('Priorities', 'Selector', 'SUCCESS', [
            node('Safety', 'Sequence', 'FAILURE', [node('E-stop?', 'Has', 'FAILURE')]),
            node('Share joy', 'Sequence', 'SUCCESS', [node('Happy?', 'Has', 'SUCCESS')]),
            node('Idle', 'Idle', 'INVALID')])])
    return json.dumps({'root': root, 'state': {'deployment_context': 'home'}})


def test_tree_marks_the_running_branch():
    tree = parse_tree(_tree_text())
    assert tree.branch == 'Share joy'
    priorities = tree.root.children[1]
    assert [c.active for c in priorities.children] == [False, True, False]
    assert priorities.children[1].children[0].active
    assert not priorities.children[0].children[0].active
    assert tree.to_json()['state'] == {'deployment_context': 'home'}


def test_bad_tree_snapshots_are_refused():
    for text in ('not json', '[]', '{"root": 3}',
                 '{"root": {"name": "x", "status": "DANCING"}}'):
        with pytest.raises(InvalidInput):
            parse_tree(text)
    deep = {'name': 'n', 'status': 'SUCCESS', 'children': []}
    deep['children'] = [dict(deep) for _ in range(600)]
    with pytest.raises(InvalidInput, match='more than'):
        parse_tree(json.dumps({'root': deep}))


def test_views_validate():
    with pytest.raises(InvalidInput):
        AffectPoint('happy', 2.0, 0.0, 1.0)
    with pytest.raises(InvalidInput):
        FaceBox('f', -1, 0, 5, 5, _affect())
    with pytest.raises(InvalidInput):
        PersonView('', _affect())


def test_the_social_tree_snapshot_parses_with_its_running_branch():
    from resonance_robot.core.decision.situation import SocialInputs
    from resonance_robot.tree.runtime import SocialTree
    from resonance_robot.tree.snapshot import tree_json

    tree = SocialTree(namespace='/test_monitor_snapshot')
    try:
        tree.tick(SocialInputs(now=1.0, persons=(), persons_time=1.0))
        view = parse_tree(tree_json(tree))
    finally:
        tree.shutdown()
    assert view.branch == 'Idle'  # nobody there
    assert view.root.active and view.root.kind == 'Parallel'
    state = dict(view.state)
    assert state['deployment_context'] == 'home' and state['guard_allowed'] is True
    assert state['privacy'] is False and state['disclosed'] == [] and state['ticks'] == 1
