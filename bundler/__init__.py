"""bundler: SEND Tribunal case preparation for a local authority."""
import os
from pathlib import Path

from flask import Flask

DEFAULT_INSTANCE = Path(__file__).resolve().parent.parent / "instance"


def create_app(test_config=None):
    instance_path = os.environ.get("BUNDLER_INSTANCE") or str(DEFAULT_INSTANCE)
    app = Flask(__name__, instance_path=os.path.abspath(instance_path),
                instance_relative_config=True, static_folder=str(DEFAULT_INSTANCE.parent / "static"))
    app.config.from_mapping(SECRET_KEY=os.environ.get("BUNDLER_SECRET_KEY", "dev-only-not-secret"))
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)
    os.makedirs(app.instance_path, exist_ok=True)

    @app.get("/")
    def index():
        return "bundler is running"

    return app
