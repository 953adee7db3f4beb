# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Benchmarks behind ``resonance-robot bench NAME``, one module each.

A benchmark module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> dict``: the figures, JSON-serialisable, with units in the key names
(``fps``, ``p95_ms``, ``rss_mb`` …). The command prints them and can write them as JSON;
targets are reported beside the figures, never asserted in tests.
"""
