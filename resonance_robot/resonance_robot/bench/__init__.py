# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Benchmarks behind ``resonance-robot bench NAME``, one module each.

A benchmark module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> dict``: the figures, JSON-serialisable, with units in the key names
(``fps``, ``p95_ms``, ``rss_mb`` …). The command prints them and can write them as JSON;
targets are reported beside the figures, never asserted in tests.
"""


def rss_mb() -> dict[str, float]:
    """Return the current and peak resident memory of this process, MiB."""
    import os
    import resource

    from ..stack.processes import process_usage

    current, _ = process_usage(os.getpid())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    return {'rss_mb': round(current, 1), 'peak_rss_mb': round(peak, 1)}
