"""The `kinmap` console command: a thin front on Django's management commands.

`kinmap demo`, `kinmap serve`, `kinmap check`, `kinmap rules`, `kinmap packs`, `kinmap recheck` ...
are the management commands of the same names; `kinmap worker` runs the task queue's jobs (huey's
run_huey); anything else Django knows (migrate, createsuperuser) passes straight through.
"""

import os
import sys

ALIASES = {"serve": "runserver_kinmap", "worker": "run_huey"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinmap.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    execute_from_command_line(["kinmap", *args])
