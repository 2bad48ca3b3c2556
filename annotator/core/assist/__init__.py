"""Suggestions: a model and other sources in the loop (docs/adr/0016-suggestions.md).

``suggestions`` has the values and the merging, ``sources`` builds the enabled
sources from a project's settings; ``propagation``, ``patterns``, ``crf`` (the model
trained from done documents, with ``features``), ``pipelines`` (installed spaCy
pipelines) are the sources; ``training`` trains, evaluates and draws the learning
curve, ``background`` runs training in another process so the window never waits.
The heavy libraries (python-crfsuite, spaCy) are imported only when a source needs
them: ``pip install 'annotator[assist]'``.
"""
