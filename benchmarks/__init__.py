"""Benchmarks: a synthetic monorepo generator, a real-code corpus and side-by-side timings."""
