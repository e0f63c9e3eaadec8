"""Where the decision log lives: CASUS_DATABASE_URL, else SQLite in CASUS_DATA_DIR."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

DB_FILE = "decisions.sqlite"


def data_dir(folder: Path | None = None) -> Path:
    """`folder`, else CASUS_DATA_DIR, else the per-user data folder (~/.local/share/casus)."""
    configured = folder or os.environ.get("CASUS_DATA_DIR")
    return Path(configured) if configured else Path(user_data_dir("casus", appauthor=False))


def database_url(url: str | None = None, folder: Path | None = None) -> str:
    """The SQLAlchemy URL of the log: `url`, else CASUS_DATABASE_URL, else SQLite in the
    data folder; `postgresql://` URLs use psycopg 3."""
    url = url or os.environ.get("CASUS_DATABASE_URL")
    if url:
        return normalise_url(url)
    return f"sqlite:///{data_dir(folder) / DB_FILE}"


def normalise_url(url: str) -> str:
    """Pick the psycopg 3 driver for plain PostgreSQL URLs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url

