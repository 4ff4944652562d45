"""The gunicorn target: `gunicorn wsgi:app`."""
from fauxpen import create_app

app = create_app()
