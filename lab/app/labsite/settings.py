"""Production-style settings for the lab's reference app (DEBUG off), chosen by LAB_* variables."""

import os
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent

# A fixed key is fine here: the lab serves 127.0.0.1 only and keeps no real user data.
SECRET_KEY = os.environ.get("LAB_SECRET_KEY", "lab-only-not-secret-7c1f0e2a9b4d4f3e8a6b")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "blog",
]

MIDDLEWARE = [
    "blog.middleware.QueryCountMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "labsite.urls"
WSGI_APPLICATION = "labsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": False,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ],
            # Cached template loader, as Django uses when DEBUG is off.
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    ["django.template.loaders.app_directories.Loader"],
                )
            ],
        },
    }
]


def _database() -> dict[str, Any]:
    """SQLite by default; PostgreSQL with persistent connections or Django's pool."""
    if os.environ.get("LAB_DB", "sqlite") == "postgresql":
        db: dict[str, Any] = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("LAB_PG_NAME", "lab"),
            "USER": os.environ.get("LAB_PG_USER", "postgres"),
            "HOST": os.environ.get("LAB_PG_HOST", "127.0.0.1"),
            "PORT": os.environ.get("LAB_PG_PORT", "5432"),
        }
        if os.environ.get("LAB_CONN", "persistent") == "pool":
            db["CONN_MAX_AGE"] = 0
            db["OPTIONS"] = {"pool": {"min_size": 2, "max_size": 8}}
        else:
            db["CONN_MAX_AGE"] = 600
        return db
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("LAB_SQLITE_PATH", str(BASE_DIR / "lab.sqlite3")),
        "CONN_MAX_AGE": 600,
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {"default": _database()}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "lab",
    }
}

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
