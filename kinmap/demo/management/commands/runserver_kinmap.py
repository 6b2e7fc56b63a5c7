"""`kinmap serve`: Django's development server, saying where Kinmap is and how to sign in.

Static files (GOV.UK Frontend, htmx, Kinmap's own) are served by WhiteNoise, which finds them in
place (WHITENOISE_USE_FINDERS), so the demo needs no collectstatic.
"""

from __future__ import annotations

import sys

from django.core.management.commands.runserver import Command as RunserverCommand
from django.db import DatabaseError

from kinmap.demo.generator import demo_council


class Command(RunserverCommand):
    help = "Start Kinmap on this machine with Django's development server (for trying it, not for live use)."

    def on_bind(self, server_port):
        if self._raw_ipv6:
            host = f"[{self.addr}]"
        elif self.addr == "0":
            host = "0.0.0.0"
        else:
            host = self.addr
        try:
            has_demo = demo_council() is not None
        except DatabaseError:  # not migrated yet: the system checks above say so
            has_demo = False
        how = (
            "sign in with the accounts listed above"
            if has_demo
            else "sign in with your account (make one with `kinmap createsuperuser`)"
        )
        quit_keys = "CTRL-BREAK" if sys.platform == "win32" else "CONTROL-C"
        self.stdout.write(
            f"\nKinmap is running at {self.protocol}://{host}:{server_port}/ — {how}\n"
            f"This is Django's development server, for trying Kinmap. Stop it with {quit_keys}.\n"
        )
