"""Commands that work on files alone and so run on a fresh installation with nothing configured.

``veerkracht score_responses …`` on a machine without ``SECRET_KEY``, database or mail server must
work: these commands sign nothing, store nothing and send nothing. The console script
(:mod:`veerkracht.__main__`) switches to offline mode for them before the settings are read; the
settings then accept a missing ``SECRET_KEY`` (an ephemeral one is used for the run). Every other
command, and serving, still refuse to start without one.

A new offline command adds its name here (and must not sign, store or send anything lasting).
"""

from __future__ import annotations

OFFLINE_COMMANDS = frozenset(
    {
        # Django's own: listing commands and the version
        "help",
        "version",
        # the project's file-in, file-out commands
        "score_responses",
        "form_team",
        "export_instrument",
        "indicator_status",
        "verify_decisions",
        "config_reference",
        # backup and restore copy the database and the files as they are: they sign nothing, so the
        # key is not needed (a server whose key is lost can still be backed up and restored)
        "backup",
        "restore",
    }
)

_offline = False


def command_is_offline(argv: list[str]) -> bool:
    """Whether the command line ``argv`` (``sys.argv``) runs an offline command. No command,
    ``--help`` and ``--version`` count as ``help`` and ``version``."""
    if len(argv) < 2 or argv[1] in {"-h", "--help", "--version"}:
        return True
    return argv[1] in OFFLINE_COMMANDS


def enter_offline_mode() -> None:
    global _offline  # noqa: PLW0603 - one process-wide switch, set once before settings load
    _offline = True


def offline() -> bool:
    return _offline
