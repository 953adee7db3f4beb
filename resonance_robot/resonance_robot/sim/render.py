# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""A top-down animated GIF of one episode: people, their personal space, the robot and its act."""

from __future__ import annotations

import math
import pathlib

from .episode import Snapshot

MOOD_COLOURS = {'neutral': '#7f7f7f', 'sad': '#1f77b4', 'happy': '#f0b400',
                'angry': '#d62728', 'scared': '#9467bd'}


def write_gif(snapshots: list[Snapshot], path: pathlib.Path, *, personal_space: float,
              robot_radius: float, hfov_deg: float, every: int = 3, fps: float = 10.0 / 3.0,
              half_width: float = 4.5) -> None:
    """Draw every ``every``-th snapshot (a view ``half_width`` m around the robot) as a GIF."""
    import imageio.v2 as imageio
    import matplotlib
    matplotlib.use('Agg')
    from matplotlib import pyplot as plt
    from matplotlib.patches import Circle, Wedge
    import numpy as np

    frames = []
    fig, ax = plt.subplots(figsize=(4.5, 4.5), dpi=72)
    for snap in snapshots[::max(1, every)]:
        ax.clear()
        x, y, theta = snap.robot
        ax.set_xlim(x - half_width, x + half_width)
        ax.set_ylim(y - half_width, y + half_width)
        ax.set_aspect('equal')
        half = hfov_deg / 2.0
        heading = math.degrees(theta)
        ax.add_patch(Wedge((x, y), half_width * 1.5, heading - half, heading + half,
                           color='#2ca02c', alpha=0.08))
        for px, py, mood in snap.people:
            colour = MOOD_COLOURS.get(mood, '#7f7f7f')
            ax.add_patch(Circle((px, py), personal_space, fill=False, ls='--', color=colour,
                                alpha=0.6))
            ax.add_patch(Circle((px, py), 0.2, color=colour))
        ax.add_patch(Circle((x, y), robot_radius, color='black' if not snap.estop else 'red'))
        ax.plot([x, x + 0.5 * math.cos(theta)], [y, y + 0.5 * math.sin(theta)], color='white',
                lw=2)
        state = ' E-STOP' if snap.estop else ''
        ax.set_title(f't={snap.t:4.1f} s  {snap.action}{state}\n'
                     f'v={snap.linear:+.2f} m/s  w={snap.angular:+.2f} rad/s  '
                     f'{snap.limited_by}', fontsize=8)
        ax.set_xticks([])
        ax.set_yticks([])
        fig.canvas.draw()
        frames.append(np.asarray(fig.canvas.buffer_rgba())[..., :3].copy())
    plt.close(fig)
    path.parent.mkdir(parents=True, exist_ok=True)
    imageio.mimsave(path, frames, duration=1.0 / fps, loop=0)
