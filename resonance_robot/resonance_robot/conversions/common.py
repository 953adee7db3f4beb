# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Time, affect and image conversions shared by every node."""

from __future__ import annotations

from builtin_interfaces.msg import Time
import numpy as np
import numpy.typing as npt
from resonance_robot_msgs.msg import Affect as AffectMsg
from sensor_msgs.msg import Image

from ..core.affect import Affect, Expression
from ..core.errors import InvalidInput
from ..core.image import decode_image, encode_bgr


def time_to_seconds(stamp: Time) -> float:
    """builtin_interfaces/Time as float seconds."""
    return float(stamp.sec) + float(stamp.nanosec) * 1e-9


def seconds_to_time(seconds: float) -> Time:
    """Float seconds (>= 0) as builtin_interfaces/Time."""
    if not seconds >= 0.0:
        raise InvalidInput(f'time must be a non-negative number of seconds, got {seconds!r}')
    sec = int(seconds)
    nanosec = int(round((seconds - sec) * 1e9))
    if nanosec >= 1_000_000_000:
        sec, nanosec = sec + 1, nanosec - 1_000_000_000
    return Time(sec=sec, nanosec=nanosec)


def affect_to_msg(affect: Affect) -> AffectMsg:
    """Core Affect to resonance_robot_msgs/Affect."""
    names = [name for name, _ in affect.class_probabilities]
    probs = [float(p) for _, p in affect.class_probabilities]
    return AffectMsg(
        expression=affect.expression.value, valence=float(affect.valence),
        arousal=float(affect.arousal), confidence=float(affect.confidence),
        class_names=names, class_probabilities=probs)


def msg_to_affect(msg: AffectMsg) -> Affect:
    """
    resonance_robot_msgs/Affect to core Affect; out-of-range numbers are clamped.

    An unknown expression string is an invalid input (the vocabulary is fixed); an empty one
    means unknown.
    """
    if msg.expression:
        try:
            expression = Expression.parse(msg.expression)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from exc
    else:
        expression = Expression.UNKNOWN
    if len(msg.class_names) != len(msg.class_probabilities):
        raise InvalidInput(
            f'{len(msg.class_names)} class names but {len(msg.class_probabilities)} '
            'probabilities')
    return Affect.clamped(
        expression, msg.valence, msg.arousal, msg.confidence,
        tuple(zip(msg.class_names, (float(p) for p in msg.class_probabilities))))


def image_msg_to_bgr(msg: Image) -> npt.NDArray[np.uint8]:
    """sensor_msgs/Image to an H×W×3 BGR uint8 array; InvalidInput says what is wrong."""
    return decode_image(
        msg.encoding, int(msg.width), int(msg.height), int(msg.step), msg.data,
        bool(msg.is_bigendian))


def bgr_to_image_msg(
    image: npt.NDArray[np.uint8], encoding: str = 'rgb8', frame_id: str = '',
    stamp: Time | None = None,
) -> Image:
    """H×W×3 BGR uint8 array to sensor_msgs/Image in ``encoding`` (rgb8, bgr8 or mono8)."""
    width, height, step, data = encode_bgr(image, encoding)
    msg = Image(height=height, width=width, encoding=encoding, is_bigendian=0, step=step)
    msg.data = data
    msg.header.frame_id = frame_id
    if stamp is not None:
        msg.header.stamp = stamp
    return msg
