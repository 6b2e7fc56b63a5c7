"""Settings, read from the environment once, here.

KINMAP_DATA_DIR   where the embedded SQLite database lives (default: ./var)
DATABASE_URL      e.g. postgres://postgres@127.0.0.1:5432/kinmap; SQLite when unset
KINMAP_DEBUG      "1" for the demo and development
KINMAP_SECRET_KEY required when KINMAP_DEBUG is not "1"
KINMAP_ALLOWED_HOSTS comma-separated
KINMAP_QUEUE      where background jobs wait: unset for a SQLite file beside the database (no server),
                  redis://host:port/db for Redis (production), "immediate" to run each job where it is
                  queued (decision 0220)
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent
DATA_DIR = Path(os.environ.get("KINMAP_DATA_DIR", REPO_DIR / "var"))
PACKS_DIR = Path(os.environ.get("KINMAP_PACKS_DIR", REPO_DIR / "packs"))
NODE_MODULES = Path(os.environ.get("KINMAP_NODE_MODULES", REPO_DIR / "node_modules"))

DEBUG = os.environ.get("KINMAP_DEBUG", "") == "1"
SECRET_KEY = os.environ.get("KINMAP_SECRET_KEY") or ("insecure-demo-key" if DEBUG else "")
if not SECRET_KEY:
    # Tests and management commands without a key still need one; production must set it.
    SECRET_KEY = "kinmap-unset-secret-key-set-KINMAP_SECRET_KEY"
ALLOWED_HOSTS = [h for h in os.environ.get("KINMAP_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "simple_history",
    "huey.contrib.djhuey",
    "kinmap.core",
    "kinmap.councils",
    "kinmap.people",
    "kinmap.journey",
    "kinmap.rules",
    "kinmap.worklists",
    "kinmap.mapping",
    "kinmap.language",
    "kinmap.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "kinmap.urls"
WSGI_APPLICATION = "kinmap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kinmap.core.context_processors.kinmap",
            ],
        },
    }
]
FORM_RENDERER = "kinmap.core.forms.GovukFormRenderer"

DATA_DIR.mkdir(parents=True, exist_ok=True)
(DATA_DIR / "static").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'kinmap.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Colleagues keep signing in while a re-check writes (decision 0221): readers never wait for the
    # writer (WAL), every transaction takes the write lock when it begins, so none fails half-way
    # when another writes, and a writer waits up to 20 s for the lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Pages ask short questions about one child: PostgreSQL's JIT compiled them on every view and
    # cost more than it saved (decision 0511). A council-wide re-check sets its own (SET LOCAL).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"]

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
]
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-free meta tag; kept default
X_FRAME_OPTIONS = "DENY"
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = True

# The task queue (huey, decision 0220): council-wide re-checks run there, every night and after a
# change of pack. `kinmap worker` runs the jobs (`make demo` starts it beside `kinmap serve`).
_QUEUE = os.environ.get("KINMAP_QUEUE", "")
if _QUEUE == "immediate":
    HUEY: dict = {"huey_class": "huey.MemoryHuey", "immediate": True}
elif _QUEUE:
    HUEY = {"huey_class": "huey.RedisHuey", "url": _QUEUE, "immediate": False}
else:
    HUEY = {"huey_class": "huey.SqliteHuey", "filename": str(DATA_DIR / "queue.sqlite3"), "immediate": False}
HUEY.update(
    name="kinmap",
    utc=False,  # the nightly job's hour is the council's (TIME_ZONE), not UTC
    results=False,  # a job's outcome is kept in rules.Recheck, where the pack page reads it
    consumer={"workers": 1, "worker_type": "thread"},
)

KINMAP_DEFAULT_PACK = os.environ.get("KINMAP_DEFAULT_PACK", "england")
# Sections other apps add to the child's page: (anchor id, title for "On this page", dotted path of
# panel(*, request, child) -> str; kinmap/core/panels.py). Shown in this order after the page's own.
KINMAP_CHILD_PANELS: list[tuple[str, str, str]] = [
    ("journey", "Journey", "kinmap.journey.panels.involvements"),
    ("events", "Recent events", "kinmap.journey.panels.recent_events"),
    ("mapping", "Mapping", "kinmap.mapping.panels.panel"),
    ("rules", "Timescales and expectations", "kinmap.worklists.panels.rule_results"),
]
# After every change to a child's record is committed, kinmap.core.actions.change_record calls each
# of these (dotted paths of f(*, child_id: int) -> None) in order: the rules first, so the next page
# drawn shows the change (decision 0008).
KINMAP_RECORD_FOLLOW_UPS: list[str] = [
    "kinmap.rules.follow_ups.recheck_child",
]
