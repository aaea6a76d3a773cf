"""Agents backend: chat, reports and background jobs run by small async agents."""
import logging

__version__ = "0.4.2"

logging.getLogger(__name__).addHandler(logging.NullHandler())
