"""Application services: chat, reports and analysis."""
