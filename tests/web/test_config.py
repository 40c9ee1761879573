"""Configuration: defaults in the instance folder, which BUNDLER_INSTANCE moves; config.py; DATABASE_URL."""
from bundler import create_app


def test_instance_folder_follows_bundler_instance_and_holds_the_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app()
    assert app.instance_path == str(tmp_path)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'bundler.sqlite'}"
    assert app.config["EVIDENCE_DIR"] == str(tmp_path / "evidence")
    assert app.config["BUNDLES_DIR"] == str(tmp_path / "bundles")


def test_instance_config_file_is_read_and_database_url_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    (tmp_path / "config.py").write_text('AUTHORITY_NAME = "Northshire County Council"\n'
                                        f'DATABASE_URL = "sqlite:///{tmp_path / "from-config.sqlite"}"\n')
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert create_app().config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'from-config.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'from-environment.sqlite'}")
    app = create_app()
    assert app.config["AUTHORITY_NAME"] == "Northshire County Council"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'from-environment.sqlite'}"


def test_bundler_prefixed_environment_sets_config(tmp_path, monkeypatch):
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    monkeypatch.setenv("BUNDLER_SECRET_KEY", "from-the-environment")
    assert create_app().config["SECRET_KEY"] == "from-the-environment"


def test_secret_key_is_made_once_per_instance_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    monkeypatch.delenv("BUNDLER_SECRET_KEY", raising=False)
    first, second = create_app().config["SECRET_KEY"], create_app().config["SECRET_KEY"]
    assert first == second and len(first) >= 40
    assert (tmp_path / "secret-key").stat().st_mode & 0o077 == 0
    other = tmp_path / "other"
    monkeypatch.setenv("BUNDLER_INSTANCE", str(other))
    assert create_app().config["SECRET_KEY"] != first
