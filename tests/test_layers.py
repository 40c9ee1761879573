"""The layers: nothing outside bundler/web imports the web package, except the app factory that registers it."""
import ast
from pathlib import Path

import bundler

PACKAGE = Path(bundler.__file__).parent
ALLOWED = {PACKAGE / "app.py"}  # create_app registers the blueprints and the template helpers


def imported_modules(path: Path) -> set[str]:
    """Absolute names of the modules `path` imports, relative imports resolved against its package."""
    package = ".".join(("bundler", *path.relative_to(PACKAGE).parent.parts))
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def test_only_the_web_package_imports_bundler_web():
    offenders = sorted(
        f"{path.relative_to(PACKAGE.parent)} imports {name}"
        for path in PACKAGE.rglob("*.py")
        if "web" not in path.relative_to(PACKAGE).parts[:1] and path not in ALLOWED
        for name in imported_modules(path) if name == "bundler.web" or name.startswith("bundler.web."))
    assert offenders == []



def test_a_blueprint_never_imports_another_blueprints_modules():
    """Shared web helpers live in bundler/web/*.py (access, forms, uploads, navigation); an area's routes, forms and
    view helpers are its own."""
    web = PACKAGE / "web"
    areas = {path.name for path in web.iterdir() if (path / "__init__.py").is_file()}
    offenders = sorted(
        f"{path.relative_to(PACKAGE.parent)} imports {name}"
        for area in areas for path in (web / area).rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[:2] == ["bundler", "web"] and len(name.split(".")) > 2
        and name.split(".")[2] in areas - {area})
    assert offenders == []


def top_level_commands(path: Path) -> set[str]:
    """`module:name` for each function decorated @click.command or @click.group and each `name = AppGroup(...)`
    (not a group's subcommands)."""
    module = ".".join(("bundler", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
    found = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) \
                and getattr(node.value.func, "id", None) == "AppGroup":
            found.update(f"{module}:{target.id}" for target in node.targets)
        for decorator in getattr(node, "decorator_list", []):
            call = decorator.func if isinstance(decorator, ast.Call) else decorator
            if isinstance(call, ast.Attribute) and isinstance(call.value, ast.Name) and call.value.id == "click" \
                    and call.attr in ("command", "group"):
                found.add(f"{module}:{node.name}")
    return found


def test_every_command_is_registered_once_in_cli_py():
    from bundler.cli import APP_COMMANDS, STANDALONE_COMMANDS, SUBCOMMANDS

    registered = [*STANDALONE_COMMANDS.values(), *APP_COMMANDS.values(),
                  *(target for group in SUBCOMMANDS.values() for target in group.values())]
    defined = set().union(*(top_level_commands(path) for path in PACKAGE.rglob("*.py")))
    assert sorted(registered) == sorted(set(registered)) and set(registered) == defined
