from app.old import create_engine

__all__ = ["create_engine"]
