"""Importers and exporters: one module per format, pure functions over the core model."""
