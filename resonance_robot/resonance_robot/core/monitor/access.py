# Copyright 2026 resonance_robot contributors
# SPDX-License-Identifier: Apache-2.0
"""
Who may look at the dashboard and who may act through it.

The rules (the README's security model):

* on a loopback address (127.0.0.1, ::1, localhost) anyone on this machine may look;
* on any other address a token is required, to look and to act;
* controls (privacy mode, e-stop) always require the token;
* the token is given (a parameter or a file) or made fresh at start (and printed once).

Tokens are compared in constant time. A request without a token is *unauthorised* (HTTP 401),
one with a wrong token *forbidden* (403). On a loopback bind, requests must also name a loopback
host (the ``Host`` header): a web site that points its own name at 127.0.0.1 (DNS rebinding)
cannot read the page through a visitor's browser.
"""

from __future__ import annotations

from dataclasses import dataclass
import enum
import hmac
import ipaddress
import pathlib
import secrets

from ..errors import ConfigError

MIN_TOKEN_LENGTH = 16
"""Shortest token accepted from a parameter or file (a guessable token is no protection)."""


class Verdict(enum.Enum):
    """Outcome of an access check, with its HTTP status."""

    ALLOWED = 200
    UNAUTHORISED = 401   # no token presented
    FORBIDDEN = 403      # a wrong token


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only."""
    if host == 'localhost':
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: may resolve anywhere


def new_token() -> str:
    """Return a fresh random token (32 URL-safe characters)."""
    return secrets.token_urlsafe(24)


def read_token(token: str, token_file: str) -> str:
    """
    Return the token from the parameter, else the first line of ``token_file``, else ''.

    Raises :class:`ConfigError` when the file cannot be read or the token is too short.
    """
    if not token and token_file:
        try:
            token = pathlib.Path(token_file).read_text(encoding='utf-8').strip().split('\n')[0]
        except OSError as exc:
            raise ConfigError(f'token_file {token_file!r}: {exc.strerror or exc}') from exc
    token = token.strip()
    if token and len(token) < MIN_TOKEN_LENGTH:
        raise ConfigError(f'the token must have at least {MIN_TOKEN_LENGTH} characters')
    return token


@dataclass(frozen=True)
class AccessPolicy:
    """Bind address and token; validated so that an exposed page always needs the token."""

    host: str
    token: str
    generated: bool = False
    """The token was made at start (so it must be shown to the person once)."""

    def __post_init__(self) -> None:
        if not self.host:
            raise ConfigError('the bind address is empty')
        if not self.token:
            raise ConfigError('a token is required (controls always need one)')
        if len(self.token) < MIN_TOKEN_LENGTH:
            raise ConfigError(f'the token must have at least {MIN_TOKEN_LENGTH} characters')

    @classmethod
    def create(cls, host: str, token: str = '', token_file: str = '') -> AccessPolicy:
        """Read the configured token, or make one; an exposed bind needs a configured one."""
        given = read_token(token, token_file)
        if not given and not is_loopback(host):
            raise ConfigError(
                f'binding the dashboard to {host!r} exposes it beyond this machine: give a '
                'token (parameter token or token_file) or bind to 127.0.0.1')
        return cls(host, given or new_token(), generated=not given)

    @property
    def view_needs_token(self) -> bool:
        """Whether looking at the page needs the token (any non-loopback bind)."""
        return not is_loopback(self.host)

    def check(self, presented: str | None) -> Verdict:
        """Check a presented token (None or '' when none was sent)."""
        if not presented:
            return Verdict.UNAUTHORISED
        if hmac.compare_digest(presented.encode('utf-8'), self.token.encode('utf-8')):
            return Verdict.ALLOWED
        return Verdict.FORBIDDEN

    def check_host(self, host_header: str) -> bool:
        """Whether a request's ``Host`` header is acceptable (loopback names on loopback)."""
        if not is_loopback(self.host):
            return True
        name = host_header.strip()
        if name.startswith('['):
            name = name[1:name.find(']')] if ']' in name else ''
        elif name.count(':') == 1:
            name = name.split(':')[0]
        return is_loopback(name)

    def check_view(self, presented: str | None) -> Verdict:
        """Check a request to look (the page, its live updates)."""
        return Verdict.ALLOWED if not self.view_needs_token else self.check(presented)
