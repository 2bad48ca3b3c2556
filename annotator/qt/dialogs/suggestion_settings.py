"""Suggestions > Suggestion settings…: which sources propose, with their files and limits.

Pattern files (spaCy-style ``.jsonl``) and word lists (one entry a line, for one label:
stored as ``LABEL=path``), an installed spaCy pipeline (a name or a folder) and how its
labels map to ours (``THEIRS=OURS`` lines), the score threshold, and whether the model
retrains as documents are marked done. A source that cannot start says why under the
settings; a missing library shows the line that installs it, selectable, to copy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.assist.suggestions import AssistConfig
from annotator.core.model import Label
from annotator.qt.translations import fill

INSTALL = "pip install 'annotator[assist]'"


def parse_label_map(text: str) -> tuple[dict[str, str], list[str]]:
    """``THEIRS=OURS`` lines as a mapping, and the lines that are not like that."""
    mapping: dict[str, str] = {}
    bad: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        theirs, sep, ours = line.partition("=")
        if not sep or not theirs.strip() or not ours.strip():
            bad.append(line)
            continue
        mapping[theirs.strip()] = ours.strip()
    return mapping, bad


class SuggestionSettingsDialog(QDialog):
    def __init__(
        self,
        config: AssistConfig,
        problems: Mapping[str, str],
        labels: Sequence[Label],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Suggestion settings"))
        self._config = config
        self._labels = [label.name for label in labels]
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)

        self.propagation = QCheckBox(self.tr("Propagation in the document"), self)
        self.propagation.setChecked(config.propagation)
        self.corpus = QCheckBox(self.tr("Propagation across the corpus"), self)
        self.corpus.setChecked(config.corpus)
        self.model = QCheckBox(self.tr("Trained model"), self)
        self.model.setChecked(config.model)
        self.retrain = QCheckBox(self.tr("Retrain as documents are marked done"), self)
        self.retrain.setChecked(config.retrain)
        sources = QVBoxLayout()
        for box in (self.propagation, self.corpus, self.model, self.retrain):
            sources.addWidget(box)
        form.addRow(self.tr("Sources"), sources)

        self.patterns = QListWidget(self)
        self.patterns.setObjectName("patternFiles")
        self.patterns.addItems(list(config.patterns))
        self.patterns.setToolTip(
            self.tr("spaCy-style patterns (.jsonl), or word lists for one label (LABEL=path)")
        )
        add = QPushButton(self.tr("Add…"), self)
        add.clicked.connect(self._add_files)
        remove = QPushButton(self.tr("Remove"), self)
        remove.clicked.connect(self._remove_file)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        files = QVBoxLayout()
        files.addWidget(self.patterns)
        files.addLayout(buttons)
        form.addRow(self.tr("Patterns and word lists"), files)

        self.pipeline = QLineEdit(config.pipeline, self)
        self.pipeline.setObjectName("pipeline")
        self.pipeline.setPlaceholderText(self.tr("an installed spaCy pipeline: a name or a folder"))
        browse = QPushButton(self.tr("Folder…"), self)
        browse.clicked.connect(self._choose_pipeline)
        pipeline = QHBoxLayout()
        pipeline.addWidget(self.pipeline, 1)
        pipeline.addWidget(browse)
        form.addRow(self.tr("spaCy pipeline"), pipeline)

        self.label_map = QPlainTextEdit(self)
        self.label_map.setObjectName("labelMap")
        self.label_map.setPlainText(
            "\n".join(f"{theirs}={ours}" for theirs, ours in config.pipeline_labels.items())
        )
        self.label_map.setPlaceholderText(self.tr("one a line: THEIRS=OURS, e.g. PERSON=PER"))
        self.label_map.setTabChangesFocus(True)
        self.label_map.setFixedHeight(self.fontMetrics().height() * 5)
        form.addRow(self.tr("Pipeline labels"), self.label_map)

        self.threshold = QDoubleSpinBox(self)
        self.threshold.setObjectName("threshold")
        self.threshold.setRange(0.0, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setDecimals(2)
        self.threshold.setValue(config.threshold)
        self.threshold.setToolTip(self.tr("Suggestions scored below this are not shown"))
        form.addRow(self.tr("Threshold"), self.threshold)

        self.problem_labels: list[QLabel] = []
        enabled = set(config.enabled())
        shown = [(name, text) for name, text in problems.items() if name in enabled]
        if shown:
            layout.addWidget(QLabel(self.tr("What keeps sources from suggesting:"), self))
        for name, text in shown:
            label = QLabel(f"{name}: {text}", self)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)  # paths and names as they are
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
            self.problem_labels.append(label)
            if INSTALL in text:
                install = QLabel(INSTALL, self)
                install.setObjectName("installLine")
                install.setTextFormat(Qt.TextFormat.PlainText)
                install.setTextInteractionFlags(
                    Qt.TextInteractionFlag.TextSelectableByMouse
                    | Qt.TextInteractionFlag.TextSelectableByKeyboard
                )
                install.setStyleSheet("font-family: monospace")
                layout.addWidget(install)
                self.problem_labels.append(install)

        self.error = QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.hide()
        layout.addWidget(self.error)
        ok_cancel = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok_cancel.accepted.connect(self.accept)
        ok_cancel.rejected.connect(self.reject)
        for button in (add, remove, browse):
            button.setAutoDefault(False)  # Enter in the dialog means OK
        layout.addWidget(ok_cancel)
        self.resize(560, self.sizeHint().height())

    # -- files ---------------------------------------------------------------------------
    def add_entry(self, path: str, label: str | None = None) -> None:
        """A pattern file (``.jsonl``), or a word list for ``label`` (``LABEL=path``)."""
        entry = path if label is None else f"{label}={path}"
        existing = [self.patterns.item(i).text() for i in range(self.patterns.count())]
        if entry not in existing:
            self.patterns.addItem(entry)

    def _add_files(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add patterns or word lists"),
            "",
            self.tr("Patterns and word lists (*.jsonl *.txt *.lst);;All files (*)"),
        )
        for path in chosen:
            if path.lower().endswith(".jsonl"):
                self.add_entry(path)
                continue
            label, ok = QInputDialog.getItem(
                self,
                self.tr("Word list"),
                fill(self.tr("Label for the words in %1:"), Path(path).name),
                self._labels,
                0,
                False,
            )
            if ok and label:
                self.add_entry(path, label)

    def _remove_file(self) -> None:
        for item in self.patterns.selectedItems():
            self.patterns.takeItem(self.patterns.row(item))

    def _choose_pipeline(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("spaCy pipeline folder"))
        if folder:
            self.pipeline.setText(folder)

    # -- the result ----------------------------------------------------------------------
    def config(self) -> AssistConfig:
        """The settings as chosen (label-map lines that are not THEIRS=OURS are left out)."""
        mapping, _bad = parse_label_map(self.label_map.toPlainText())
        patterns = tuple(self.patterns.item(i).text() for i in range(self.patterns.count()))
        pipeline = self.pipeline.text().strip()
        return replace(
            self._config,
            # files or a pipeline newly given are meant to be used
            use_patterns=self._config.use_patterns
            or (bool(patterns) and not self._config.patterns),
            use_pipeline=self._config.use_pipeline
            or (bool(pipeline) and not self._config.pipeline),
            propagation=self.propagation.isChecked(),
            corpus=self.corpus.isChecked(),
            model=self.model.isChecked(),
            retrain=self.retrain.isChecked(),
            patterns=patterns,
            pipeline=pipeline,
            pipeline_labels=mapping,
            threshold=round(self.threshold.value(), 2),
        )

    def accept(self) -> None:
        _mapping, bad = parse_label_map(self.label_map.toPlainText())
        if bad:
            self.error.setText(
                fill(self.tr("Not THEIRS=OURS: %1"), bad[0])  # stays open to fix it
            )
            self.error.show()
            return
        super().accept()
