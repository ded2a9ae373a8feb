"""The base class of errors a user can act on: the command line prints them without a traceback."""

from __future__ import annotations


class UserError(Exception):
    """A problem the message explains (a missing store, a busy lock, a file that does not parse)."""
