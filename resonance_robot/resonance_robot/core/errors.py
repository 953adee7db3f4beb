# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
The project's own exception hierarchy.

Callers catch :class:`ResonanceError` subclasses, never bare ``Exception``: a node drops a
message that raised :class:`InvalidInput` and counts it, but lets a programming error surface.
"""


class ResonanceError(Exception):
    """Base class of every error this package raises on purpose."""


class InvalidInput(ResonanceError, ValueError):
    """An input (image, audio, message, file) is malformed; drop it and say why."""


class ConfigError(ResonanceError, ValueError):
    """A parameter or configuration value is invalid; the message names it and says why."""


class ModelUnavailable(ResonanceError, RuntimeError):
    """A model file or an external program the component needs is missing or unusable."""
