# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Raw image buffers: every supported encoding decodes to BGR, bad buffers say why."""

import numpy as np
import pytest
from resonance_robot.core.errors import InvalidInput
from resonance_robot.core.image import decode_image, encode_bgr, MAX_PIXELS


@pytest.fixture
def bgr():
    rng = np.random.default_rng(1)
    return rng.integers(0, 256, (6, 5, 3), dtype=np.uint8)


@pytest.mark.parametrize('encoding', ['rgb8', 'bgr8'])
def test_colour_round_trip(bgr, encoding):
    width, height, step, data = encode_bgr(bgr, encoding)
    assert (width, height, step) == (5, 6, 15)
    np.testing.assert_array_equal(decode_image(encoding, width, height, step, data), bgr)


def test_rgb8_really_is_rgb(bgr):
    _, _, _, data = encode_bgr(bgr, 'rgb8')
    first = np.frombuffer(data, np.uint8)[:3]
    np.testing.assert_array_equal(first, bgr[0, 0, ::-1])


def test_padded_rows_are_skipped(bgr):
    rows = np.zeros((6, 20), np.uint8)  # step 20 > 15 bytes of pixels per row
    rows[:, :15] = bgr[:, :, ::-1].reshape(6, 15)
    np.testing.assert_array_equal(decode_image('rgb8', 5, 6, 20, rows.tobytes()), bgr)


def test_mono_and_alpha_and_16_bit():
    grey = np.arange(12, dtype=np.uint8).reshape(3, 4)
    out = decode_image('mono8', 4, 3, 4, grey.tobytes())
    assert out.shape == (3, 4, 3) and (out[:, :, 0] == grey).all() and (out[:, :, 2] == grey).all()
    rgba = np.zeros((2, 2, 4), np.uint8)
    rgba[..., 0], rgba[..., 3] = 200, 255
    assert (decode_image('rgba8', 2, 2, 8, rgba.tobytes())[..., 2] == 200).all()
    deep = np.full((2, 2), 0xABCD, '<u2')
    assert (decode_image('mono16', 2, 2, 4, deep.tobytes()) == 0xAB).all()
    big = np.full((2, 2), 0xABCD, '>u2')
    assert (decode_image('mono16', 2, 2, 4, big.tobytes(), is_bigendian=True) == 0xAB).all()


def test_mono8_encoding_is_luma(bgr):
    _, _, step, data = encode_bgr(bgr, 'mono8')
    assert step == 5
    expected = np.round(bgr[..., 2] * 0.299 + bgr[..., 1] * 0.587 + bgr[..., 0] * 0.114)
    assert np.abs(np.frombuffer(data, np.uint8).reshape(6, 5) - expected).max() <= 1


@pytest.mark.parametrize('args,reason', [
    (('yuv422', 4, 4, 8, bytes(32)), "unsupported encoding 'yuv422'"),
    (('rgb8', 0, 4, 0, b''), 'size must be positive'),
    (('rgb8', 4, -1, 12, b''), 'size must be positive'),
    (('rgb8', 100000, 100000, 300000, b''), f'{MAX_PIXELS} pixel limit'),
    (('rgb8', 4, 4, 8, bytes(64)), 'step 8 is smaller than one row'),
    (('rgb8', 4, 4, 12, bytes(47)), 'data has 47 bytes, expected step\\*height = 48'),
    (('bgr8', 4, 4, 12, b''), 'data has 0 bytes'),
])
def test_bad_buffers_raise_invalid_input_with_a_reason(args, reason):
    with pytest.raises(InvalidInput, match=reason):
        decode_image(*args)


def test_encode_rejects_non_bgr_arrays():
    with pytest.raises(InvalidInput, match='H×W×3 uint8'):
        encode_bgr(np.zeros((4, 4), np.uint8))
    with pytest.raises(InvalidInput, match='cannot encode'):
        encode_bgr(np.zeros((4, 4, 3), np.uint8), 'yuv422')
