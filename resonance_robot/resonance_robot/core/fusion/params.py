# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The fusion parameters (weights, decay, baselines, staleness, camera geometry)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import math

from ..errors import InvalidInput
from ..params import ParamSpec, ParamValue, resolve

FUSION_PARAMS: tuple[ParamSpec, ...] = (
    ParamSpec('face_weight', 1.0, 'Weight of the face cue in fusion (times its confidence).',
              minimum=0.0, maximum=10.0),
    ParamSpec('voice_weight', 0.7, 'Weight of the voice cue in fusion (times its confidence).',
              minimum=0.0, maximum=10.0),
    ParamSpec('face_decay', 1.0, 'Seconds for a face reading to lose 63 % of its weight.',
              minimum=0.05, maximum=60.0),
    ParamSpec('voice_decay', 4.0, 'Seconds for an utterance reading to lose 63 % of its '
              'weight.', minimum=0.05, maximum=120.0),
    ParamSpec('disagreement_penalty', 0.5, 'Confidence lost when face and voice valence are '
              'opposite (scaled by their distance).', minimum=0.0, maximum=1.0),
    ParamSpec('stale_after', 2.0, 'Seconds without a cue after which a person is stale '
              '(affect unknown, no action).', minimum=0.1, maximum=60.0),
    ParamSpec('forget_after', 10.0, 'Seconds without a cue after which a person has left.',
              minimum=0.5, maximum=3600.0),
    ParamSpec('min_confidence', 0.15, 'Fused confidence below this is reported as unknown.',
              minimum=0.0, maximum=1.0),
    ParamSpec('baseline_time_constant', 120.0, 'Seconds of the per-person baseline average.',
              minimum=1.0, maximum=86400.0),
    ParamSpec('baseline_max_offset', 0.3, 'Largest baseline correction of valence or arousal.',
              minimum=0.0, maximum=1.0),
    ParamSpec('baseline_warmup', 20.0, 'Seconds of observation before the baseline applies '
              'fully (it ramps in linearly).', minimum=0.0, maximum=3600.0),
    ParamSpec('baseline_min_confidence', 0.4, 'Only readings at least this confident update '
              'the baseline.', minimum=0.0, maximum=1.0),
    ParamSpec('baseline_calm_zone', 0.2, 'Only calm readings update the baseline: valence no '
              'more than this below it and no further from neutral than baseline_max_offset '
              'plus this, arousal within twice this of it (sustained sadness or joy is not '
              'absorbed).', minimum=0.0, maximum=2.0),
    ParamSpec('sarcasm_threshold', 0.5, 'Probability of sarcasm at which positive words stop '
              'counting as positive (and the acknowledge act answers).', minimum=0.0,
              maximum=1.0),
    ParamSpec('frustration_decay', 45.0, 'Seconds for frustration to lose 63 % when no cue '
              'adds to it.', minimum=1.0, maximum=3600.0),
    ParamSpec('flash_min', 0.08, 'Shortest fleeting expression, seconds (per-frame readings '
              'that differ from the smoothed one).', minimum=0.0, maximum=2.0),
    ParamSpec('flash_max', 0.5, 'Longest fleeting expression, seconds; longer is a change of '
              'state.', minimum=0.01, maximum=5.0),
    ParamSpec('neutral_zone', 0.15, 'A corrected reading within this of (0, 0) that the '
              'baseline explains is reported as neutral.', minimum=0.0, maximum=1.0),
    ParamSpec('camera_hfov_deg', 60.0, 'Horizontal field of view of the camera, degrees '
              '(pinhole distance and bearing).', minimum=10.0, maximum=179.0),
    ParamSpec('face_width', 0.15, 'Nominal width of a face bounding box, metres (pinhole '
              'distance).', minimum=0.05, maximum=0.5),
    ParamSpec('engaged_distance', 2.5, 'A visible person this close (metres) is engaged.',
              minimum=0.0, maximum=20.0),
    ParamSpec('engaged_voice_window', 5.0, 'A person who spoke this many seconds ago is '
              'engaged.', minimum=0.0, maximum=120.0),
    ParamSpec('voice_association_window', 1.0, 'Faces seen within this many seconds can own '
              'an utterance.', minimum=0.05, maximum=30.0),
    ParamSpec('utterance_hold', 3.0, 'Seconds a transcript and its commands stay on the '
              'person (consumers see them appear once).', minimum=0.1, maximum=60.0),
    ParamSpec('geometry_fresh', 0.2, 'A face or pose sighting this recent (seconds) is '
              'reported as measured.', minimum=0.0, maximum=5.0),
    ParamSpec('dead_reckon_horizon', 0.5, "Older sightings are moved by the robot's own "
              'motion since, up to this age (seconds); then the distance is unknown.',
              minimum=0.0, maximum=10.0),
    ParamSpec('pose_timeout', 0.5, 'Person poses older than this (seconds) are ignored.',
              minimum=0.01, maximum=10.0),
    ParamSpec('pose_match_bearing_deg', 10.0, 'Largest bearing difference between a face and '
              'a person pose that are the same person, degrees.', minimum=0.5, maximum=90.0),
)
"""Parameters of :class:`AffectFusion`, with defaults, ranges and descriptions."""


@dataclass(frozen=True)
class FusionParams:
    """Validated fusion parameters; build with :meth:`from_values` (see FUSION_PARAMS)."""

    face_weight: float
    voice_weight: float
    face_decay: float
    voice_decay: float
    disagreement_penalty: float
    stale_after: float
    forget_after: float
    min_confidence: float
    baseline_time_constant: float
    baseline_max_offset: float
    baseline_warmup: float
    baseline_min_confidence: float
    baseline_calm_zone: float
    sarcasm_threshold: float
    frustration_decay: float
    flash_min: float
    flash_max: float
    neutral_zone: float
    camera_hfov_deg: float
    face_width: float
    engaged_distance: float
    engaged_voice_window: float
    voice_association_window: float
    utterance_hold: float
    geometry_fresh: float
    dead_reckon_horizon: float
    pose_timeout: float
    pose_match_bearing_deg: float

    def __post_init__(self) -> None:
        """Check the relations between parameters."""
        if self.forget_after < self.stale_after:
            raise InvalidInput(
                f'forget_after ({self.forget_after:g} s) must not be shorter than '
                f'stale_after ({self.stale_after:g} s)')
        if self.flash_max < self.flash_min:
            raise InvalidInput('flash_max must not be shorter than flash_min')

    @classmethod
    def from_values(cls, values: Mapping[str, object] | None = None) -> FusionParams:
        """Return parameters from ``values`` over the defaults; ConfigError names a bad one."""
        resolved: dict[str, ParamValue] = resolve(FUSION_PARAMS, dict(values or {}))
        return cls(**{k: float(v) for k, v in resolved.items()})  # type: ignore[arg-type]

    @property
    def focal_scale(self) -> float:
        """``focal_px / image_width`` of the pinhole camera: ``0.5 / tan(hfov / 2)``."""
        return 0.5 / math.tan(math.radians(self.camera_hfov_deg) / 2.0)
