"""Benchmark fauxpen against a bare Flask baseline under identical gunicorn settings (see README.md)."""
