# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Node ``hri_bridge``: the package's perception as ROS4HRI (REP-155) topics, and back.

With ``faces_from: resonance`` (default) it republishes ``faces`` as
``/humans/faces/tracked`` (hri_msgs/IdsList) and, per face, ``/humans/faces/<id>/roi``
(hri_msgs/NormalizedRegionOfInterest2D) and ``/humans/faces/<id>/expression``
(hri_msgs/Expression), each with the camera frame's header. With ``faces_from: ros4hri`` it
does the opposite for faces: it reads a ROS4HRI face pipeline's tracked list, regions and
expressions and publishes them as ``faces`` (resonance_robot_msgs/FaceAffectArray), in place
of ``face_affect``. Either way it publishes ``persons`` as ``/humans/persons/tracked``,
``/humans/persons/<id>/face_id`` and ``voice_id`` (std_msgs/String, latched) and
``engagement_status`` (hri_msgs/EngagementLevel), and voices as ``/humans/voices/tracked``,
``/humans/voices/<id>/speech`` (hri_msgs/LiveSpeech) and ``is_speaking`` (std_msgs/Bool).
The vocabulary and id mapping is :mod:`resonance_robot.core.fusion.hri`.

Parameters: ``faces_from`` (``resonance`` or ``ros4hri``, read-only), ``image_width`` /
``image_height`` (pixels of the ROS4HRI camera, for ``ros4hri`` input), ``language`` (put on
published speech).
Subscribes: ``faces`` (or ``/humans/faces/tracked`` and per-face ``roi`` and ``expression``
with ``ros4hri``), ``persons``, ``voice``, ``person_speaking`` (latched).
Publishes: the ``/humans/...`` topics above (per-id topics appear and go with their id),
``faces`` with ``ros4hri``, ``/diagnostics`` (rate, ``hri_msgs`` ok or missing, bad inputs).

Without ``hri_msgs`` the node starts, logs how to get it, reports ``hri_msgs: missing`` as an
error on ``/diagnostics``, and bridges nothing.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from rclpy.publisher import Publisher
from rclpy.subscription import Subscription
from resonance_robot_msgs.msg import FaceAffectArray, PersonAffectArray, VoiceAffect
from std_msgs.msg import Bool, Header, String

from .base import ResonanceNode, run_node
from .qos import CUE_QOS, RELIABLE_QOS, STATE_QOS
from ..core.errors import InvalidInput
from ..core.fusion.hri import engagement_level, hri_id, HriFaceBook
from ..core.params import ParamSpec

PARAMS = (
    ParamSpec('faces_from', 'resonance', "Direction of the face topics: 'resonance' publishes "
              "faces as /humans/faces/*, 'ros4hri' reads /humans/faces/* into faces (instead "
              'of face_affect).', choices=('resonance', 'ros4hri'), read_only=True),
    ParamSpec('image_width', 640, "Width of the ROS4HRI camera's images, pixels (faces_from "
              'ros4hri: turns normalised regions into pixels).', minimum=1, maximum=16384),
    ParamSpec('image_height', 480, "Height of the ROS4HRI camera's images, pixels.",
              minimum=1, maximum=16384),
    ParamSpec('language', 'en-US', 'IETF language code put on published speech.'),
)

MISSING = ('hri_msgs is not installed: nothing is bridged. Build it into the venv with '
           "`make hri-msgs` or install your distribution's hri_msgs (rosdep key hri_msgs).")
"""What the node says when hri_msgs cannot be imported."""


def hri_msgs_available() -> bool:
    """Whether the hri_msgs Python package can be imported."""
    return importlib.util.find_spec('hri_msgs') is not None


def status_line() -> str:
    """One line for the command line: whether the bridge can publish REP-155 topics."""
    if hri_msgs_available():
        return 'hri_bridge: REP-155 topics under /humans (faces, persons, voices)'
    return 'hri_bridge: ' + MISSING


class HriBridgeNode(ResonanceNode):
    """Maps faces, persons and voices to REP-155 topics (and ROS4HRI faces to faces)."""

    PARAMS = PARAMS

    def __init__(self, **kwargs: Any) -> None:
        super().__init__('hri_bridge', **kwargs)
        self.available = hri_msgs_available()
        self.diagnostics.add_value('hri_msgs', lambda: 'ok' if self.available else 'missing')
        self._per_id: dict[str, list[Publisher]] = {}
        self._face_subs: dict[str, list[Subscription]] = {}
        self._sent: dict[str, str] = {}
        self._voices: dict[str, None] = {}
        self._book = HriFaceBook()
        if not self.available:
            self.diagnostics.problem = MISSING
            self.get_logger().error(MISSING)
            return
        from hri_msgs.msg import IdsList
        self._faces_in = self.params['faces_from'] == 'ros4hri'
        self._tracked = {kind: self.create_publisher(IdsList, f'/humans/{kind}/tracked',
                                                     RELIABLE_QOS)
                         for kind in ('faces', 'persons', 'voices')}
        if self._faces_in:
            self._faces_pub = self.create_publisher(FaceAffectArray, 'faces', 10)
            self.create_subscription(IdsList, '/humans/faces/tracked', self._on_hri_tracked,
                                     CUE_QOS)
        else:
            self.create_subscription(FaceAffectArray, 'faces', self._on_faces, CUE_QOS)
        self.create_subscription(PersonAffectArray, 'persons', self._on_persons, CUE_QOS)
        self.create_subscription(VoiceAffect, 'voice', self._on_voice, CUE_QOS)
        self.create_subscription(Bool, 'person_speaking', self._on_speaking, STATE_QOS)
        self.get_logger().info(
            'hri_bridge ready: ' + ('/humans/faces/* -> faces' if self._faces_in
                                    else 'faces -> /humans/faces/*')
            + '; persons -> /humans/persons/*; voice -> /humans/voices/*')

    # -- per-id topics ----------------------------------------------------------------------

    def _id_publishers(self, key: str,
                       topics: tuple[tuple[str, type, Any], ...]) -> list[Publisher]:
        pubs = self._per_id.get(key)
        if pubs is None:
            pubs = [self.create_publisher(cls, name, qos) for name, cls, qos in topics]
            self._per_id[key] = pubs
        return pubs

    def _forget(self, prefix: str, keep: set[str]) -> None:
        """Destroy the per-id publishers under ``prefix`` whose id is not in ``keep``."""
        for key in [k for k in self._per_id if k.startswith(prefix)]:
            if key[len(prefix):] not in keep:
                for pub in self._per_id.pop(key):
                    self.destroy_publisher(pub)
                self._sent = {k: v for k, v in self._sent.items() if not k.startswith(key + '/')}

    def _send_once(self, pub: Publisher, key: str, text: str) -> None:
        """Publish a latched string only when it changed."""
        if self._sent.get(key) != text:
            self._sent[key] = text
            pub.publish(String(data=text))

    # -- ours -> REP-155 --------------------------------------------------------------------

    def _on_faces(self, msg: FaceAffectArray) -> None:
        from hri_msgs.msg import Expression, NormalizedRegionOfInterest2D
        from ..conversions.hri import expression_msg, faces_to_hri, ids_msg, roi_msg
        try:
            faces = faces_to_hri(msg)
        except InvalidInput as exc:
            self.warn_input('bad_faces', f'faces: {exc}')
            return
        ids = [face.face_id for face in faces]
        self._forget('faces/', set(ids))
        for face in faces:
            roi_pub, expression_pub = self._id_publishers(f'faces/{face.face_id}', (
                (f'/humans/faces/{face.face_id}/roi', NormalizedRegionOfInterest2D,
                 RELIABLE_QOS),
                (f'/humans/faces/{face.face_id}/expression', Expression, RELIABLE_QOS)))
            roi_pub.publish(roi_msg(face.roi, msg.header))
            expression_pub.publish(expression_msg(face.affect, msg.header))
        self._tracked['faces'].publish(ids_msg(ids, msg.header))
        self.diagnostics.tick()

    def _on_persons(self, msg: PersonAffectArray) -> None:
        from hri_msgs.msg import EngagementLevel
        from ..conversions.hri import engagement_msg, ids_msg
        try:
            persons = [(hri_id(p.person_id), p) for p in msg.persons if not p.stale]
        except InvalidInput as exc:
            self.warn_input('bad_persons', f'persons: {exc}')
            return
        self._forget('persons/', {pid for pid, _ in persons})
        for pid, person in persons:
            key = f'persons/{pid}'
            face_pub, voice_pub, engagement_pub = self._id_publishers(key, (
                (f'/humans/persons/{pid}/face_id', String, STATE_QOS),
                (f'/humans/persons/{pid}/voice_id', String, STATE_QOS),
                (f'/humans/persons/{pid}/engagement_status', EngagementLevel, RELIABLE_QOS)))
            self._send_once(face_pub, key + '/face', _safe_id(person.face_id))
            self._send_once(voice_pub, key + '/voice', _safe_id(person.voice_id))
            engagement_pub.publish(engagement_msg(
                engagement_level(bool(person.engaged), bool(person.stale)), msg.header))
        self._tracked['persons'].publish(ids_msg([pid for pid, _ in persons], msg.header))

    def _voice_publishers(self, voice_id: str) -> list[Publisher]:
        from hri_msgs.msg import LiveSpeech
        from ..conversions.hri import ids_msg
        self._voices.setdefault(voice_id)
        pubs = self._id_publishers(f'voices/{voice_id}', (
            (f'/humans/voices/{voice_id}/speech', LiveSpeech, RELIABLE_QOS),
            (f'/humans/voices/{voice_id}/is_speaking', Bool, STATE_QOS)))
        header = Header(stamp=self.get_clock().now().to_msg())
        self._tracked['voices'].publish(ids_msg(list(self._voices), header))
        return pubs

    def _on_voice(self, msg: VoiceAffect) -> None:
        from ..conversions.hri import speech_msg
        try:
            voice_id = hri_id(msg.voice_id)
        except InvalidInput as exc:
            self.warn_input('bad_voice', f'voice: {exc}')
            return
        speech_pub, _ = self._voice_publishers(voice_id)
        if msg.transcript:
            speech_pub.publish(speech_msg(msg.transcript, msg.header,
                                          str(self.params['language'])))

    def _on_speaking(self, msg: Bool) -> None:
        voice_id = next(iter(self._voices), 'voice0')
        _, speaking_pub = self._voice_publishers(voice_id)
        speaking_pub.publish(Bool(data=bool(msg.data)))

    # -- REP-155 -> ours --------------------------------------------------------------------

    def _on_hri_tracked(self, msg: Any) -> None:
        from hri_msgs.msg import Expression, NormalizedRegionOfInterest2D
        from ..conversions.hri import hri_faces_to_msg
        appeared, gone = self._book.set_tracked(msg.ids)
        for face_id in gone:
            for sub in self._face_subs.pop(face_id, []):
                self.destroy_subscription(sub)
        for face_id in appeared:
            try:
                token = hri_id(face_id)
            except InvalidInput:
                continue
            self._face_subs[face_id] = [
                self.create_subscription(
                    NormalizedRegionOfInterest2D, f'/humans/faces/{token}/roi',
                    lambda m, f=face_id: self._on_hri_roi(f, m), CUE_QOS),
                self.create_subscription(
                    Expression, f'/humans/faces/{token}/expression',
                    lambda m, f=face_id: self._on_hri_expression(f, m), CUE_QOS)]
        header = msg.header
        if header.stamp.sec == 0 and header.stamp.nanosec == 0:
            header = Header(stamp=self.get_clock().now().to_msg(), frame_id=header.frame_id)
        self._faces_pub.publish(hri_faces_to_msg(
            self._book.faces(), header, int(self.params['image_width']),
            int(self.params['image_height'])))
        self.diagnostics.tick()

    def _on_hri_roi(self, face_id: str, msg: Any) -> None:
        from ..conversions.hri import msg_to_roi
        try:
            self._book.set_roi(face_id, msg_to_roi(msg))
        except InvalidInput as exc:
            self.warn_input('bad_roi', f'/humans/faces/{face_id}/roi: {exc}')

    def _on_hri_expression(self, face_id: str, msg: Any) -> None:
        from ..conversions.hri import msg_to_affect_from_hri
        self._book.set_affect(face_id, msg_to_affect_from_hri(msg))


def _safe_id(local_id: str) -> str:
    """Return the REP-155 id, or '' for none."""
    return hri_id(local_id) if local_id else ''


def main(args: list[str] | None = None) -> int:
    """Run ``hri_bridge`` until Ctrl-C."""
    return run_node(HriBridgeNode, args)
