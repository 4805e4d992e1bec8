"""The platform's settings, from arguments or the environment.

    DATABASE_URL      sqlalchemy URL; default SQLite in the data folder
    CASEGUARD_DATA    the data folder (database, blobs); default ./caseguard-data
    CASEGUARD_SECRET  signs nothing reversible, only seeds tokens; random when unset
    CASEGUARD_PAGE_CACHE  0 turns off the cache of public pages (for measurements)
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Settings"]


@dataclass
class Settings:
    data_dir: Path = field(default_factory=lambda: Path("caseguard-data"))
    database_url: str = ""
    secret: str = field(default_factory=lambda: secrets.token_hex(32))
    max_upload_bytes: int = 50 * 1024 * 1024
    max_files: int = 200
    session_hours: float = 12.0
    login_attempts: int = 5
    login_window_s: float = 300.0
    report_limit: int = 10
    report_window_s: float = 600.0
    secure_cookies: bool = False
    appeal_days: int = 183
    moderation_target_hours: float = 24.0
    # a staged upload no worker has taken this long after arriving is purged
    staging_expiry_hours: float = 6.0
    # load the scrubbing models at start-up instead of during the first upload
    warm_engines: bool = False
    page_cache: bool = True

    def __post_init__(self) -> None:
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.data_dir / 'caseguard.db').resolve()}"

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def staging_dir(self) -> Path:
        """Uploads waiting to be scrubbed: originals, so never inside blob storage."""
        return self.data_dir / "staging"

    @classmethod
    def from_env(cls) -> Settings:
        data = Path(os.environ.get("CASEGUARD_DATA", "caseguard-data"))
        out = cls(data_dir=data, database_url=os.environ.get("DATABASE_URL", ""))
        out.page_cache = os.environ.get("CASEGUARD_PAGE_CACHE", "1") != "0"
        if os.environ.get("CASEGUARD_SECRET"):
            out.secret = os.environ["CASEGUARD_SECRET"]
        return out
