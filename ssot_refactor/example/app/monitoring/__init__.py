"""Runtime metrics for the admin dashboard."""
