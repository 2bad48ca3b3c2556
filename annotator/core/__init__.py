"""The annotation core: plain Python, never Qt.

Everything a user can do (import, annotate through edits, export) works and is
tested with PySide6 absent; the window in ``annotator.qt`` is a thin layer over it.
"""
