"""Request schemas, one module per endpoint."""
