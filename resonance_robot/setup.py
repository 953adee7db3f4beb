# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""Build description of the resonance_robot ament_python package."""

import glob

from setuptools import find_packages, setup

PACKAGE = 'resonance_robot'

# One console script per node (bringup.NODES; a test keeps the two in agreement), plus the
# resonance-robot command.
NODE_SCRIPTS = [
    'affect_fusion = resonance_robot.nodes.affect_fusion:main',
    'audio_source = resonance_robot.nodes.audio_source:main',
    'camera_source = resonance_robot.nodes.camera_source:main',
    'dashboard = resonance_robot.nodes.dashboard:main',
    'face_affect = resonance_robot.nodes.face_affect:main',
    'face_display = resonance_robot.nodes.face_display:main',
    'hri_bridge = resonance_robot.nodes.hri_bridge:main',
    'social_behavior = resonance_robot.nodes.social_behavior:main',
    'voice_affect = resonance_robot.nodes.voice_affect:main',
    'voice_output = resonance_robot.nodes.voice_output:main',
]

# Python libraries; package.xml lists the same as rosdep keys (a test compares them).
# Exact versions are pinned in requirements/ for the venv build.
INSTALL_REQUIRES = [
    'ai-edge-litert',
    'imageio',
    'matplotlib',
    'numpy',
    'opencv-python-headless<5',
    'pocketsphinx',
    'py-trees',
    'PyYAML',
    'rosbags',
    'scikit-image',
    'scipy',
    'simplemma',
    'sounddevice',
    'SpeechRecognition',
    'tokenizers',
    'torch',
    'tornado',
    'tqdm',
    'vaderSentiment',
    'webrtcvad-wheels',
    'wordllama',
]

setup(
    name=PACKAGE,
    version='0.1.0',
    packages=find_packages(exclude=['test']),
    package_data={PACKAGE: ['models/*', 'data/*', 'data/*/*', 'dashboard/static/*']},
    data_files=[
        ('share/ament_index/resource_index/packages', [f'resource/{PACKAGE}']),
        (f'share/{PACKAGE}', ['package.xml']),
        (f'share/{PACKAGE}/launch', glob.glob('launch/*.launch.py')),
        (f'share/{PACKAGE}/config', glob.glob('config/*.yaml')),
    ],
    install_requires=['setuptools'] + INSTALL_REQUIRES,
    zip_safe=False,
    maintainer='resonance_robot maintainers',
    maintainer_email='maintainers@resonance-robot.dev',
    description='Emotional resonance for social robots on ROS 2.',
    license='Apache-2.0',
    extras_require={'test': ['pytest']},
    entry_points={
        'console_scripts': NODE_SCRIPTS + ['resonance-robot = resonance_robot.cli:main'],
    },
)
