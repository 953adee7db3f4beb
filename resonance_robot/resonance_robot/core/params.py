# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Node parameters as data: name, default, description, range, and validation.

Each node lists its parameters as :class:`ParamSpec` values. The ROS layer turns them into
declared parameters with descriptors and an on-set callback that rejects bad values with the
reason :meth:`ParamSpec.check` gives; tests compare them with ``config/*.yaml`` so the shipped
defaults equal the code's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
import math
from typing import Union

from .errors import ConfigError

ParamValue = Union[bool, int, float, str, tuple[str, ...], tuple[float, ...]]


@dataclass(frozen=True)
class ParamSpec:
    """One parameter: its default fixes its type; optional bounds and choices restrict it."""

    name: str
    default: ParamValue
    description: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    read_only: bool = False
    item_type: str = ''
    """For list parameters with an empty default: ``'str'`` or ``'float'``."""

    def __post_init__(self) -> None:
        """Check the spec itself: its default must pass its own rules."""
        if not self.name or not self.description:
            raise ValueError('a parameter needs a name and a description')
        reason = self.check(self.default)
        if reason is not None:
            raise ValueError(f'default of {self.name} is invalid: {reason}')

    @property
    def kind(self) -> str:
        """Type name of the parameter, derived from the default."""
        value = self.default
        if isinstance(value, bool):
            return 'bool'
        if isinstance(value, int):
            return 'int'
        if isinstance(value, float):
            return 'float'
        if isinstance(value, str):
            return 'str'
        if value:
            return 'str_list' if isinstance(value[0], str) else 'float_list'
        if self.item_type == 'float':
            return 'float_list'
        if self.item_type == 'str' or self.choices:
            return 'str_list'
        raise ValueError(f'{self.name}: an empty list default needs item_type str or float')

    def check(self, value: object) -> str | None:
        """Return why ``value`` is not acceptable, or None when it is."""
        kind = self.kind
        if kind == 'bool':
            return None if isinstance(value, bool) else f'expected a bool, got {value!r}'
        if kind in ('int', 'float'):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return f'expected a number, got {value!r}'
            if kind == 'int' and not isinstance(value, int):
                return f'expected an integer, got {value!r}'
            if math.isnan(value) or math.isinf(value):
                return f'expected a finite number, got {value!r}'
            if self.minimum is not None and value < self.minimum:
                return f'{value!r} is below the minimum {self.minimum:g}'
            if self.maximum is not None and value > self.maximum:
                return f'{value!r} is above the maximum {self.maximum:g}'
            return None
        if kind == 'str':
            if not isinstance(value, str):
                return f'expected a string, got {value!r}'
            if self.choices and value not in self.choices:
                return f'{value!r} is not one of: {", ".join(self.choices)}'
            return None
        if not isinstance(value, (list, tuple)):
            return f'expected a list, got {value!r}'
        if kind == 'str_list':
            bad = [v for v in value if not isinstance(v, str)]
            if bad:
                return f'expected strings, got {bad[0]!r}'
            if self.choices:
                unknown = [v for v in value if v not in self.choices]
                if unknown:
                    return f'{unknown[0]!r} is not one of: {", ".join(self.choices)}'
            return None
        bad = [v for v in value if isinstance(v, bool) or not isinstance(v, (int, float))]
        return f'expected numbers, got {bad[0]!r}' if bad else None

    def range_text(self) -> str:
        """Human-readable summary of the allowed values (for descriptors and docs)."""
        parts = []
        if self.minimum is not None or self.maximum is not None:
            low = '-inf' if self.minimum is None else f'{self.minimum:g}'
            high = 'inf' if self.maximum is None else f'{self.maximum:g}'
            parts.append(f'range [{low}, {high}]')
        if self.choices:
            parts.append('one of: ' + ', '.join(self.choices))
        return '; '.join(parts)


def resolve(specs: Iterable[ParamSpec], values: Mapping[str, object]) -> dict[str, ParamValue]:
    """
    Merge ``values`` over the defaults of ``specs`` and validate every one.

    Raises :class:`ConfigError` naming the first unknown or invalid parameter.
    """
    by_name = {spec.name: spec for spec in specs}
    unknown = sorted(set(values) - set(by_name))
    if unknown:
        raise ConfigError(
            f'unknown parameter {unknown[0]!r}; known: {", ".join(sorted(by_name))}')
    result: dict[str, ParamValue] = {}
    for name, spec in by_name.items():
        value = values.get(name, spec.default)
        if isinstance(value, list):
            value = tuple(value)
        if spec.kind == 'float' and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        reason = spec.check(value)
        if reason is not None:
            raise ConfigError(f'parameter {name}: {reason}')
        result[name] = value  # type: ignore[assignment]
    return result
