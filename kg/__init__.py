"""kg: turn news articles into a trustworthy knowledge graph.

    import kg
    graph = kg.build(["seeds/"])
"""

import importlib
import importlib.util
import sys
from types import ModuleType

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "build", "__version__", "deferred", "import_deferred"]

# Needed only once there is a graph (the page, views, exports; networkx takes 0.2 s to import): kg's modules
# bind them with deferred(), so that a build imports them while its workers parse (kg.api).
DEFERRED_MODULES = ("networkx",)


def deferred(name: str) -> ModuleType:
    """Module `name` (one of DEFERRED_MODULES), imported when one of its attributes is first read."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return importlib.import_module(name)  # raises the usual ImportError
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def import_deferred() -> None:
    """Import the DEFERRED_MODULES now."""
    for name in DEFERRED_MODULES:
        getattr(deferred(name), "__name__")  # reading any attribute imports a deferred module


def __getattr__(name: str):
    # The API pulls in spaCy and rdflib; load it on first use so `import kg.ingest` stays light.
    if name in ("KnowledgeGraph", "build"):
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
