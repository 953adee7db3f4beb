# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The robot's face, measured in the rendered images: smiles, blinks, gaze, smooth motion."""

from dataclasses import replace
import math

import numpy as np
import pytest
from resonance_robot.core.affect import Expression
from resonance_robot.core.errors import InvalidInput
from resonance_robot.core.expression.face.animation import (
    BLINK_CLOSE, damp_step, FaceAnimator, settle_omega)
from resonance_robot.core.expression.face.display import display_unavailable, opencv_has_gui
from resonance_robot.core.expression.face.pose import (
    EXPRESSION_POSES, face_target_from_values, FacePose, FaceTarget, NEUTRAL_POSE, target_pose)
from resonance_robot.core.expression.face.render import contact_sheet, FaceRenderer, FaceStyle

RENDERER = FaceRenderer(480, 320)


def render(expression=Expression.NEUTRAL, **values):
    return RENDERER.render(target_pose(FaceTarget(expression=expression, **values)))


def mouth_bend(image):
    """Return (corner row - centre row) of the white lips: negative is a smile."""
    h = image.shape[0]
    lower = image[int(h * 0.68):].astype(int)
    ys, xs = np.nonzero(lower.min(axis=2) > 200)
    left, right = xs.min(), xs.max()
    span = right - left
    corners = ys[(xs < left + span * 0.15) | (xs > right - span * 0.15)].mean()
    centre = ys[np.abs(xs - (left + right) / 2) < span * 0.1].mean()
    return corners - centre


def eye_box(renderer=RENDERER, side=-1):
    """Return slices of the image-left (or right) eye's bounding box."""
    s = renderer.scale
    cx = renderer._ox + (240 + side * 98) * s
    cy = renderer._oy + 142 * s
    rx, ry = 62 * s, 70 * s
    return slice(int(cy - ry), int(cy + ry)), slice(int(cx - rx), int(cx + rx))


def white_pixels(image, box):
    """Count the near-white (sclera) pixels in ``box``."""
    return int((image[box].astype(int).min(axis=2) > 235).sum())


def pupil_centre(image, box):
    """Return the centroid (x, y) of the darkest pixels (the pupil) in ``box``."""
    patch = image[box].astype(int).sum(axis=2)
    ys, xs = np.nonzero(patch < 90)
    return xs.mean(), ys.mean()


def test_a_happy_mouth_curves_up_and_a_sad_one_down():
    assert mouth_bend(render(Expression.HAPPY)) < -8
    assert mouth_bend(render(Expression.SAD)) > 8
    assert abs(mouth_bend(render(Expression.NEUTRAL))) < mouth_bend(render(Expression.SAD))


def test_valence_deepens_the_smile_and_arousal_opens_the_eyes():
    glad, glum = render(valence=1.0), render(valence=-1.0)
    assert mouth_bend(glad) < mouth_bend(render()) < mouth_bend(glum)
    assert white_pixels(render(arousal=1.0), eye_box()) > white_pixels(
        render(arousal=-1.0), eye_box()) * 1.2


def test_the_eyes_close_during_a_blink_and_open_again():
    animator = FaceAnimator(0.0, blink_interval=0.0, seed=1)
    open_eyes = RENDERER.render(animator.step(1.0))
    animator.blink(1.0)
    shut = RENDERER.render(animator.step(1.0 + BLINK_CLOSE))
    after = RENDERER.render(animator.step(2.0))
    for side in (-1, 1):
        box = eye_box(side=side)
        assert white_pixels(open_eyes, box) > 3000
        assert white_pixels(shut, box) < 0.03 * white_pixels(open_eyes, box)
        assert white_pixels(after, box) == white_pixels(open_eyes, box)


def test_blinks_come_at_random_natural_intervals():
    animator = FaceAnimator(0.0, blink_interval=4.0, seed=3)
    closed = [animator.step(i / 50.0).eye_open < 0.5 for i in range(50 * 120)]
    blinks = sum(1 for a, b in zip(closed, closed[1:]) if b and not a)
    assert 15 <= blinks <= 60  # two minutes at one blink per ~4 s
    quiet = FaceAnimator(0.0, blink_interval=0.0, seed=3)
    assert all(quiet.step(i / 10.0).eye_open == 1.0 for i in range(600))


@pytest.mark.parametrize('gaze_x,gaze_y,dx,dy', [
    (1.0, 0.0, 1, 0), (-1.0, 0.0, -1, 0), (0.0, 1.0, 0, -1), (0.0, -0.6, 0, 1)])
def test_gaze_moves_the_pupils(gaze_x, gaze_y, dx, dy):
    box = eye_box()
    x0, y0 = pupil_centre(render(), box)
    x1, y1 = pupil_centre(render(gaze_x=gaze_x, gaze_y=gaze_y), box)
    assert (x1 - x0) * dx >= 0 and (y1 - y0) * dy >= 0
    assert math.hypot(x1 - x0, y1 - y0) > 10.0


def test_a_transition_changes_consecutive_frames_smoothly():
    animator = FaceAnimator(0.0, blink_interval=0.0, seed=1)
    start = RENDERER.render(animator.step(0.0)).astype(int)
    animator.set_target(FaceTarget(Expression.HAPPY, transition=0.5), 0.0)
    frames = [start] + [RENDERER.render(animator.step(i / 30.0)).astype(int)
                        for i in range(1, 46)]
    end = render(Expression.HAPPY).astype(int)
    total = np.abs(end - start).mean()
    steps = [np.abs(b - a).mean() for a, b in zip(frames, frames[1:])]
    assert total > 3.0  # the expressions differ visibly
    assert max(steps) < 0.3 * total  # no frame jumps: the change is spread over many
    assert sum(steps) < 2.0 * total  # and it does not wobble (critically damped)
    assert np.abs(frames[-1] - end).mean() < 0.02 * total  # settled after 1.5 s


def test_a_zero_transition_jumps_at_once():
    animator = FaceAnimator(0.0, blink_interval=0.0, seed=1)
    animator.set_target(FaceTarget(Expression.SAD, transition=0.0), 0.0)
    assert animator.step(0.0) == target_pose(FaceTarget(Expression.SAD))


def test_the_spring_never_overshoots_and_is_exact_for_any_step():
    position, velocity = np.array([0.0]), np.array([0.0])
    target, omega = np.array([1.0]), settle_omega(0.4)
    path = []
    for _ in range(100):
        position, velocity = damp_step(position, velocity, target, omega, 0.01)
        path.append(float(position[0]))
    assert all(b >= a for a, b in zip(path, path[1:])) and max(path) <= 1.0
    assert path[39] == pytest.approx(0.95, abs=0.01)  # 95 % settled at the transition time
    one_step, _ = damp_step(np.array([0.0]), np.array([0.0]), target, omega, 1.0)
    assert float(one_step[0]) == pytest.approx(path[-1])


def test_the_mouth_moves_while_speaking_and_rests_after():
    animator = FaceAnimator(0.0, blink_interval=0.0, seed=2)
    assert animator.step(0.5).mouth_open == 0.0
    animator.set_speaking(True, 0.5)
    openings = [animator.step(0.5 + i / 30.0).mouth_open for i in range(1, 60)]
    assert max(openings) > 0.25 and min(openings[10:]) < max(openings) - 0.15
    animator.set_speaking(False, 2.5)
    assert animator.step(3.5).mouth_open == pytest.approx(0.0, abs=1e-3)


def test_bad_values_are_clamped_and_reported():
    target, repairs = face_target_from_values('happy', math.nan, 4.0, -9.0, 0.5, -1.0)
    assert (target.valence, target.arousal, target.gaze_x, target.gaze_y) == (0.0, 1.0, -1.0,
                                                                              0.5)
    assert target.transition == 0.0
    assert repairs == ('valence nan -> 0', 'arousal 4.0 -> 1', 'gaze_x -9.0 -> -1',
                       'transition_duration -1.0 -> 0')
    target, repairs = face_target_from_values('  SAD ', 0.2, transition=math.nan)
    assert target.expression is Expression.SAD and target.transition == 0.4 and not repairs


def test_unknown_expression_names_list_the_valid_ones():
    with pytest.raises(InvalidInput, match='valid: neutral, happy, sad'):
        face_target_from_values('smirking')
    target, _ = face_target_from_values('')  # empty is unknown, shown as neutral
    assert target.expression is Expression.UNKNOWN
    assert target_pose(target) == NEUTRAL_POSE


def test_every_expression_looks_different_from_the_others():
    images = {e: render(e).astype(int) for e in EXPRESSION_POSES if e is not Expression.UNKNOWN}
    names = list(images)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert np.abs(images[a] - images[b]).mean() > 1.0, (a, b)


def test_values_outside_the_ranges_are_rejected():
    with pytest.raises(ValueError, match='valence'):
        FaceTarget(valence=1.5)
    with pytest.raises(ValueError, match='eye_open'):
        FacePose(eye_open=math.nan)
    assert FacePose.from_array([9.0] * len(NEUTRAL_POSE.to_array())).eye_open == 1.3


@pytest.mark.parametrize('size', [(16, 16), (64, 48), (320, 240), (800, 480), (200, 400),
                                  (1920, 1080)])
def test_any_resolution_shows_the_face_centred(size):
    width, height = size
    image = FaceRenderer(width, height).render(NEUTRAL_POSE).astype(int)
    assert image.shape == (height, width, 3)
    features = np.abs(image - image[0, 0]).sum(axis=2) > 60
    ys, xs = np.nonzero(features)
    assert abs(xs.mean() - (width - 1) / 2) < max(0.03 * width, 1.0)
    assert 0.3 * height < ys.mean() < 0.6 * height


@pytest.mark.parametrize('width,height', [(240, 160), (960, 640)])
def test_other_resolutions_draw_the_same_face_scaled(width, height):
    import cv2

    image = FaceRenderer(width, height).render(target_pose(FaceTarget(Expression.HAPPY)))
    scaled = cv2.resize(image, (480, 320), interpolation=cv2.INTER_AREA
                        if width > 480 else cv2.INTER_LINEAR)
    assert np.abs(scaled.astype(int) - render(Expression.HAPPY).astype(int)).mean() < 4.0


def test_renderer_rejects_bad_sizes_and_output_buffers():
    for width, height in ((8, 100), (100, 0), (10000, 100)):
        with pytest.raises(InvalidInput, match='face'):
            FaceRenderer(width, height)
    with pytest.raises(InvalidInput, match='320x480x3'):
        RENDERER.render(NEUTRAL_POSE, np.zeros((10, 10, 3), np.uint8))


def test_cheeks_blush_when_happy_and_can_be_turned_off():
    happy = target_pose(FaceTarget(Expression.HAPPY))
    plain = FaceRenderer(480, 320, FaceStyle(cheeks_enabled=False))
    region = (slice(200, 245), slice(60, 130))
    with_cheeks = RENDERER.render(happy)[region].astype(int)
    without = plain.render(happy)[region].astype(int)
    red_gain = (with_cheeks[:, :, 2] - without[:, :, 2]).max()
    assert red_gain > 40
    assert (RENDERER.render(replace(happy, cheek=0.0))[region] == plain.render(happy)[region]
            ).all()


def test_contact_sheet_places_every_tile_with_its_label():
    tiles = [(e.value, render(e)) for e in (Expression.HAPPY, Expression.SAD, Expression.ANGRY)]
    sheet = contact_sheet(tiles, columns=2)
    assert sheet.shape[1] > 2 * 480 and sheet.shape[0] > 2 * 320
    gap = 480 // 40
    assert (sheet[gap:gap + 320, gap:gap + 480] == tiles[0][1]).all()
    second = sheet[gap:gap + 320, 2 * gap + 480:2 * gap + 960]
    assert (second == tiles[1][1]).all()
    caption = sheet[gap + 320:gap + 360, gap:gap + 480]
    assert (caption.min(axis=2) > 200).sum() > 50  # the label is written under the tile
    with pytest.raises(InvalidInput, match='at least one'):
        contact_sheet([])


def test_no_window_without_a_display_or_without_gui_support():
    reason = display_unavailable({}, 'linux')
    assert reason is not None and 'DISPLAY' in reason
    with_display = display_unavailable({'DISPLAY': ':0'}, 'linux')
    if opencv_has_gui():
        assert with_display is None
    else:
        assert 'opencv-python' in with_display


class _FakeGui:
    """Stands in for OpenCV's GUI functions, which a headless OpenCV lacks."""

    WINDOW_NORMAL, WND_PROP_FULLSCREEN, WINDOW_FULLSCREEN = 0, 1, 1
    error = RuntimeError

    def __init__(self, fail=False):
        self.calls = []
        self.fail = fail

    def namedWindow(self, title, flags):  # noqa: N802 - OpenCV's name
        if self.fail:
            raise RuntimeError('The function is not implemented')
        self.calls.append(('open', title))

    def setWindowProperty(self, title, prop, value):  # noqa: N802
        self.calls.append(('fullscreen', title))

    def imshow(self, title, frame):
        self.calls.append(('show', frame.shape))

    def waitKey(self, ms):  # noqa: N802
        return -1

    def destroyWindow(self, title):  # noqa: N802
        self.calls.append(('close', title))


def test_the_window_shows_the_newest_frame_on_its_own_thread(monkeypatch):
    import time

    from resonance_robot.core.expression.face import display

    gui = _FakeGui()
    monkeypatch.setattr(display, 'cv2', gui)
    window = display.FaceWindow('face', fullscreen=True)
    window.show(np.zeros((32, 48, 3), np.uint8))
    deadline = time.monotonic() + 5.0
    while ('show', (32, 48, 3)) not in gui.calls and time.monotonic() < deadline:
        time.sleep(0.01)
    window.close()
    assert gui.calls[:2] == [('open', 'face'), ('fullscreen', 'face')]
    assert ('show', (32, 48, 3)) in gui.calls and gui.calls[-1] == ('close', 'face')
    assert not window.alive and window.error is None

    broken = _FakeGui(fail=True)
    monkeypatch.setattr(display, 'cv2', broken)
    window = display.FaceWindow('face')
    window.close()
    assert 'not implemented' in window.error
