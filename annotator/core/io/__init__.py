"""Importers and exporters: one module per format, pure functions over the core model.

``formats`` is the registry of every format; ``schema_sources`` loads a label schema
from whatever the user names (built-in, schema file, brat annotation.conf); ``demo``
builds the demo project from the bundled articles.
"""
