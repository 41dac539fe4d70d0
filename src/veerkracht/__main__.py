"""The ``veerkracht`` console script: Django's ``manage.py`` with the settings preset."""

import os
import sys

# Commands that need no database and no settings run without setting up Django, so that a whole
# process takes a fraction of a second (setting up Django loads every app). They are also ordinary
# management commands, with the same answers, for ``call_command`` and ``veerkracht help``.
STANDALONE = {
    "indicator_status": "veerkracht.governance.cli",
    "verify_decisions": "veerkracht.governance.cli",
}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in STANDALONE:
        from importlib import import_module

        raise SystemExit(import_module(STANDALONE[sys.argv[1]]).main(sys.argv[1], sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veerkracht.conf.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
