"""kg: news articles in, a provenance-tracked knowledge graph out.

Importing kg does nothing but define names; spaCy and stores load lazily.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
