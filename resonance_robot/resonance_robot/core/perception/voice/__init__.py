# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""The person's voice: audio in, activity, prosody, words, commands, affect."""
