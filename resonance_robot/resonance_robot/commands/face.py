# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Draw the robot's face: one expression as a PNG, a contact sheet of all, or an animation.

Examples::

    resonance-robot face --expression happy --out happy.png
    resonance-robot face --expression sad --valence -0.9 --gaze-y -0.5 --out sad.png
    resonance-robot face --sheet faces.png
    resonance-robot face --expression excited --speaking --animate talk.gif --seconds 2
"""

from __future__ import annotations

import argparse

NAME = 'face'
HELP = "draw the robot's face (an expression, a contact sheet, an animation)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``resonance-robot face``."""
    parser.add_argument('--expression', '-e', default='neutral',
                        help='expression name (default: %(default)s; --list shows them)')
    parser.add_argument('--valence', type=float, default=0.0,
                        help="the robot's valence, -1..1, shading the expression")
    parser.add_argument('--arousal', type=float, default=0.0,
                        help="the robot's arousal, -1..1, shading the expression")
    parser.add_argument('--gaze-x', type=float, default=0.0, help='gaze, -1 left .. 1 right')
    parser.add_argument('--gaze-y', type=float, default=0.0, help='gaze, -1 down .. 1 up')
    parser.add_argument('--width', type=int, default=480, help='pixels (default: %(default)s)')
    parser.add_argument('--height', type=int, default=320, help='pixels (default: %(default)s)')
    parser.add_argument('--out', '-o', metavar='FILE.png', help='write the face here')
    parser.add_argument('--sheet', metavar='FILE.png',
                        help='write a contact sheet of every expression here')
    parser.add_argument('--columns', type=int, default=5, help='tiles per row of the sheet')
    parser.add_argument('--animate', metavar='FILE.gif',
                        help='write an animation: neutral, then the expression (blinking)')
    parser.add_argument('--seconds', type=float, default=3.0,
                        help='length of the animation (default: %(default)s)')
    parser.add_argument('--fps', type=float, default=25.0,
                        help='frames per second of the animation (default: %(default)s)')
    parser.add_argument('--speaking', action='store_true',
                        help='the robot is speaking in the animation (the mouth moves)')
    parser.add_argument('--list', action='store_true', help='list the expression names')


def _write_image(path: str, image: object) -> None:
    import cv2

    from ..core.errors import InvalidInput

    try:
        ok = cv2.imwrite(path, image)  # type: ignore[call-overload]
    except cv2.error as exc:
        raise InvalidInput(f'cannot write {path}: {exc}') from exc
    if not ok:
        raise InvalidInput(f'cannot write {path} (is the folder there, the suffix .png?)')
    print(f'wrote {path}')


def run(args: argparse.Namespace) -> int:
    """Render what the options ask for."""
    from ..core.affect import Expression
    from ..core.errors import ConfigError, InvalidInput
    from ..core.expression.face.animation import FaceAnimator
    from ..core.expression.face.pose import face_target_from_values, FaceTarget, target_pose
    from ..core.expression.face.render import contact_sheet, FaceRenderer

    if args.list:
        print('\n'.join(e.value for e in Expression))
        return 0
    if not (args.out or args.sheet or args.animate):
        raise ConfigError('say where to write: --out FILE.png, --sheet FILE.png or '
                          '--animate FILE.gif')
    try:
        target, repairs = face_target_from_values(
            args.expression, args.valence, args.arousal, args.gaze_x, args.gaze_y)
        renderer = FaceRenderer(args.width, args.height)
    except InvalidInput as exc:
        raise ConfigError(str(exc)) from None
    for repair in repairs:
        print(f'note: clamped {repair}')
    if args.out:
        _write_image(args.out, renderer.render(target_pose(target)))
    if args.sheet:
        tiles = [(e.value, renderer.render(target_pose(FaceTarget(expression=e))))
                 for e in Expression if e is not Expression.UNKNOWN]
        _write_image(args.sheet, contact_sheet(tiles, args.columns))
    if args.animate:
        import imageio.v3 as imageio
        import numpy as np
        from tqdm import tqdm

        if not 1.0 <= args.fps <= 60.0 or not 0.1 <= args.seconds <= 60.0:
            raise ConfigError('--fps must be in [1, 60] and --seconds in [0.1, 60]')
        animator = FaceAnimator(0.0, blink_interval=2.5, idle_gaze=0.15, seed=7)
        frames = []
        count = int(args.seconds * args.fps)
        for index in tqdm(range(count), desc='frames', unit='frame', leave=False):
            now = index / args.fps
            if index == int(0.5 * args.fps):
                animator.set_target(target, now)
                animator.set_speaking(args.speaking, now)
            frame = renderer.render(animator.step(now))
            frames.append(np.ascontiguousarray(frame[:, :, ::-1]))
        # Pillow merges identical consecutive frames, adding up their durations (in ms).
        imageio.imwrite(args.animate, np.stack(frames), duration=1000.0 / args.fps, loop=0)
        print(f'wrote {args.animate} ({count} frames)')
    return 0
