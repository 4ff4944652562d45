"""One blueprint per endpoint."""
