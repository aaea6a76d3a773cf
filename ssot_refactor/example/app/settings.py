"""Runtime settings, read once from the environment."""
import os
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Settings:
    environment: str = "development"
    agent_timeout_seconds: float = 30.0
    max_pipeline_length: int = 5
    engine_pool_size: int = 2


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings of this process (``APP_*`` environment variables override the defaults)."""
    return Settings(
        environment=os.environ.get("APP_ENV", "development"),
        agent_timeout_seconds=float(os.environ.get("APP_AGENT_TIMEOUT", "30")),
        max_pipeline_length=int(os.environ.get("APP_MAX_PIPELINE", "5")),
        engine_pool_size=int(os.environ.get("APP_ENGINE_POOL_SIZE", "2")),
    )
