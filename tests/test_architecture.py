"""The shape of the code: no import cycles, and money booked from one place only.

The project's packages are cut into components (a package, or a sub-package with a job of its
own, e.g. ``payments.settle``). Imports between components must form no cycle, so each reads
top to bottom: web entry points (checkout, bank feed, cards, order pages, dashboards) call the
settle service, which calls the ledger (and, for market stalls, the sales ledger), which sit on
the catalog, the codecs and ``core``.
"""

from __future__ import annotations

from functools import cache

import grimp
import pytest

PACKAGES = ("config", "core", "catalog", "cms", "fulfilment", "market", "payments", "traceability")
#: Sub-packages that are components of their own; any other module belongs to its top package.
COMPONENTS = (
    "payments.settle",
    "payments.bankfeed",
    "payments.cards",
    "payments.checkout",
    "payments.orders",
    "payments.management",
    "payments.admin",
    "fulfilment.dashboard",
    "catalog.portal",
    "catalog.dashboard",
    "catalog.search",
    "catalog.api",
    "market.stall",
    # The pure GS1 codec: the catalog validates GTINs with it, and the rest of traceability
    # (lots, the scan page) reads the catalog.
    "traceability.gs1",
    "traceability.portal",
    "market.api",
)


@cache
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES, cache_dir=None)


def component(module: str) -> str:
    for name in COMPONENTS:
        if module == name or module.startswith(name + "."):
            return name
    return module.split(".")[0]


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def module_edges() -> dict[str, set[str]]:
    g = graph()
    return {m: set(g.find_modules_directly_imported_by(m)) for m in g.modules}


def test_no_module_imports_itself_back():
    assert cycles(module_edges()) == []


def test_components_import_each_other_in_one_direction_only():
    edges: dict[str, set[str]] = {}
    for module, imported in module_edges().items():
        for other in imported:
            if component(module) != component(other):
                edges.setdefault(component(module), set()).add(component(other))
    assert cycles(edges) == []


@pytest.mark.parametrize(
    ("booking", "allowed"),
    [
        # Sales and fees reach the payout ledger only through the settle service, and so
        # do the market stalls' sales.
        ("fulfilment.ledger", {"payments.settle"}),
        ("market.ledger", {"payments.settle"}),
        # Orders are paid, expired and cancelled only through it too.
        (
            "payments.settle.services",
            {
                "payments.bankfeed",
                "payments.cards",
                "payments.orders",
                "payments.settle",
                "payments.management",
                "fulfilment.dashboard",
                # The stall app: a stallholder records a cash sale (stall_cash_sale).
                "market.stall",
            },
        ),
    ],
)
def test_money_is_booked_from_one_place(booking, allowed):
    g = graph()
    importers = {component(m) for m in g.find_modules_that_directly_import(booking)}
    assert importers <= allowed, importers - allowed
