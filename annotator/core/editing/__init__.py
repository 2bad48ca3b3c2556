"""Every change to a project: one edit class per user-visible change.

``edits`` has the annotation and import edits with apply()/revert() -> Changes (the
only way anything changes, recorded for undo); ``schema_edits`` the label, role and
relation-type edits; ``history`` the status history written in an edit's transaction.
"""
