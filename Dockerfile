# One image for web (gunicorn), worker and beat; docker-compose.yml picks the command.
FROM python:3.11-slim

# gunicorn reuses its worker threads, so it keeps a database connection per worker
# (DB_CONN_MAX_AGE); runserver does not and always closes them.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DB_CONN_MAX_AGE=60 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

RUN groupadd --system --gid 1000 partnernet \
 && useradd --system --uid 1000 --gid partnernet --home-dir /app --shell /usr/sbin/nologin partnernet

# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN pip install .

COPY . .

# Static files are collected and translations compiled at build time, with
# throw-away production settings (the real SECRET_KEY only exists at run time).
RUN DEBUG=false SECRET_KEY=build-only-placeholder-not-used-at-runtime-0123456789abcdef \
    ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
 && python manage.py compile_translations \
 && mkdir -p var/media var/mail \
 && chown -R partnernet:partnernet var

USER partnernet

EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"

CMD ["gunicorn", "partnernet.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-", "--forwarded-allow-ips", "*", "--timeout", "60"]
