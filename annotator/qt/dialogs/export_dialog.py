"""File > Export…: format, which documents, split, tokenizer and target in one dialog."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
from annotator.qt.translations import fill

# Which options matter for which formats (the others are disabled).
_TAGGED = {"conll", "hf"}
_TOKENIZED = {"conll", "hf", "prodigy", "oneie"}


# What a format may lack (formats.ATTACHED plus events and relations), counted in a project.
class ExportDialog(QDialog):
    """Collects an export's settings; ``result_settings()`` gives them once accepted."""

    def __init__(
        self,
        project_name: str,
        folder: Path,
        parent: QWidget | None = None,
        *,
        counts: Mapping[str, int] | None = None,
        annotators: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        # How many of each kind the project has (Project.kind_counts), to say what a format loses.
        self._counts = dict(counts or {})
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
        self.holds.setTextFormat(Qt.TextFormat.PlainText)
        # Outside the form, which cuts a wrapped label off; the rest in a second form.
        layout.addWidget(self.holds)
        top_form = form
        form = QFormLayout()
        layout.addLayout(form)

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

        # Whose annotations (docs/teams.md): shown once the project has annotators' layers.
        self.layer = QComboBox(self)
        self.layer.addItem(self.tr("Gold (adjudicated, or the only annotator's)"), "gold")
        for name in annotators:
            self.layer.addItem(self.tr("%1's layer").replace("%1", name), name)
        if len(annotators) > 1:
            self.layer.addItem(self.tr("Every annotator's layer (one copy each)"), "all")
        self.layer.setToolTip(
            self.tr(
                "Documents several people annotated and nobody adjudicated are left out of the gold"
            )
        )
        form.addRow(self.tr("&Annotations:"), self.layer)
        if len(annotators) < 2:  # one person's project: the gold is their work
            self.layer.hide()
            layer_label = form.labelForField(self.layer)
            if layer_label is not None:
                layer_label.hide()

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

        # one label column for both forms
        labels = [
            label
            for each in (top_form, form)
            for row in range(each.rowCount())
            if (item := each.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None
            and (label := item.widget()) is not None
        ]
        widest = max(label.sizeHint().width() for label in labels)
        for label in labels:
            label.setMinimumWidth(widest)

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
        self.holds.setText(self._holds_text(fmt))
        layout = self.layout()
        if self.isVisible() and layout is not None:  # taller text: grow rather than squeeze
            needed = layout.totalHeightForWidth(self.width())
            if needed > self.height():
                self.resize(self.width(), needed)
        suffix = "" if self._writes_folder() else fmt.suffix
        stem = self._project_name + ("" if suffix else f"-{name}")
        current = Path(self.target.text()) if self.target.text() else self._folder / stem
        self.target.setText(str(current.with_name(stem + suffix)))

    def _kind_names(self) -> dict[str, str]:
        """What each kind of ``formats.ATTACHED`` is called here, in the order shown."""
        return {
            "fragments": self.tr("discontinuous spans"),
            "attributes": self.tr("attributes"),
            "normalizations": self.tr("normalizations"),
            "notes": self.tr("notes"),
            "chains": self.tr("coreference chains"),
        }

    def _listing(self, items: list[str]) -> str:
        if len(items) < 2:
            return "".join(items)
        return ", ".join(items[:-1]) + self.tr(" and ") + items[-1]

    def _holds_text(self, fmt: formats.Format) -> str:
        """What the format keeps and what it counts as lost, from its registry entry."""
        names = self._kind_names()
        # a kind added to ATTACHED later still shows, under its own name
        kinds = [k for k in names if k in formats.ATTACHED]
        kinds += sorted(formats.ATTACHED - names.keys())
        attached = [(names.get(kind, kind), kind in fmt.carries) for kind in kinds]
        held = [
            (self.tr("events"), fmt.events),
            (self.tr("relations"), fmt.relations),
            *((name, kept) for name, kept in attached if name != names["fragments"]),
        ]
        kept = [self.tr("entity spans")]
        if "fragments" in fmt.carries:
            kept.append(names["fragments"])
        kept += [name for name, keeps in held if keeps]
        lost = [name for name, keeps in held if not keeps]
        if not lost and "fragments" in fmt.carries:
            return self.tr("Holds everything: %1.").replace("%1", self._listing(kept))
        lines = [self.tr("Holds %1.").replace("%1", self._listing(kept))]
        if fmt.carries and formats.ATTACHED - fmt.carries:
            lines[0] = (self.tr("Holds %1 (where the format has a place for them).")).replace(
                "%1", self._listing(kept)
            )
        if lost:
            lines.append(
                self.tr("%1 are left out and counted in the summary.").replace(
                    "%1", self._listing(lost).capitalize()
                )
            )
        if "fragments" not in fmt.carries:
            lines.append(
                self.tr(
                    "Discontinuous spans are written as one span from the first piece to "
                    "the last, and counted in the summary."
                )
            )
        at_risk = self._at_risk(fmt)
        if at_risk:
            lines.append(
                fill(self.tr("This project has %1 that %2 cannot hold."), at_risk, fmt.title)
            )
        return "\n".join(lines)

    def _at_risk(self, fmt: formats.Format) -> str:
        """The project's annotations the format cannot hold as they are, counted."""
        wording = {
            "events": lambda n: self.tr("%n event(s)", "", n),
            "relations": lambda n: self.tr("%n relation(s)", "", n),
            "fragments": lambda n: self.tr("%n discontinuous span(s)", "", n),
            "attributes": lambda n: self.tr("%n attribute(s)", "", n),
            "normalizations": lambda n: self.tr("%n normalization(s)", "", n),
            "notes": lambda n: self.tr("%n note(s)", "", n),
            "chains": lambda n: self.tr("%n coreference chain(s)", "", n),
        }
        kept = {"events": fmt.events, "relations": fmt.relations}
        parts = []
        for kind, count in self._counts.items():
            if count and not kept.get(kind, kind in fmt.carries):
                say = wording.get(kind)
                parts.append(say(count) if say is not None else f"{count} {kind}")
        return self._listing(parts)

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
            layer=str(self.layer.currentData()),
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
