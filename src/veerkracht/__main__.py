"""The ``veerkracht`` console script: Django's ``manage.py`` with the settings preset.

The offline commands compute on files and need neither the database, the apps nor the settings; they
run without ``django.setup()`` (which imports every app, the admin and Celery), so that they start in
a fraction of the time.

The other file-in, file-out commands (:mod:`veerkracht.conf.offline`) run with nothing configured; for
every other command a configuration error (a missing ``SECRET_KEY``, a bad value) is one line on
standard error and exit status 2, not a traceback.
"""

import importlib
import os
import sys

# Commands that need no database and no settings run without setting up Django, so that a whole
# process takes a fraction of a second (setting up Django loads every app). They are also ordinary
# management commands, with the same answers, for ``call_command`` and ``veerkracht help``.
STANDALONE = {
    "indicator_status": "veerkracht.governance.cli",
    "verify_decisions": "veerkracht.governance.cli",
}

#: command name -> module of its ``Command``: pure computations (no database, no apps, no settings).
OFFLINE_COMMANDS = {
    "form_team": "veerkracht.teams.management.commands.form_team",
    "score_responses": "veerkracht.monitor.management.commands.score_responses",
}


def run_offline(argv: list[str]) -> None:
    """Run an offline command as ``BaseCommand.run_from_argv`` would, without loading Django's apps."""
    from django.core.management.base import CommandError

    command = importlib.import_module(OFFLINE_COMMANDS[argv[1]]).Command()
    parser = command.create_parser(argv[0], argv[1])
    options = vars(parser.parse_args(argv[2:]))
    args = options.pop("args", ())
    try:
        command.execute(*args, **options)
    except CommandError as exc:
        if options.get("traceback"):
            raise
        command.stderr.write(f"{exc.__class__.__name__}: {exc}")
        sys.exit(exc.returncode)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in STANDALONE:
        from importlib import import_module

        raise SystemExit(import_module(STANDALONE[sys.argv[1]]).main(sys.argv[1], sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veerkracht.conf.settings")
    if len(sys.argv) > 1 and sys.argv[1] in OFFLINE_COMMANDS:
        run_offline(sys.argv)
        return

    from django.core.exceptions import ImproperlyConfigured

    from veerkracht.conf.offline import command_is_offline, enter_offline_mode

    if command_is_offline(sys.argv):
        enter_offline_mode()
    try:
        importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"veerkracht: {exc}\n")
        raise SystemExit(2) from None
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
