# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Speak text in one of the robot's styles, to a WAV file or the loudspeaker.

Examples::

    resonance-robot say "I am here with you." --style calm --out calm.wav
    resonance-robot say "Well done!" --style cheerful          # plays it, if there is a speaker
    resonance-robot say --style firm --out stop.wav -- "-1 step back, please"

Text that starts with '-' goes after '--'. It is always spoken literally: espeak-ng runs
without a shell and receives the text as one argument.
"""

from __future__ import annotations

import argparse

NAME = 'say'
HELP = 'speak text in a style (neutral, calm, warm, cheerful, firm) to a WAV file'


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``resonance-robot say``."""
    parser.add_argument('text', nargs='?', default=None, help='what to say')
    parser.add_argument('--style', '-s', default='neutral',
                        help='speaking style (default: %(default)s; --list shows them)')
    parser.add_argument('--out', '-o', metavar='FILE.wav',
                        help='write the speech here (default: play it on the loudspeaker)')
    parser.add_argument('--rate', type=float, default=0.0,
                        help="words per minute (default: the style's)")
    parser.add_argument('--pitch', type=float, default=0.0,
                        help="espeak-ng pitch 0-99 (default: the style's)")
    parser.add_argument('--volume', type=float, default=0.0,
                        help="loudness (0, 1] (default: the style's)")
    parser.add_argument('--voice', default='en-us',
                        help='espeak-ng voice (default: %(default)s; e.g. en-us+f3)')
    parser.add_argument('--executable', default='espeak-ng',
                        help='the espeak-ng program (default: %(default)s)')
    parser.add_argument('--max-chars', type=int, default=600,
                        help='longest text spoken; longer is cut (default: %(default)s)')
    parser.add_argument('--list', action='store_true', help='list the styles and settings')


def run(args: argparse.Namespace) -> int:
    """Synthesise the text and write or play it."""
    from ..core.audio import write_wav
    from ..core.errors import ConfigError, InvalidInput
    from ..core.expression.voice.playback import open_speaker
    from ..core.expression.voice.speech import (
        EspeakSynthesizer, SpeechStyle, STYLES, voice_settings)

    if args.list:
        for style, settings in STYLES.items():
            print(f'{style.value:9s} rate {settings.rate:g} wpm, pitch {settings.pitch:g}, '
                  f'volume {settings.volume:g}, word gap {settings.word_gap * 10} ms')
        return 0
    if args.text is None:
        raise ConfigError('nothing to say: give the text, e.g. resonance-robot say "Hello"')
    try:
        style = SpeechStyle.parse(args.style)
    except InvalidInput as exc:
        raise ConfigError(str(exc)) from None
    settings, repairs = voice_settings(style, args.rate, args.pitch, args.volume)
    for repair in repairs:
        print(f'note: clamped {repair}')
    synth = EspeakSynthesizer(args.executable, args.voice, max_chars=args.max_chars)
    speech = synth.synthesize(args.text, style, settings)
    if speech.truncated:
        print(f'note: the text was cut to {len(speech.text)} characters (--max-chars)')
    if args.out:
        try:
            write_wav(args.out, speech.samples, speech.sample_rate)
        except OSError as exc:
            raise InvalidInput(f'cannot write {args.out}: {exc.strerror or exc}') from exc
        print(f'wrote {args.out} ({speech.duration:.2f} s, {style.value}, '
              f'synthesised in {speech.synthesis_seconds * 1e3:.0f} ms)')
        return 0
    speaker, note = open_speaker()
    if speaker is None:
        raise ConfigError(f'cannot play: {note}; write a file with --out FILE.wav')
    import time

    speaker.play(speech.samples, speech.sample_rate)
    time.sleep(speech.duration + 0.1)
    return 0
