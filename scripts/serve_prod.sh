#!/usr/bin/env bash
# Production mode on this machine: PostgreSQL + Redis + a Celery worker + gunicorn (plain HTTP on loopback).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG=False
export SECRET_KEY="${SECRET_KEY:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kostra}"
export CELERY_BROKER_URL="${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0}"
export CACHE_URL="${CACHE_URL:-redis://127.0.0.1:6379/1}"  # sessions read from Redis
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-False}"  # no TLS terminator in front locally
PORT="${PORT:-8001}"

.venv/bin/python scripts/pg_ready.py "$DATABASE_URL" || { echo "PostgreSQL is not reachable"; exit 1; }
.venv/bin/python - <<PY
import psycopg, os
from urllib.parse import urlparse
u = urlparse(os.environ["DATABASE_URL"])
with psycopg.connect(host=u.hostname, port=u.port or 5432, user=u.username, dbname="postgres", autocommit=True) as c:
    if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", (u.path.lstrip("/"),)).fetchone():
        c.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(u.path.lstrip("/"))))
PY
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py collectstatic --noinput -v0
nice -n 10 .venv/bin/celery -A kostra worker -Q entry,batch --concurrency 2 --loglevel WARNING &  # batch work yields to web requests
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT
echo "serving on http://127.0.0.1:$PORT (health: /health/)"
.venv/bin/gunicorn kostra.wsgi --bind "127.0.0.1:$PORT" --workers "${WEB_WORKERS:-4}" --access-logfile -
