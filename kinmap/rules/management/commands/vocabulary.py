"""`kinmap vocabulary --format md|json`: the service areas and event types, for docs and analysts."""

import json

from django.core.management.base import BaseCommand

from kinmap.rules.vocabulary_doc import as_json, as_markdown


class Command(BaseCommand):
    help = "Print the vocabulary of service areas and event types (docs/vocabulary.md is this, as md)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["md", "json"], default="md")

    def handle(self, *args, **options):
        if options["format"] == "json":
            self.stdout.write(json.dumps(as_json(), indent=2))
        else:
            self.stdout.write(as_markdown(), ending="")
