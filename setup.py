"""The wheel carries static/ (CSS, JavaScript, the built GOV.UK assets) inside the package, as bundler/static/, so a
non-editable install serves it; the source tree keeps static/ at the top level. Everything else is in pyproject.toml."""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

STATIC = Path(__file__).resolve().parent / "static"


class BuildWithStatic(build_py):
    def run(self):
        super().run()
        if not getattr(self, "editable_mode", False):  # an editable install serves static/ where it is
            shutil.copytree(STATIC, Path(self.build_lib) / "bundler" / "static", dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithStatic})
