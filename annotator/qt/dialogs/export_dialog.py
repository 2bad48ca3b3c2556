"""File > Export…: format, which documents, split, tokenizer and target in one dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import InputError
from annotator.core.io import formats
from annotator.core.io.base import ExportOptions
from annotator.core.io.tokens import spacy_available
from annotator.core.model import Status
from annotator.qt import theme

# Which options matter for which formats (the others are disabled).
_TAGGED = {"conll", "hf"}
_TOKENIZED = {"conll", "hf", "prodigy", "oneie"}


class ExportDialog(QDialog):
    """Collects an export's settings; ``result_settings()`` gives them once accepted."""

    def __init__(self, project_name: str, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export"))
        self._project_name = project_name
        self._folder = folder
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)

        self.format = QComboBox(self)
        for fmt in formats.EXPORTS.values():
            self.format.addItem(f"{fmt.title} ({fmt.name})", fmt.name)
        form.addRow(self.tr("&Format:"), self.format)
        self.holds = QLabel(self)
        self.holds.setWordWrap(True)
        form.addRow("", self.holds)

        statuses = QHBoxLayout()
        self.statuses: dict[Status, QCheckBox] = {}
        names = {
            Status.TODO: self.tr("To do"),
            Status.DONE: self.tr("Done"),
            Status.SKIPPED: self.tr("Skipped"),
        }
        for status in Status:
            box = QCheckBox(names.get(status, str(status)), self)
            box.setChecked(True)
            self.statuses[status] = box
            statuses.addWidget(box)
        statuses.addStretch(1)
        form.addRow(self.tr("Documents:"), statuses)

        self.violations = QComboBox(self)
        self.violations.addItem(self.tr("Include documents with schema warnings"), "include")
        self.violations.addItem(self.tr("Leave out documents with schema warnings"), "skip")
        self.violations.addItem(self.tr("Only documents with schema warnings"), "only")
        form.addRow(self.tr("Schema warnings:"), self.violations)

        split_row = QHBoxLayout()
        self.split_on = QCheckBox(self.tr("Split into"), self)
        self.split = QLineEdit("80/10/10", self)
        self.split.setToolTip(self.tr("train/dev/test percentages, or train/test"))
        self.seed = QSpinBox(self)
        self.seed.setRange(0, 2**31 - 1)
        split_row.addWidget(self.split_on)
        split_row.addWidget(self.split)
        split_row.addWidget(QLabel(self.tr("seed"), self))
        split_row.addWidget(self.seed)
        form.addRow(self.tr("Split:"), split_row)

        self.scheme = QComboBox(self)
        for scheme in ("iob2", "bilou", "iob1"):
            self.scheme.addItem(scheme.upper(), scheme)
        tags_row = QHBoxLayout()
        tags_row.addWidget(self.scheme)
        self.triggers = QCheckBox(self.tr("Tag event triggers too"), self)
        self.triggers.setToolTip(
            self.tr("Entities only by default; triggers are for event-detection training")
        )
        tags_row.addWidget(self.triggers)
        tags_row.addStretch(1)
        form.addRow(self.tr("Tags:"), tags_row)

        self.tokenizer = QComboBox(self)
        self.tokenizer.addItem(self.tr("spaCy if installed, else rule-based"), "auto")
        self.tokenizer.addItem(self.tr("spaCy"), "spacy")
        self.tokenizer.addItem(self.tr("Rule-based"), "rules")
        if not spacy_available():
            self.tokenizer.model().item(1).setEnabled(False)  # type: ignore[attr-defined]
        form.addRow(self.tr("To&kenizer:"), self.tokenizer)

        self.offsets = QComboBox(self)
        self.offsets.addItem(self.tr("Code points (Python)"), "codepoints")
        self.offsets.addItem(self.tr("UTF-16 units (doccano's web UI)"), "utf16")
        form.addRow(self.tr("&Offsets:"), self.offsets)

        target_row = QHBoxLayout()
        self.target = QLineEdit(self)
        browse = QPushButton(self.tr("&Browse…"), self)
        browse.clicked.connect(self.browse)
        target_row.addWidget(self.target, 1)
        target_row.addWidget(browse)
        form.addRow(self.tr("Save to:"), target_row)

        self.error = QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # messages quote paths
        self.error.setStyleSheet(theme.error_style())
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.format.currentIndexChanged.connect(self._format_changed)
        self.split_on.toggled.connect(self._format_changed)
        self._format_changed()
        self._settings: tuple[str, Path, ExportOptions] | None = None

    # -- state -------------------------------------------------------------------
    @property
    def format_name(self) -> str:
        return str(self.format.currentData())

    def _writes_folder(self) -> bool:
        return formats.EXPORTS[self.format_name].folder or self.split_on.isChecked()

    def _format_changed(self) -> None:
        fmt = formats.EXPORTS[self.format_name]
        name = fmt.name
        self.scheme.setEnabled(name in _TAGGED)
        self.triggers.setEnabled(name in _TAGGED)
        self.tokenizer.setEnabled(name in _TOKENIZED)
        self.offsets.setEnabled(name == "doccano")
        self.split.setEnabled(self.split_on.isChecked())
        self.seed.setEnabled(self.split_on.isChecked())
        carries = [self.tr("entity spans")]
        if fmt.events:
            carries.append(self.tr("events"))
        if fmt.relations:
            carries.append(self.tr("relations"))
        lacks = [
            what
            for what, held in (
                (self.tr("events"), fmt.events),
                (self.tr("relations"), fmt.relations),
            )
            if not held
        ]
        text = self.tr("Holds %1.").replace("%1", ", ".join(carries))
        if lacks:
            text += " " + self.tr("%1 are left out and counted in the summary.").replace(
                "%1", self.tr(" and ").join(lacks).capitalize()
            )
        self.holds.setText(text)
        suffix = "" if self._writes_folder() else fmt.suffix
        stem = self._project_name + ("" if suffix else f"-{name}")
        current = Path(self.target.text()) if self.target.text() else self._folder / stem
        self.target.setText(str(current.with_name(stem + suffix)))

    def browse(self) -> None:
        if self._writes_folder():
            chosen = QFileDialog.getExistingDirectory(self, self.tr("Export into a folder"))
            if chosen:
                self.target.setText(str(Path(chosen) / Path(self.target.text()).name))
            return
        fmt = formats.EXPORTS[self.format_name]
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export as"), self.target.text(), f"{fmt.title} (*{fmt.suffix})"
        )
        if chosen:
            self.target.setText(chosen)

    def options(self) -> ExportOptions:
        """The options as set; raises InputError for a bad split."""
        chosen = [status for status, box in self.statuses.items() if box.isChecked()]
        if not chosen:
            raise InputError(self.tr("Choose at least one document status."))
        return ExportOptions(
            statuses=None if len(chosen) == len(self.statuses) else chosen,
            violations=str(self.violations.currentData()),
            split=formats.parse_split(self.split.text()) if self.split_on.isChecked() else None,
            seed=self.seed.value(),
            scheme=str(self.scheme.currentData()),
            tokenizer=str(self.tokenizer.currentData()),
            offsets=str(self.offsets.currentData()),
            triggers=self.triggers.isChecked(),
        )

    def accept(self) -> None:
        try:
            options = self.options()
        except InputError as exc:
            self.error.setText(str(exc))
            return
        if not self.target.text().strip():
            self.error.setText(self.tr("Choose where to save the export."))
            return
        self._settings = (self.format_name, Path(self.target.text()).expanduser(), options)
        super().accept()

    def result_settings(self) -> tuple[str, Path, ExportOptions] | None:
        return self._settings
