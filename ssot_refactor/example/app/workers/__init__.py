"""Background workers: queued tasks, nightly batches, scheduled jobs."""
