# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""bench graph's meter: stage and hop latencies matched by the camera frame's stamp."""

import time
from types import SimpleNamespace

import pytest
from resonance_robot.bench.graph_meter import GraphMeter, plot_histograms
from resonance_robot.conversions.common import seconds_to_time


def _msg(stamp):
    return SimpleNamespace(header=SimpleNamespace(stamp=seconds_to_time(stamp)))


def test_hops_split_the_path_and_repeats_of_the_same_evidence_do_not_count(tmp_path):
    meter = GraphMeter(time.monotonic())
    meter.measuring.set()
    for i in range(20):
        stamp = 100.0 + i / 30.0
        meter.sent(stamp)
        time.sleep(0.002)
        meter.on_message('faces', _msg(stamp))
        time.sleep(0.001)
        meter.on_message('persons', _msg(stamp))
        meter.on_message('persons', _msg(stamp))  # a timer republish: not new latency
        if i % 2 == 0:  # the tree answers every other frame
            time.sleep(0.001)
            meter.on_message('face_expression', _msg(stamp))
    meter.on_message('faces', _msg(5.0))  # a frame the bench did not send: ignored
    assert meter.frames_sent == 20
    hops = meter.breakdown()
    camera = hops['camera->faces (face_affect)']
    fusion = hops['faces->persons (affect_fusion)']
    tree = hops['persons->face_expression (social_behavior)']
    assert camera['count'] == 20 and fusion['count'] == 20 and tree['count'] == 10
    assert camera['p50_ms'] >= 2.0 and fusion['p50_ms'] >= 1.0 and tree['p50_ms'] >= 1.0
    whole = meter.latencies['face_expression'].summary().as_ms()
    assert whole['p50_ms'] == pytest.approx(
        camera['p50_ms'] + fusion['p50_ms'] + tree['p50_ms'], abs=2.0)
    samples = meter.samples_ms()
    assert len(samples['camera->face_expression']) == 10
    plot_histograms(samples, tmp_path / 'hops.png', 'test')
    assert (tmp_path / 'hops.png').stat().st_size > 5000
