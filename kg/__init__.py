"""kg: turn news articles into a trustworthy knowledge graph.

    import kg
    graph = kg.build(["seeds/"])
"""

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "build", "__version__"]


def __getattr__(name: str):
    # The API pulls in spaCy and rdflib; load it on first use so `import kg.ingest` stays light.
    if name in ("KnowledgeGraph", "build"):
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
