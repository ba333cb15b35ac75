"""The layer rules, read from the source with `ast` (docs/ARCHITECTURE.md, "Layers"):
`sandbox → bot → handlers → care → storage`, capability packages inside `care/` import only
the ones below them and nobody's private modules, and no import cycle anywhere."""

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("storage", "care", "handlers", "bot", "sandbox")  # each imports only those before it
# The one entry point (`python -m bot`, `qamqor`) starts either the bot or the sandbox.
ENTRY = "bot.__main__"
# care's capability packages, lowest first: each may import those before it, never after.
# `care.kinds` (the performers of outbox rows) sits above them all and wires them to the sender.
CAPABILITIES = ("common", "outbound", "people", "desk", "notices", "rights")
MAX_LINES = 300

Graph = Mapping[str, set[str]]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def product_files() -> list[Path]:
    return sorted(
        path
        for layer in LAYERS
        for path in (ROOT / layer).rglob("*.py")
        if "migrations" not in path.parts
    )


def imports_of(source: str, modules: Iterable[str]) -> set[str]:
    """The project's modules `source` imports, wherever the import sits (a function-level
    import hides a cycle from Python until it runs, not from this test). `from p import m`
    names module `p.m` when there is one, else `p`."""
    known = set(modules)
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in known else node.module)
    return {name for name in found if name in known}


def project_graph() -> dict[str, set[str]]:
    files = {module_name(path): path for path in product_files()}
    return {name: imports_of(path.read_text(), files) - {name} for name, path in files.items()}


def cycles(graph: Graph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
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

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def layer_breaches(graph: Graph) -> list[str]:
    breaches = []
    for module, targets in graph.items():
        layer = LAYERS.index(module.split(".")[0])
        for target in targets:
            if LAYERS.index(target.split(".")[0]) > layer and not (
                module == ENTRY and target.startswith("sandbox.")
            ):
                breaches.append(f"{module} imports {target}")
    return sorted(breaches)


def capability(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "care" and len(parts) > 2 else None


def capability_breaches(graph: Graph) -> list[str]:
    """A capability importing one above it, or anything reaching into another capability's
    private (underscored) module."""
    breaches = []
    for module, targets in graph.items():
        for target in targets:
            mine, theirs = capability(module), capability(target)
            if theirs is None or mine == theirs:
                continue
            if any(part.startswith("_") and part != "__init__" for part in target.split(".")):
                breaches.append(f"{module} reaches into private {target}")
            if mine is not None and CAPABILITIES.index(theirs) > CAPABILITIES.index(mine):
                breaches.append(f"{module} ({mine}) imports {target} ({theirs}, above it)")
    return sorted(breaches)


# The checks themselves, on graphs made up to break them.


def test_a_cycle_is_found_however_long():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_a_lower_layer_importing_a_higher_one_is_a_breach():
    graph = {
        "storage.users": {"care.common.texts"},
        "care.desk.inbound": {"handlers.desk.care", "storage.users"},
        "handlers.menu": {"bot.app"},
        "bot.app": {"sandbox.main"},
        "bot.__main__": {"sandbox.main"},
    }
    assert layer_breaches(graph) == [
        "bot.app imports sandbox.main",
        "care.desk.inbound imports handlers.desk.care",
        "handlers.menu imports bot.app",
        "storage.users imports care.common.texts",
    ]


def test_a_capability_may_not_look_up_or_into_anothers_private_module():
    graph = {
        "care.people.consent": {"care.desk.topics", "care.common.texts"},
        "care.rights.cards": {"care.desk._render", "care.rights._own", "care.desk.topics"},
        "care.kinds": {"care.rights.cards"},
        "handlers.menu": {"care.desk._render"},
    }
    assert capability_breaches(graph) == [
        "care.people.consent (people) imports care.desk.topics (desk, above it)",
        "care.rights.cards reaches into private care.desk._render",
        "handlers.menu reaches into private care.desk._render",
    ]


def test_from_a_package_import_a_module_names_the_module():
    known = {"care.desk", "care.desk.topics", "storage.models"}
    source = "from care.desk import topics\nfrom storage.models import User\nimport json\n"
    assert imports_of(source, known) == {"care.desk.topics", "storage.models"}


# The rules, on the product.

GRAPH = project_graph()


def test_the_product_has_no_import_cycle():
    assert cycles(GRAPH) == []


def test_each_layer_imports_only_the_layers_below_it():
    assert layer_breaches(GRAPH) == []


def test_capabilities_import_only_those_below_them():
    assert capability_breaches(GRAPH) == []


def test_care_reads_as_capability_packages_with_at_most_three_loose_modules():
    care = ROOT / "care"
    packages = sorted(p.name for p in care.iterdir() if (p / "__init__.py").exists())
    assert packages == sorted(CAPABILITIES)
    loose = sorted(p.name for p in care.glob("*.py") if p.name != "__init__.py")
    assert len(loose) <= 3, loose
    for package in packages:
        doc = ast.get_docstring(ast.parse((care / package / "__init__.py").read_text()))
        assert doc and "imports" in doc.lower(), f"care/{package}: say what it owns and may import"


@pytest.mark.parametrize("path", product_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_product_module_is_over_300_lines(path):
    assert len(path.read_text().splitlines()) <= MAX_LINES
