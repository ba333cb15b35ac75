# Qamqor: `docker build -t qamqor . && docker run --env-file .env -v qamqor-data:/app/data qamqor`
FROM python:3.11.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src

# Dependencies in their own layer: rebuilt only when pyproject.toml changes.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The project itself, installed (not copied): the catalogues, the policy seed and the migrations
# are package data, so the bot runs from any folder.
COPY README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY care ./care
COPY storage ./storage
COPY locales ./locales
COPY policy ./policy
RUN pip install --no-deps . \
    && rm -rf /src

RUN useradd --system --uid 10001 --home-dir /app qamqor \
    && mkdir -p /app/data \
    && chown qamqor /app/data
WORKDIR /app
USER qamqor

VOLUME ["/app/data"]
CMD ["qamqor"]
