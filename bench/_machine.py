"""What every benchmark prints about the machine it ran on."""

import os
import platform
import sqlite3
from pathlib import Path


def describe() -> str:
    """'N CPUs (model), Python x.y.z, SQLite a.b.c'."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    python, sqlite = platform.python_version(), sqlite3.sqlite_version
    return f"{os.cpu_count()} CPUs ({model}), Python {python}, SQLite {sqlite}"
