"""Edit > Preferences: the user's settings.toml as a dialog.

Pages: General (annotator name), Appearance (theme, article font and size, with a
preview of annotated text), Annotating (snapping), Keyboard (every action's keys,
conflicts shown as they appear) and Backups. Nothing changes until OK: the window
then applies the result live and saves it
(:meth:`annotator.qt.window.dialogs.Dialogs.edit_preferences`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt
from PySide6.QtGui import QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFontComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Label, LabelKind, Span
from annotator.core.services import settings as user_settings
from annotator.core.services.keymap import ACTIONS, ARTICLE, Keymap, KeymapError, normalize
from annotator.core.services.settings import (
    AnnotatingSettings,
    AnnotatorSettings,
    AppearanceSettings,
    BackupSettings,
    Settings,
    SettingsError,
)
from annotator.qt import theme
from annotator.qt.translations import core_text, fill
from annotator.qt.widgets.article_view import ArticleView

THEME_TITLES = (
    (theme.SYSTEM, QT_TRANSLATE_NOOP("SettingsDialog", "Follow the system")),
    (theme.LIGHT, QT_TRANSLATE_NOOP("SettingsDialog", "Light")),
    (theme.DARK, QT_TRANSLATE_NOOP("SettingsDialog", "Dark")),
)
PREVIEW_TEXT = (
    "GENEVA — Maria Lopez met officials of the World Bank in Geneva on Tuesday, "
    "two days after the floods."
)
# The preview's spans (one nested in another); each takes the project's labels in turn.
PREVIEW_SPANS = ("Maria Lopez", "officials of the World Bank", "World Bank", "Geneva",
                 "Tuesday", "floods")  # fmt: skip
ACTION, KEYS, CONFLICT = range(3)


class SettingsDialog(QDialog):
    def __init__(
        self,
        current: Settings,
        keymap: Keymap,
        labels: Sequence[Label] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.current = current
        self._labels = [label for label in labels if label.kind != "relation"]
        # label key -> label name: label keys work in the article, like article actions
        self._label_keys = {lb.key: lb.name for lb in self._labels if lb.key}
        self._defaults = Keymap().bindings
        self.bindings: dict[str, tuple[str, ...]] = dict(keymap.bindings)
        self.chosen: Settings | None = None
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs, 1)
        self.tabs.addTab(self._general_page(), self.tr("&General"))
        self.tabs.addTab(self._appearance_page(), self.tr("A&ppearance"))
        self.tabs.addTab(self._annotating_page(), self.tr("A&nnotating"))
        self.tabs.addTab(self._keyboard_page(), self.tr("&Keyboard"))
        self.tabs.addTab(self._backups_page(), self.tr("&Backups"))
        self.error = QLabel(self)
        self.error.setObjectName("settingsError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet(theme.error_style())
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._fill_keys()
        self._update_preview()
        self.resize(760, 560)

    # -- pages -------------------------------------------------------------------------
    def _general_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.name_edit = QLineEdit(self.current.annotator.name, page)
        self.name_edit.setObjectName("annotatorName")
        self.name_edit.setMaxLength(100)
        self.name_edit.setPlaceholderText(AnnotatorSettings().shown_name)
        form.addRow(self.tr("Your &name:"), self.name_edit)
        note = QLabel(
            self.tr("Recorded with your work; empty means your login name."),
            page,
        )
        note.setWordWrap(True)
        form.addRow("", note)
        return page

    def _appearance_page(self) -> QWidget:
        page = QWidget(self)
        outer = QVBoxLayout(page)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)  # rows stay together above the fixed-height preview
        self.theme_combo = QComboBox(page)
        self.theme_combo.setObjectName("theme")
        for value, title in THEME_TITLES:
            self.theme_combo.addItem(self.tr(str(title)), value)
        self.theme_combo.setCurrentIndex(
            max(0, self.theme_combo.findData(self.current.appearance.theme))
        )
        form.addRow(self.tr("&Theme:"), self.theme_combo)

        appearance = self.current.appearance
        self.default_font = QCheckBox(self.tr("&Default font"), page)
        self.default_font.setObjectName("defaultFont")
        self.default_font.setChecked(not appearance.font)
        self.font_combo = QFontComboBox(page)
        self.font_combo.setObjectName("fontFamily")
        if appearance.font:
            self.font_combo.setCurrentFont(QFont(appearance.font))
        self.font_combo.setEnabled(bool(appearance.font))
        font_row = QHBoxLayout()
        font_row.addWidget(self.default_font)
        font_row.addWidget(self.font_combo, 1)
        form.addRow(self._buddy(self.tr("Article &font:"), self.font_combo, page), font_row)
        self.size_spin = QSpinBox(page)
        self.size_spin.setObjectName("fontSize")
        # 5 stands for "Default" (0 in the file): every value the box holds is allowed
        self.size_spin.setRange(5, 48)
        self.size_spin.setSpecialValueText(self.tr("Default"))
        self.size_spin.setSuffix(self.tr(" pt"))
        self.size_spin.setValue(appearance.font_size or 5)
        form.addRow(self.tr("Text &size:"), self.size_spin)

        self.preview = ArticleView(page)
        self.preview.setObjectName("fontPreview")
        self.preview.setFixedHeight(150)
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        form.addRow(self.tr("Preview:"), self.preview)
        self._base_font = QFont(self.preview.font())
        self.default_font.toggled.connect(self.font_combo.setDisabled)
        self.default_font.toggled.connect(lambda _on: self._update_preview())
        self.font_combo.currentFontChanged.connect(lambda _font: self._update_preview())
        self.size_spin.valueChanged.connect(lambda _size: self._update_preview())
        return page

    def _annotating_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("When you select text to label it:"), page))
        self.snap_tokens = QRadioButton(self.tr("Snap to whole &tokens (words)"), page)
        self.snap_tokens.setObjectName("snapTokens")
        self.snap_characters = QRadioButton(self.tr("Keep the exact &characters"), page)
        self.snap_characters.setObjectName("snapCharacters")
        group = QButtonGroup(page)
        group.addButton(self.snap_tokens)
        group.addButton(self.snap_characters)
        snapping = self.current.annotating.snap_to_tokens
        self.snap_tokens.setChecked(snapping)
        self.snap_characters.setChecked(not snapping)
        layout.addWidget(self.snap_tokens)
        layout.addWidget(self.snap_characters)
        note = QLabel(self.tr("Ctrl+T switches while you work (the choice is kept)."), page)
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)
        return page

    def _keyboard_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.key_filter = QLineEdit(page)
        self.key_filter.setObjectName("keyFilter")
        self.key_filter.setPlaceholderText(self.tr("Filter by action or key"))
        self.key_filter.setClearButtonEnabled(True)
        self.key_filter.textChanged.connect(lambda _text: self._apply_key_filter())
        layout.addWidget(self.key_filter)
        self.key_table = QTableWidget(len(ACTIONS), 3, page)
        self.key_table.setObjectName("keyTable")
        self.key_table.setHorizontalHeaderLabels(
            [self.tr("Action"), self.tr("Keys"), self.tr("Conflicts")]
        )
        rows = self.key_table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.key_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.key_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.key_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.key_table.setWordWrap(False)
        header = self.key_table.horizontalHeader()
        header.setSectionResizeMode(ACTION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(KEYS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CONFLICT, QHeaderView.ResizeMode.ResizeToContents)
        for row, action in enumerate(ACTIONS):
            title = core_text(action.title)
            if action.context == ARTICLE:
                title += self.tr(" (article)")
            item = QTableWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, action.id)
            item.setToolTip(action.id)
            self.key_table.setItem(row, ACTION, item)
            self.key_table.setItem(row, KEYS, QTableWidgetItem())
            self.key_table.setItem(row, CONFLICT, QTableWidgetItem())
        self.key_table.currentCellChanged.connect(lambda *_cells: self._row_changed())
        layout.addWidget(self.key_table, 1)

        editor = QHBoxLayout()
        editor.addWidget(QLabel(self.tr("New &key:"), page))
        self.key_edit = QKeySequenceEdit(page)
        self.key_edit.setObjectName("keyEdit")
        self.key_edit.setMaximumSequenceLength(1)
        self.key_edit.setClearButtonEnabled(True)
        editor.addWidget(self.key_edit, 1)
        editor.itemAt(0).widget().setBuddy(self.key_edit)  # type: ignore[union-attr]
        self.set_key_button = QPushButton(self.tr("&Set"), page)
        self.set_key_button.setToolTip(self.tr("Replace the action's keys with this key"))
        self.add_key_button = QPushButton(self.tr("&Add"), page)
        self.add_key_button.setToolTip(self.tr("Add this key to the action's keys"))
        self.clear_keys_button = QPushButton(self.tr("&None"), page)
        self.clear_keys_button.setToolTip(self.tr("Leave the action without a key"))
        self.reset_key_button = QPushButton(self.tr("&Reset"), page)
        self.reset_key_button.setToolTip(self.tr("Back to the action's default keys"))
        self.reset_all_button = QPushButton(self.tr("Reset A&ll"), page)
        for button in (
            self.set_key_button,
            self.add_key_button,
            self.clear_keys_button,
            self.reset_key_button,
            self.reset_all_button,
        ):
            button.setAutoDefault(False)  # Enter in the dialog means OK
            editor.addWidget(button)
        self.set_key_button.clicked.connect(lambda: self._record_key(replace_keys=True))
        self.add_key_button.clicked.connect(lambda: self._record_key(replace_keys=False))
        self.clear_keys_button.clicked.connect(lambda: self.set_keys(self._current_action(), ()))
        self.reset_key_button.clicked.connect(self._reset_current)
        self.reset_all_button.clicked.connect(self.reset_all_keys)
        layout.addLayout(editor)
        self.key_note = QLabel(page)
        self.key_note.setObjectName("keyNote")
        self.key_note.setWordWrap(True)
        self.key_note.setTextFormat(Qt.TextFormat.PlainText)  # label names are user data
        self.key_note.setStyleSheet(theme.error_style())
        layout.addWidget(self.key_note)
        self.conflict_summary = QLabel(page)
        self.conflict_summary.setObjectName("conflictSummary")
        self.conflict_summary.setWordWrap(True)
        self.conflict_summary.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.conflict_summary)
        return page

    def _backups_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        backups = self.current.backups
        self.keep_spin = QSpinBox(page)
        self.keep_spin.setObjectName("backupsKeep")
        self.keep_spin.setRange(0, 1000)
        self.keep_spin.setSpecialValueText(self.tr("None (no automatic backups)"))
        self.keep_spin.setValue(backups.keep)
        form.addRow(self.tr("&Keep per project:"), self.keep_spin)
        self.folder_edit = QLineEdit(backups.folder, page)
        self.folder_edit.setObjectName("backupsFolder")
        self.folder_edit.setPlaceholderText(self.tr("Default (in Annotator's data folder)"))
        browse = QPushButton(self.tr("B&rowse…"), page)
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(browse)
        form.addRow(self._buddy(self.tr("&Folder:"), self.folder_edit, page), row)
        self.folder_note = QLabel(page)
        self.folder_note.setObjectName("folderNote")
        self.folder_note.setWordWrap(True)
        self.folder_note.setStyleSheet(theme.error_style())
        form.addRow("", self.folder_note)
        self.folder_edit.textChanged.connect(lambda _text: self._check_folder())
        return page

    @staticmethod
    def _buddy(text: str, buddy: QWidget, parent: QWidget) -> QLabel:
        """A row label for a row of several widgets (its & goes to ``buddy``)."""
        label = QLabel(text, parent)
        label.setBuddy(buddy)
        return label

    # -- appearance ------------------------------------------------------------------------
    def chosen_font(self) -> tuple[str, int]:
        """(family or "" for the default, size or 0 for the default)."""
        family = "" if self.default_font.isChecked() else self.font_combo.currentFont().family()
        size = self.size_spin.value()
        return family, 0 if size == self.size_spin.minimum() else size

    def _update_preview(self) -> None:
        family, size = self.chosen_font()
        font = QFont(self._base_font)
        if family:
            font.setFamily(family)
        if size:
            font.setPointSize(size)
        self.preview.setFont(font)
        labels = self._labels or [Label("PER", LabelKind.ENTITY, "#99DDFF")]
        spans = []
        for n, words in enumerate(PREVIEW_SPANS):
            start = PREVIEW_TEXT.index(words)
            label = labels[n % len(labels)].name
            spans.append(Span(n, 0, f"T{n}", start, start + len(words), label))
        self.preview.set_colors({label.name: label.color for label in labels})
        self.preview.set_document(PREVIEW_TEXT, spans)

    # -- keyboard ----------------------------------------------------------------------------
    def _current_action(self) -> str:
        item = self.key_table.item(max(0, self.key_table.currentRow()), ACTION)
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ACTIONS[0].id

    def _row_changed(self) -> None:
        self.key_edit.clear()
        self.key_note.clear()

    def set_keys(self, action_id: str, keys: Sequence[str]) -> None:
        """Bind an action to keys (normalised), then show what conflicts."""
        unique = tuple(dict.fromkeys(normalize(k) for k in keys))
        self.bindings[action_id] = unique
        self.key_note.clear()
        self._fill_keys()

    def _record_key(self, *, replace_keys: bool) -> None:
        sequence = self.key_edit.keySequence()
        if sequence.isEmpty():
            self.key_note.setText(self.tr("Press a key in the box first."))
            return
        text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
        try:
            key = normalize(text)
        except KeymapError as exc:
            self.key_note.setText(fill(self.tr("%1 cannot be used: %2"), text, str(exc)))
            return
        action_id = self._current_action()
        keys = (key,) if replace_keys else (*self.bindings[action_id], key)
        self.set_keys(action_id, keys)
        self.key_edit.clear()

    def _reset_current(self) -> None:
        action_id = self._current_action()
        self.set_keys(action_id, self._defaults[action_id])

    def reset_all_keys(self) -> None:
        self.bindings = dict(self._defaults)
        self.key_note.clear()
        self._fill_keys()

    def keymap(self) -> Keymap:
        return Keymap().with_overrides(self.bindings)

    def _fill_keys(self) -> None:
        conflicts = self.keymap().conflicts(self._label_keys)
        titles = {action.id: core_text(action.title) for action in ACTIONS}
        clashes: dict[str, list[str]] = {}
        for conflict in conflicts:
            for owner in conflict.owners:
                others = [titles.get(o, o) for o in conflict.owners if o != owner]
                clashes.setdefault(owner, []).append(f"{conflict.key}: " + ", ".join(others))
        for row, action in enumerate(ACTIONS):
            keys = self.bindings[action.id]
            item = self._cell(row, KEYS)
            item.setText(", ".join(keys) or self.tr("(none)"))
            font = item.font()
            font.setBold(keys != self._defaults[action.id])  # changed from the default
            item.setFont(font)
            cell = self._cell(row, CONFLICT)
            cell.setText("; ".join(clashes.get(action.id, [])))
            cell.setForeground(self.palette().brush(self.foregroundRole()))
            if action.id in clashes:
                cell.setForeground(QColor(theme.error_color(self.palette())))
        if conflicts:
            self.conflict_summary.setStyleSheet(theme.error_style(self.palette()))
            self.conflict_summary.setText(
                self.tr("Conflicts (both keep the key; fix them or one will not work):\n")
                + "\n".join(self._conflict_text(c.key, c.owners, titles) for c in conflicts)
            )
        else:
            self.conflict_summary.setStyleSheet("")
            self.conflict_summary.setText(self.tr("No conflicts."))
        self._apply_key_filter()

    def _conflict_text(self, key: str, owners: Sequence[str], titles: Mapping[str, str]) -> str:
        return f"{key}: " + self.tr(" and ").join(titles.get(o, o) for o in owners)

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.key_table.item(row, column)
        assert item is not None  # every cell is made in _keyboard_page
        return item

    def _apply_key_filter(self) -> None:
        words = self.key_filter.text().casefold().split()
        for row in range(self.key_table.rowCount()):
            shown = " ".join(self._cell(row, column).text() for column in (ACTION, KEYS, CONFLICT))
            action = str(self._cell(row, ACTION).data(Qt.ItemDataRole.UserRole))
            haystack = f"{shown} {action}".casefold()
            self.key_table.setRowHidden(row, not all(w in haystack for w in words))

    # -- backups -----------------------------------------------------------------------------
    def _browse_folder(self) -> None:
        start = self.folder_edit.text().strip() or str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, self.tr("Backups folder"), start)
        if folder:
            self.folder_edit.setText(folder)

    def _check_folder(self) -> bool:
        folder = self.folder_edit.text().strip()
        ok = folder == "" or Path(folder).expanduser().is_absolute()
        self.folder_note.setText(
            ""
            if ok
            else self.tr("Give a full path, such as %1, or leave it empty.").replace(
                "%1", str(Path.home() / "annotator-backups")
            )
        )
        return ok

    # -- result ------------------------------------------------------------------------------
    def chosen_settings(self) -> Settings:
        """The settings as the dialog shows them. Raises SettingsError when invalid."""
        family, size = self.chosen_font()
        return replace(
            self.current,
            annotator=AnnotatorSettings(name=self.name_edit.text().strip()),
            appearance=AppearanceSettings(
                theme=str(self.theme_combo.currentData()), font=family, font_size=size
            ),
            annotating=AnnotatingSettings(
                snapping="tokens" if self.snap_tokens.isChecked() else "characters"
            ),
            keys=user_settings.keys_to_save(self.bindings),
            backups=BackupSettings(
                keep=self.keep_spin.value(), folder=self.folder_edit.text().strip()
            ),
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        built = hasattr(self, "buttons")  # (not while the pages are being made)
        if event.type() == QEvent.Type.PaletteChange and built:  # light/dark switched
            for label in (self.error, self.key_note, self.folder_note):
                label.setStyleSheet(theme.error_style(self.palette()))
            self._fill_keys()
        super().changeEvent(event)

    def accept(self) -> None:
        if not self._check_folder():
            self.tabs.setCurrentIndex(4)
            self.folder_edit.setFocus()
            return
        try:
            self.chosen = self.chosen_settings()
        except SettingsError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()
