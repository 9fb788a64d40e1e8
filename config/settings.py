"""Settings, read from environment variables (see config/env.py).

Production is the default: DEBUG is off and SECRET_KEY must be given. `make run` turns DEBUG on for the demo;
tests, type checks and benchmarks use `config.settings_dev`."""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_database, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "regions",
    "accounts",
    "audit",
    "posyandu",
    "people",
    "visits",
    "pokjanal",
    "campaigns",
    "reports",
    "monthly",
    "web",
    "demo",
    "backup",
    "offline",
    "exchange.opensid",
    "exchange.satusehat",
    "exchange.eppgbm",
    "exchange.dhis2",
    "api",
    "public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files from the WSGI server, no separate web server
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.sessions.IdleTimeoutMiddleware",
    "web.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "web.private_pages.PrivatePagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {"default": env_database("DATABASE_URL", str(BASE_DIR / "db.sqlite3"))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker and the web server share the file without "database is locked"; a 64 MiB page
    # cache per connection (the default is 2 MiB) keeps a kabupaten's indexes in memory during imports.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# One cache for every gunicorn worker and the task worker: the API's rate limits count a token's requests
# across workers (a per-process cache would allow each worker the whole limit), and a public page or share
# card drawn by one worker is served by all. The database's (no Redis); its table is made by a migration
# (web.models.CacheEntry).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # A locked-out username or address is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UserBackend",  # Django's ModelBackend, reading a kader's posyandu with her login
]
# New passwords are stored with Argon2id (accounts.passwords); PBKDF2 still reads the older ones and they are
# stored again with Argon2id when their owner next logs in.
PASSWORD_HASHERS = [
    "accounts.passwords.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10, minimum=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.passwords.ContextWordsValidator"},
]

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT failed logins for one username, or from one
# address, that username or address is refused for LOGIN_COOLOFF_MINUTES, counted again from each attempt made
# during the lock. Applies to the admin's login too (it authenticates through the same backends).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out"
AXES_VERBOSE = False

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Hashed, compressed copies made by `collectstatic`, served for a year by whitenoise; with DEBUG on, the files
# are served from the app folders as they are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# Kader share phones: a session ends after SESSION_IDLE_MINUTES without a request (accounts.sessions moves the
# expiry on) and when the browser closes.
SESSION_COOKIE_AGE = 60 * env_int("SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# HTTPS (Django deployment checklist). Off with DEBUG, so that the demo works on http://127.0.0.1. Behind a
# reverse proxy that ends TLS, the proxy sets X-Forwarded-Proto (trusted only with SECURE_PROXY_SSL_HEADER).
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)  # only a flag: submitting is the owner's step
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts and styles come only from the app's own static files, with no
# inline code, no inline style and no eval, so a name or note that slipped HTML past the templates could run
# nothing. Templates therefore hold no <script> with code, no style="" and no on…="" handler: behaviour is in
# static/js, data goes by `json_script` (tests/test_content_security_policy.py walks every page). The maps
# draw vendored boundaries with no tile server, so no image, font or connection leaves the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# A posyandu's monthly report is on time when first sent by this day of the next month (a region's rule; the
# health office usually asks for the 5th).
MONTHLY_REPORT_DEADLINE_DAY = env_int("MONTHLY_REPORT_DEADLINE_DAY", 5, minimum=1, maximum=28)

# Uploaded campaign sheets (names and NIKs of children and mothers) are deleted when their import ends; any
# left (a sheet never imported, an upload that failed half-way) goes after this many days (`purge_uploads`).
UPLOAD_RETENTION_DAYS = env_int("UPLOAD_RETENTION_DAYS", 30, minimum=1)

# The report pages bring the stored monthly figures up to date at most this often (`reports.actions`): on a
# campaign morning every page would otherwise recompute what the kader wrote since the page before.
FIGURES_REFRESH_SECONDS = env_int("FIGURES_REFRESH_SECONDS", 30, minimum=0)

# A write to a posyandu's data has its problems found again this long after it, in the task worker
# (`pokjanal.signals`): on a campaign day one run reads the visits of those minutes. 0: writes queue nothing
# (the daily `refresh_problems` and an officer's "Perbarui" still do).
PROBLEMS_REFRESH_SECONDS = env_int("PROBLEMS_REFRESH_SECONDS", 180, minimum=0)

# Where the boundary GeoJSON files are for the demo (`make run`, data/geo/); a deployment passes its own path.
GEO_DIR = Path(env_str("GEO_DIR", str(BASE_DIR / "data" / "geo")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# The API (api/, docs/interop.md "The API"): requests a minute per token, and failed token checks a minute
# per address before that address is refused (429) for the rest of the minute.
API_REQUESTS_PER_MINUTE = env_int("API_REQUESTS_PER_MINUTE", 120, minimum=1)
API_FAILURES_PER_MINUTE = env_int("API_FAILURES_PER_MINUTE", 20, minimum=1)
# django-ninja's own templates and static files: the API's documentation page (Swagger UI) loads them from
# the site, not from a CDN, as the Content-Security-Policy asks.
INSTALLED_APPS += ["ninja"]

# Public pages (issue 17, `public`): the licence line of the open data (the CSV files and the pages' footer).
PUBLIC_DATA_LICENCE = env_str("PUBLIC_DATA_LICENCE", "CC BY 4.0")
