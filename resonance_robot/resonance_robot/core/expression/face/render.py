# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Draw a :class:`~.pose.FacePose` as an image, at any resolution.

The face is procedural: every shape is computed from the pose each frame and filled with
anti-aliased polygons at sub-pixel precision (``cv2.LINE_AA`` with 4 fractional bits), so
motion is smooth even at low resolution. Layout is designed on a 480×320 canvas and scaled
uniformly to fit the requested size, centred, so a 4:3, 16:9 or square screen all show the
same face. A frame at 480×320 takes about 1-2 ms on one core.

Look: a dark, slightly tinted background (it blends with a screen's bezel), large round eyes
with a blue iris, a dark pupil and two catch-lights (the "baby schema" of big, low-set eyes and
a small mouth reads as friendly), soft tapered brows, a rounded mouth with a dark inside and a
tongue when open, and a blush on the cheeks when the robot is happy.
"""

from __future__ import annotations

from dataclasses import dataclass
import math

import cv2
import numpy as np
import numpy.typing as npt

from .pose import FacePose
from ...errors import InvalidInput

Image = npt.NDArray[np.uint8]
Colour = tuple[int, int, int]
FloatArray = npt.NDArray[np.float64]

DESIGN_WIDTH = 480
DESIGN_HEIGHT = 320
MIN_SIZE = 16
MAX_SIZE = 7680

_SHIFT = 4  # fractional bits of every polygon coordinate (1/16 pixel)
_ONE = 1 << _SHIFT


def _bgr(rgb: str) -> Colour:
    """Return the BGR triple of an ``#rrggbb`` colour."""
    value = int(rgb.lstrip('#'), 16)
    return (value & 0xFF, (value >> 8) & 0xFF, (value >> 16) & 0xFF)


@dataclass(frozen=True)
class FaceStyle:
    """Colours of the face (BGR triples); the defaults are the project's look."""

    background: Colour = _bgr('#16203a')
    background_warm: Colour = _bgr('#2a1a3a')
    background_cool: Colour = _bgr('#141b24')
    background_hot: Colour = _bgr('#3a1418')
    sclera: Colour = _bgr('#f7f8fc')
    lid: Colour = _bgr('#2c3a5c')
    lid_edge: Colour = _bgr('#0e1528')
    iris: Colour = _bgr('#3ba4e8')
    iris_warm: Colour = _bgr('#36c2b4')
    iris_cool: Colour = _bgr('#5d7fa8')
    iris_hot: Colour = _bgr('#e8643a')
    iris_rim: Colour = _bgr('#1d4f8a')
    pupil: Colour = _bgr('#0c1224')
    highlight: Colour = _bgr('#ffffff')
    brow: Colour = _bgr('#c9d6f0')
    lip: Colour = _bgr('#eef2fb')
    mouth_inside: Colour = _bgr('#5c1830')
    tongue: Colour = _bgr('#e86a86')
    cheek: Colour = _bgr('#ff6f9a')
    cheeks_enabled: bool = True


def _mix(a: Colour, b: Colour, t: float) -> Colour:
    t = min(max(t, 0.0), 1.0)
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t),
            round(a[2] + (b[2] - a[2]) * t))


def _fixed(points: FloatArray) -> npt.NDArray[np.int32]:
    """Float pixel coordinates to OpenCV's fixed-point polygon format."""
    return np.round(points * _ONE).astype(np.int32).reshape(-1, 1, 2)


class FaceRenderer:
    """
    Draws poses into ``height×width×3`` BGR images.

    Build one per output size and reuse it: it caches the background and the blush sprite.
    """

    def __init__(self, width: int = DESIGN_WIDTH, height: int = DESIGN_HEIGHT,
                 style: FaceStyle | None = None) -> None:
        for name, value in (('width', width), ('height', height)):
            if not (isinstance(value, int) and MIN_SIZE <= value <= MAX_SIZE):
                raise InvalidInput(
                    f'face {name} must be an integer in [{MIN_SIZE}, {MAX_SIZE}], got {value!r}')
        self.width = width
        self.height = height
        self.style = style or FaceStyle()
        self.scale = min(width / DESIGN_WIDTH, height / DESIGN_HEIGHT)
        self._ox = (width - DESIGN_WIDTH * self.scale) / 2.0
        self._oy = (height - DESIGN_HEIGHT * self.scale) / 2.0
        self._t = np.linspace(-1.0, 1.0, 33)
        self._theta = np.linspace(0.0, 2.0 * math.pi, 72, endpoint=False)
        self._blush = self._blush_sprite()

    # -- geometry helpers --------------------------------------------------------------

    def _px(self, x: float, y: float) -> tuple[float, float]:
        """Design coordinates to pixel coordinates."""
        return self._ox + x * self.scale, self._oy + y * self.scale

    def _poly(self, image: Image, points: FloatArray, colour: Colour) -> None:
        cv2.fillPoly(image, [_fixed(points)], colour, cv2.LINE_AA, _SHIFT)

    def _disc(self, image: Image, centre: tuple[float, float], radius: float,
              colour: Colour) -> None:
        if radius * _ONE < 1.0:
            return
        cv2.circle(image, (round(centre[0] * _ONE), round(centre[1] * _ONE)),
                   round(radius * _ONE), colour, -1, cv2.LINE_AA, _SHIFT)

    def _blush_sprite(self) -> npt.NDArray[np.float32]:
        rx, ry = 34.0 * self.scale, 17.0 * self.scale
        w, h = max(3, int(math.ceil(rx * 2.4))), max(3, int(math.ceil(ry * 2.4)))
        xs = (np.arange(w) - (w - 1) / 2.0) / max(rx, 0.5)
        ys = (np.arange(h) - (h - 1) / 2.0) / max(ry, 0.5)
        d2 = xs[None, :] ** 2 + ys[:, None] ** 2
        return np.asarray(np.exp(-2.2 * d2), dtype=np.float32)

    # -- the face ----------------------------------------------------------------------

    def background_colour(self, pose: FacePose) -> Colour:
        """Background colour of ``pose``: tinted warm, cool or hot by its mood."""
        style = self.style
        colour = style.background
        if pose.tint > 0.0:
            colour = _mix(colour, style.background_warm, 0.6 * pose.tint)
        elif pose.tint < 0.0:
            colour = _mix(colour, style.background_cool, -0.8 * pose.tint)
        return _mix(colour, style.background_hot, 0.7 * pose.heat)

    def iris_colour(self, pose: FacePose) -> Colour:
        """Iris colour of ``pose``: blue, shifted to teal (warm), grey-blue (cool) or amber."""
        style = self.style
        colour = style.iris
        if pose.tint > 0.0:
            colour = _mix(colour, style.iris_warm, 0.5 * pose.tint)
        elif pose.tint < 0.0:
            colour = _mix(colour, style.iris_cool, -0.7 * pose.tint)
        return _mix(colour, style.iris_hot, 0.8 * pose.heat)

    def render(self, pose: FacePose, out: Image | None = None) -> Image:
        """Draw ``pose``; into ``out`` (``height×width×3`` uint8) when given, else a new image."""
        if out is None:
            out = np.empty((self.height, self.width, 3), np.uint8)
        elif out.shape != (self.height, self.width, 3) or out.dtype != np.uint8:
            raise InvalidInput(
                f'out must be a {self.height}x{self.width}x3 uint8 image, got '
                f'{out.shape} {out.dtype}')
        background = self.background_colour(pose)
        out[:] = background
        iris = self.iris_colour(pose)
        for side in (-1, 1):
            self._eye(out, pose, side, background, iris)
        if self.style.cheeks_enabled and pose.cheek > 0.01:
            for side in (-1, 1):
                self._cheek(out, pose, side)
        for side in (-1, 1):
            self._brow(out, pose, side)
        self._mouth(out, pose)
        return out

    def _eye_geometry(self, pose: FacePose, side: int) -> tuple[float, float, float, float]:
        """Centre and radii of one eye in pixels; side -1 is the image's left eye."""
        cx, cy = self._px(DESIGN_WIDTH / 2 + side * 98.0, 142.0)
        s = self.scale * pose.eye_scale
        return cx, cy, 50.0 * s, 56.0 * s

    def _eye(self, image: Image, pose: FacePose, side: int, background: Colour,
             iris: Colour) -> None:
        cx, cy, rx, ry = self._eye_geometry(pose, side)
        margin = 3.0
        x0, x1 = int(math.floor(cx - rx - margin)), int(math.ceil(cx + rx + margin))
        y0, y1 = int(math.floor(cy - ry - margin)), int(math.ceil(cy + ry + margin))
        x0, y0 = max(x0, 0), max(y0, 0)
        x1, y1 = min(x1, self.width), min(y1, self.height)
        if x1 <= x0 or y1 <= y0:
            return
        roi = image[y0:y1, x0:x1]
        layer = np.empty_like(roi)
        layer[:] = self.style.sclera
        lx, ly = cx - x0, cy - y0  # eye centre in ROI coordinates

        # Iris, pupil and catch-lights, displaced by the gaze and kept inside the eye.
        iris_r = 34.0 * self.scale * pose.eye_scale
        reach_x, reach_y = max(rx - iris_r * 0.8, 0.0), max(ry - iris_r * 0.8, 0.0)
        norm = max(1.0, math.hypot(pose.gaze_x, pose.gaze_y))  # diagonals stay in the eye
        gx = lx + pose.gaze_x / norm * reach_x
        gy = ly - pose.gaze_y / norm * reach_y
        self._disc(layer, (gx, gy), iris_r, self.style.iris_rim)
        self._disc(layer, (gx, gy), iris_r * 0.86, iris)
        self._disc(layer, (gx, gy), iris_r * 0.52 * pose.pupil, self.style.pupil)
        self._disc(layer, (gx - iris_r * 0.36, gy - iris_r * 0.38), iris_r * 0.25,
                   self.style.highlight)
        self._disc(layer, (gx + iris_r * 0.3, gy + iris_r * 0.32), iris_r * 0.11,
                   self.style.highlight)

        # The eye is an ellipse. The upper lid covers what lies above its line, drawn in the
        # lid colour so that a half-closed eye reads as lidded; the lower lid (the cheek
        # pushing up when smiling) hides what lies below its line.
        # Lid coverage is computed per pixel column (the exact overlap of each pixel with the
        # open interval between the lids): anti-aliased, and nothing at all when they meet.
        cols = np.arange(roi.shape[1], dtype=np.float64)
        upper, lower = self._lid_lines(pose, side, lx, ly, rx, ry, cols)
        rows = np.arange(roi.shape[0], dtype=np.float32)[:, None]
        up32, low32 = upper.astype(np.float32)[None, :], lower.astype(np.float32)[None, :]
        open_mask = np.clip(np.minimum(rows + 0.5, low32) - np.maximum(rows - 0.5, up32),
                            0.0, 1.0)[:, :, None]
        lid_mask = np.clip(up32 - (rows - 0.5), 0.0, 1.0)[:, :, None]
        eye_mask = self._mask(roi, np.stack([lx + rx * np.cos(self._theta),
                                             ly + ry * np.sin(self._theta)], 1))
        # The lid is the background lifted by a constant step, so it follows the mood tint.
        lid = np.clip(np.array(background, np.float32) + np.subtract(
            self.style.lid, self.style.background, dtype=np.float32), 0.0, 255.0)
        eye = layer * open_mask + lid * lid_mask + roi * np.clip(
            1.0 - open_mask - lid_mask, 0.0, 1.0)
        eye_u8 = (eye + 0.5).astype(np.uint8)
        if pose.eye_open < 1.0 or pose.lid_tilt != 0.0:
            edge = np.stack([cols, upper], 1)[np.asarray(lower - upper > 0.5)]
            self._stroke(eye_u8, edge, np.full(len(edge), 2.6 * self.scale),
                         self.style.lid_edge, round_ends=False)
        roi[:] = (eye_u8 * eye_mask + roi * (1.0 - eye_mask) + 0.5).astype(np.uint8)
        # When the eye is (nearly) shut, draw the closed lid as a soft curved line so the
        # face never loses its eyes.
        shut = 1.0 - min(pose.eye_open / 0.18, 1.0)
        if shut > 0.0:
            self._closed_lid(roi, pose, side, lx, ly, rx, ry, shut)

    def _lid_lines(self, pose: FacePose, side: int, lx: float, ly: float, rx: float,
                   ry: float, xs: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Upper and lower lid heights (ROI pixels) at each x in ``xs``."""
        inner = (xs - lx) / rx * (-side)  # +1 at the inner corner (towards the nose)
        rel = (xs - lx) / rx
        top, bottom = ly - ry * 1.12, ly + ry * 1.12
        # The lower lid rises at most to just below the centre; the upper lid closes onto it.
        lower_mid = bottom + (ly + 0.3 * ry - bottom) * pose.lower_lid
        arch = pose.lower_curve * pose.lower_lid * ry
        lower = lower_mid + arch * (0.9 * rel ** 2 - 0.35)
        openness = pose.eye_open
        upper_mid = lower_mid - 0.35 * max(arch, 0.0) + (top - lower_mid) * min(openness, 1.0)
        if openness > 1.0:  # wide open: the lid lifts clear of the eye
            upper_mid -= (openness - 1.0) * ry
        upper = upper_mid + pose.lid_tilt * 0.55 * ry * inner * min(1.0, 0.4 + openness)
        lower = np.maximum(lower, upper)
        return upper, lower

    def _closed_lid(self, roi: Image, pose: FacePose, side: int, lx: float, ly: float,
                    rx: float, ry: float, shut: float) -> None:
        """Draw the line of a shut eye along the bottom of the eye (a gentle smile-arc)."""
        theta = np.linspace(math.radians(28.0), math.radians(152.0), 25)
        arc = np.stack([lx + rx * 0.96 * np.cos(theta), ly + ry * 0.92 * np.sin(theta)], 1)
        thickness = 5.0 * self.scale * pose.eye_scale * shut
        self._stroke(roi, arc, np.full(len(theta), thickness), self.style.brow)

    def _mask(self, like: Image, polygon: FloatArray) -> npt.NDArray[np.float32]:
        """Anti-aliased coverage (0..1, shape H×W×1) of ``polygon`` over ``like``."""
        mask = np.zeros(like.shape[:2], np.uint8)
        self._poly(mask, polygon, (255, 255, 255))
        return mask.astype(np.float32)[:, :, None] * np.float32(1.0 / 255.0)

    def _stroke(self, image: Image, centre: FloatArray, widths: FloatArray,
                colour: Colour, round_ends: bool = True) -> None:
        """Fill a stroke of varying width along ``centre``, with round ends."""
        if len(centre) < 2 or float(widths.max()) * self.scale <= 0.0:
            return
        d = np.gradient(centre, axis=0)
        norm = np.hypot(d[:, 0], d[:, 1])
        norm[norm == 0.0] = 1.0
        normal = np.stack([-d[:, 1] / norm, d[:, 0] / norm], 1)
        half = widths[:, None] / 2.0
        outline = np.concatenate([centre + normal * half, (centre - normal * half)[::-1]])
        self._poly(image, outline, colour)
        for end in ((0, -1) if round_ends else ()):
            self._disc(image, (float(centre[end, 0]), float(centre[end, 1])),
                       float(widths[end]) / 2.0, colour)

    def _brow(self, image: Image, pose: FacePose, side: int) -> None:
        cx, cy, rx, ry = self._eye_geometry(pose, side)
        s = self.scale
        raise_ = pose.brow_raise + side * 0.5 * pose.brow_asym
        base_y = cy - ry - 26.0 * s - raise_ * 20.0 * s
        half_w = 40.0 * s
        inner_x, outer_x = cx - side * half_w, cx + side * half_w
        inner_y = base_y + pose.brow_tilt * 14.0 * s
        outer_y = base_y - pose.brow_tilt * 7.0 * s
        t = (self._t + 1.0) / 2.0  # 0 inner .. 1 outer
        xs = inner_x + (outer_x - inner_x) * t
        ys = inner_y + (outer_y - inner_y) * t - pose.brow_curve * 12.0 * s * 4.0 * t * (1 - t)
        widths = (11.0 - 5.0 * t) * s * (0.7 + 0.3 * np.sin(math.pi * np.clip(t + 0.2, 0, 1)))
        self._stroke(image, np.stack([xs, ys], 1), widths, self.style.brow)

    def _cheek(self, image: Image, pose: FacePose, side: int) -> None:
        cx, cy = self._px(DESIGN_WIDTH / 2 + side * 140.0, 222.0)
        sprite = self._blush
        h, w = sprite.shape
        x0, y0 = int(round(cx - w / 2.0)), int(round(cy - h / 2.0))
        sx0, sy0 = max(0, -x0), max(0, -y0)
        x0, y0 = max(x0, 0), max(y0, 0)
        x1, y1 = min(x0 + w - sx0, self.width), min(y0 + h - sy0, self.height)
        if x1 <= x0 or y1 <= y0:
            return
        a = sprite[sy0:sy0 + (y1 - y0), sx0:sx0 + (x1 - x0), None] * (0.55 * pose.cheek)
        roi = image[y0:y1, x0:x1]
        colour = np.array(self.style.cheek, np.float32)
        roi[:] = (roi * (1.0 - a) + colour * a + 0.5).astype(np.uint8)

    def mouth_lines(self, pose: FacePose) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Return x, upper-lip y and lower-lip y of the mouth (pixels), corner to corner."""
        s = self.scale
        mx, my = self._px(DESIGN_WIDTH / 2, 252.0)
        half_w = 46.0 * s * pose.mouth_width
        xs = mx + self._t * half_w
        bow = 1.0 - self._t ** 2
        curve = pose.mouth_curve * 20.0 * s * (0.5 + 0.5 * pose.mouth_width)
        corners = -pose.mouth_skew * 9.0 * s * self._t  # + raises the image-right corner
        smile = max(curve, 0.0)
        # The lips part around the closed line: a smiling mouth drops its lower lip (a "D"),
        # a round one (surprise) opens both ways into an "O".
        centre = my + corners + curve * bow * (1.0 - 0.5 * pose.mouth_open) - 0.3 * curve
        depth = pose.mouth_open * 44.0 * s * (0.6 + 0.4 / max(pose.mouth_width, 0.3) ** 0.5)
        opening = depth * bow ** 0.6 + smile * 0.4 * pose.mouth_open * bow
        up_share = 0.4 * (1.0 - min(smile / (12.0 * s), 1.0))
        upper = centre - opening * up_share
        lower = centre + opening * (1.0 - up_share)
        return xs, upper, lower

    def _mouth(self, image: Image, pose: FacePose) -> None:
        s = self.scale
        xs, upper, lower = self.mouth_lines(pose)
        lip = 6.5 * s
        if pose.mouth_open > 0.04:
            outline = np.concatenate([np.stack([xs, upper], 1),
                                      np.stack([xs[::-1], lower[::-1]], 1)])
            self._filled_mouth(image, outline, xs, lower, pose)
            self._stroke(image, np.stack([xs, lower], 1),
                         np.full(len(xs), lip * 0.8), self.style.lip)
        self._stroke(image, np.stack([xs, upper], 1), np.full(len(xs), lip), self.style.lip)

    def _filled_mouth(self, image: Image, outline: FloatArray, xs: FloatArray,
                      lower: FloatArray, pose: FacePose) -> None:
        pad = 4
        x0 = max(int(math.floor(outline[:, 0].min())) - pad, 0)
        y0 = max(int(math.floor(outline[:, 1].min())) - pad, 0)
        x1 = min(int(math.ceil(outline[:, 0].max())) + pad, self.width)
        y1 = min(int(math.ceil(outline[:, 1].max())) + pad, self.height)
        if x1 <= x0 or y1 <= y0:
            return
        roi = image[y0:y1, x0:x1]
        layer = np.empty_like(roi)
        layer[:] = self.style.mouth_inside
        shift = np.array([x0, y0], np.float64)
        # The tongue rests on the lower lip; it shows as the mouth opens.
        mid = len(xs) // 2
        tongue_c = (float(xs[mid]) - x0, float(lower[mid]) - y0 + 2.0 * self.scale)
        width = float(xs[-1] - xs[0])
        tongue_axes = (width * 0.3, max(width * 0.16, 1.0) * min(pose.mouth_open * 2.0, 1.0))
        cv2.ellipse(layer, (round(tongue_c[0] * _ONE), round(tongue_c[1] * _ONE)),
                    (max(round(tongue_axes[0] * _ONE), 1), max(round(tongue_axes[1] * _ONE), 1)),
                    0.0, 0.0, 360.0, self.style.tongue, -1, cv2.LINE_AA, _SHIFT)
        mask = np.zeros(roi.shape[:2], np.uint8)
        self._poly(mask, outline - shift, (255, 255, 255))
        a = mask.astype(np.float32)[:, :, None] * (1.0 / 255.0)
        roi[:] = (layer * a + roi * (1.0 - a) + 0.5).astype(np.uint8)


def contact_sheet(tiles: list[tuple[str, Image]], columns: int = 5,
                  background: Colour = (30, 24, 20)) -> Image:
    """
    Arrange labelled images of equal size in a grid, each caption under its tile.

    Used for the README's picture of every expression (``resonance-robot face --sheet``).
    """
    if not tiles:
        raise InvalidInput('a contact sheet needs at least one image')
    h, w = tiles[0][1].shape[:2]
    if any(tile.shape[:2] != (h, w) for _, tile in tiles):
        raise InvalidInput('every tile of a contact sheet must have the same size')
    columns = max(1, min(columns, len(tiles)))
    rows = (len(tiles) + columns - 1) // columns
    gap = max(4, w // 40)
    caption = max(18, h // 8)
    sheet = np.empty((rows * (h + caption + gap) + gap, columns * (w + gap) + gap, 3), np.uint8)
    sheet[:] = background
    font = cv2.FONT_HERSHEY_SIMPLEX
    font_scale = caption / 40.0
    for index, (label, tile) in enumerate(tiles):
        r, c = divmod(index, columns)
        x, y = gap + c * (w + gap), gap + r * (h + caption + gap)
        sheet[y:y + h, x:x + w] = tile
        (tw, th), _ = cv2.getTextSize(label, font, font_scale, 1)
        cv2.putText(sheet, label, (x + (w - tw) // 2, y + h + (caption + th) // 2),
                    font, font_scale, (235, 235, 235), 1, cv2.LINE_AA)
    return sheet
