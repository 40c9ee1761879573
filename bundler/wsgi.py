"""The app for a WSGI server: `gunicorn bundler.wsgi:app` (what `bundler serve` runs)."""
from . import create_app

app = create_app()
