"""gunicorn's settings for production: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Every value can be changed by an environment variable or on the command line (or GUNICORN_CMD_ARGS)."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Sync workers: each request is short (a visit is saved in tens of milliseconds); imports and big reports run
# in the task worker, not here. gunicorn's advice is 2 × cores + 1.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
max_requests = 2000  # recycle workers now and then, so that no slow leak grows for weeks
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
