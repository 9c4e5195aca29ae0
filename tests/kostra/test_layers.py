"""The floors of the code, read from the imports themselves (as an import-linter contract would):

questionnaire (definition, conditions, types, ids, pure rules)  <-  surveys (storage, entry, tables)
    <-  validation (flags, runs, workbench)  <-  demo (loads a year through all of them).

Imports inside functions count as well: a lazy import is still a dependency.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("kostra", "questionnaire", "surveys", "validation", "demo")
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every project module `name` imports (the longest known prefix of each imported name)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets.add(base)
            targets.update(f"{base}.{alias.name}" for alias in node.names)
    return {known for t in targets if (known := _known(t))}


def _known(target: str) -> str | None:
    parts = target.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in MODULES:
            return candidate
    return None


GRAPH = {name: _imports(name, path) - {name} for name, path in MODULES.items()}


def _importers_of(prefix: str, among: str) -> list[str]:
    return sorted(
        f"{name} -> {target}"
        for name, targets in GRAPH.items()
        if name == among or name.startswith(among + ".")
        for target in targets
        if target == prefix or target.startswith(prefix + ".")
    )


@pytest.mark.parametrize("app", ["surveys", "validation", "demo"])
def test_the_core_package_imports_neither_app(app):
    assert _importers_of(app, "questionnaire") == []


def test_the_core_package_stands_only_on_the_register_groups():
    """Of the project, the questionnaire and its rules use only the size groups of the register (pure data)."""
    outside = {t for n, ts in GRAPH.items() if n.startswith("questionnaire") for t in ts}
    assert {t for t in outside if not t.startswith("questionnaire")} <= {"kostra.reference.groups"}


def test_surveys_imports_nothing_from_validation_or_demo():
    assert _importers_of("validation", "surveys") == []
    assert _importers_of("demo", "surveys") == []


def test_validation_stands_on_surveys_storage_not_on_its_pages():
    """The workbench may read and write through surveys' models and services, never through its views."""
    assert _importers_of("surveys.views", "validation") == []
    assert _importers_of("demo", "validation") == []


def test_the_pure_rules_import_no_service_model_or_view():
    leaks = [
        line
        for line in _importers_of("", "questionnaire.rules")
        if any(word in line.split(" -> ")[1] for word in ("services", "models", "views", "tasks"))
    ]
    assert leaks == []


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in GRAPH.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return found


def _package_of(name: str) -> str:
    return name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]


def test_no_import_circle_between_files_of_different_packages():
    spanning = [c for c in _cycles() if len({_package_of(m) for m in c}) > 1]
    assert spanning == []


def test_the_layer_check_sees_a_circle_when_there_is_one(monkeypatch):
    """The circle finder itself: two modules importing each other are one component."""
    monkeypatch.setitem(GRAPH, "surveys.models", GRAPH["surveys.models"] | {"validation.models"})
    monkeypatch.setitem(GRAPH, "validation.models", GRAPH["validation.models"] | {"surveys.models"})
    assert any({"surveys.models", "validation.models"} <= set(c) for c in _cycles())


def test_no_module_is_over_400_lines():
    roots = [ROOT / p for p in PACKAGES]
    long = {
        str(path.relative_to(ROOT)): lines
        for root in roots
        for path in root.rglob("*.py")
        if "migrations" not in path.parts and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
