"""The project file: an SQLite database managed with sqlite-utils.

``database`` opens and creates it, ``migrations`` defines its schema, ``queries``
reads it, ``recorder`` records row changes for undo, ``lock`` keeps one writer.
"""
