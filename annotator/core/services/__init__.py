"""What the application needs around annotating, knowing nothing of projects.

Where files live (``paths``, the only module that imports appdirs), the user's
preferences (``settings``, ``keymap``), recently opened projects, desktop
integration, the user guide, the About information, and colour contrast. These
modules import only ``annotator.core.errors``; every other room may use them.
"""
