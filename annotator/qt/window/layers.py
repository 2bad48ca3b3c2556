"""Layers in the window: whose layer is edited, and another annotator's for comparison.

The window edits :attr:`Project.layer <annotator.core.project.Project.layer>`: the
annotator's own (their name comes from the settings), or the gold while adjudicating
(:mod:`.adjudicating`). The status bar and the window title say which.

Team > Compare with chooses another annotator; their spans of the open document are
drawn read-only over the article (:meth:`ArticleView.set_compared
<annotator.qt.widgets.article_view.ArticleView.set_compared>`: a bracket over each, bold
where your layer differs), the hover tip lists them and the status bar says what they
have at the caret. Ctrl+Shift+O shows or hides them; switching documents keeps the
comparison. Nothing of their layer can be selected or edited: the article selects only
the spans of the layer shown (and the core refuses rows of another layer anyway).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QLabel, QMenu

from annotator.core.errors import AnnotatorError
from annotator.core.model import Span
from annotator.core.project import Project
from annotator.qt.models.document_list import DocumentListModel, ModelIndex
from annotator.qt.translations import fill

if TYPE_CHECKING:
    from annotator.qt.dialogs.agreement_dialog import AgreementDialog
    from annotator.qt.window.main_window import MainWindow

GOLD = "gold"
MESSAGE_MS = 6000


class LayeredDocumentList(DocumentListModel):
    """The document list, whose status column also says which documents are adjudicated."""

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        self._adjudicated: set[int] = set()
        super().__init__(project, parent)

    def reload(self) -> None:
        project: Project = self._project
        try:
            self._adjudicated = project.adjudicated()
        except AnnotatorError:
            self._adjudicated = set()
        super().reload()

    def is_adjudicated(self, document_id: int) -> bool:
        return document_id in self._adjudicated

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        value = super().data(index, role)
        if (
            index.isValid()
            and index.column() == self.STATUS
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
            and self.document_id(index.row()) in self._adjudicated
        ):
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("Adjudicated: its gold layer is final")
            return self.tr("adjudicated")
        return value


class Layers(QObject):
    """The layer shown and edited, and the compared one."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.compared: str | None = None  # the annotator compared with
        self.shown = True  # whether their spans are drawn (Ctrl+Shift+O)
        self._compare_actions = QActionGroup(self)
        self._compare_actions.setExclusive(True)
        self.agreement_dialog: AgreementDialog | None = None
        self._shown_layer = window.project.layer  # the layer the controller has read
        self.layer_label = QLabel(window)
        self.layer_label.setObjectName("layerLabel")
        self.layer_label.setTextFormat(Qt.TextFormat.PlainText)  # names are user data
        self.compare_label = QLabel(window)
        self.compare_label.setObjectName("compareLabel")
        self.compare_label.setTextFormat(Qt.TextFormat.PlainText)
        metrics = self.compare_label.fontMetrics()
        # a fixed size: a new text at each caret move repaints just the label
        self.compare_label.setFixedSize(
            metrics.horizontalAdvance("alice: Movement:Transport 'Angela Merk…'"),
            self.compare_label.sizeHint().height(),
        )
        self.compare_label.hide()
        bar = window.statusBar()
        bar.addPermanentWidget(self.compare_label)
        bar.addPermanentWidget(self.layer_label)
        # the caret moving without a selection is no selection change
        window.article.cursorPositionChanged.connect(self._caret_moved)

    # -- the layer shown -----------------------------------------------------------------
    @property
    def adjudicating(self) -> bool:
        return self.window.project.layer == GOLD

    def layer_title(self) -> str:
        """ "alice's layer", or "Gold (adjudicating)"."""
        if self.adjudicating:
            return self.tr("Gold (adjudicating)")
        return fill(self.tr("%1's layer"), self.window.project.layer)

    def layer_changed(self) -> None:
        """The layer shown changed (adjudicating, or another name in the Preferences):
        the open document's annotations are read again from it."""
        w = self.window
        self._shown_layer = w.project.layer
        w.controller.reload()  # the article and the panels show the other layer now
        w.document_model.mark_stale()  # span counts are the shown layer's
        if self.compared == w.project.layer:
            self.compared = None  # one's own layer is not compared with itself
            self._sync_toggle()
        self.refresh()
        w.update_title()

    def update_label(self) -> None:
        if self.window.project.layer != self._shown_layer:
            self.layer_changed()  # the annotator's name changed in the Preferences
        text = self.layer_title()  # the compare label beside it names the other
        if self.layer_label.text() != text:
            self.layer_label.setText(text)
            self.layer_label.setToolTip(
                self.tr("The layer you see and edit; Team > Compare with shows another's")
            )

    def others(self) -> list[str]:
        """The annotators one may compare with: all but the one whose layer is shown."""
        project = self.window.project
        try:
            names = project.annotators()
        except AnnotatorError:
            return []
        return [name for name in names if name != project.layer]

    # -- comparing -----------------------------------------------------------------------
    def compare_with(self, name: str | None) -> None:
        """Compare with another annotator's layer (None: with nobody)."""
        self.compared = name or None
        if self.compared is not None:
            self.shown = True
        self._sync_toggle()
        self.refresh()
        if self.compared is None:
            self._say(self.tr("Not comparing with anybody"))
        else:
            self._say(fill(self.tr("Comparing with %1's layer"), self.compared))

    def toggle(self) -> None:
        """Ctrl+Shift+O: show or hide the compared layer; the first time, choose one."""
        if self.compared is None:
            others = self.others()
            if not others:
                self._say(self.tr("No other annotator has a layer in this project yet"))
                return
            if len(others) == 1:
                self.compare_with(others[0])
                return
            self.choose()
            return
        self.shown = not self.shown
        self._sync_toggle()
        self.refresh()
        if self.shown:
            self._say(fill(self.tr("Comparing with %1's layer"), self.compared))
        else:
            self._say(fill(self.tr("%1's layer hidden"), self.compared))

    def choose(self) -> None:
        """A quick pick of the other annotators (the menu has them too)."""
        from annotator.qt.dialogs.quick_pick import QuickPick

        w = self.window
        others = self.others()
        items: list[tuple[str, Any, str]] = [(name, name, "") for name in others]
        items.append((self.tr("(nobody)"), "", ""))
        current = others.index(self.compared) if self.compared in others else 0
        popup = QuickPick(
            self.tr("Compare with"), self.tr("Compare your layer with:"), items, w, current
        )
        popup.picked.connect(lambda name: self.compare_with(str(name) or None))
        popup.finished.connect(lambda _result: w.activateWindow())
        popup.open()
        popup.activateWindow()

    def refresh(self) -> None:
        """Draw the compared layer of the open document again (after a switch, a change)."""
        w = self.window
        document_id = w.controller.document_id
        spans: tuple[Span, ...] = ()
        name = self.compared
        if name is not None and self.shown and document_id is not None:
            try:
                spans = w.project.annotations(document_id, layer=name).spans
            except AnnotatorError as exc:
                self._say(str(exc))
        w.article.set_compared(name or "", spans)
        self.compare_label.setVisible(name is not None and self.shown)
        self.update_label()
        self._caret_moved()

    def _caret_moved(self) -> None:
        if self.compared is None or not self.shown:
            return
        # a selection's start: what is selected, not what follows it
        at = self.window.article.compared_at(self.window.article.selection()[0])
        document = self.window.controller.document
        if document is None:
            return
        if at:
            described = ", ".join(f"{span.label} '{_excerpt(document.text, span)}'" for span in at)
            text = fill(self.tr("%1: %2"), self.compared, described)
        else:
            text = fill(self.tr("%1: nothing here"), self.compared)
        label = self.compare_label
        shown = label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, label.width())
        if label.text() != shown:
            label.setText(shown)
            label.setToolTip(
                text if shown != text else fill(self.tr("What %1 has at the caret"), self.compared)
            )

    def compared_text(self) -> str:
        """What the status bar says the compared annotator has at the caret (tests)."""
        label = self.compare_label
        tip = label.toolTip()
        return tip if tip.startswith(f"{self.compared}:") else label.text()

    # -- agreement -----------------------------------------------------------------------
    def show_agreement(self) -> AgreementDialog:
        """Team > Agreement: the figures, the documents of lowest agreement first."""
        from annotator.qt.dialogs.agreement_dialog import AgreementDialog

        w = self.window
        if self.agreement_dialog is None:
            self.agreement_dialog = AgreementDialog(w.project, w)
            self.agreement_dialog.openRequested.connect(self.open_document)
            self.agreement_dialog.adjudicateRequested.connect(self.adjudicate_document)
        dialog = self.agreement_dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        dialog.refresh()
        return dialog

    def open_document(self, document_id: int) -> None:
        """A document chosen in the agreement dialog: opened here, the keys back here."""
        w = self.window
        w.go_to_document(document_id)
        w.activateWindow()
        w.raise_()
        w.article.setFocus()

    def adjudicate_document(self, document_id: int) -> None:
        self.open_document(document_id)
        self.window.adjudicating.enter()

    # -- the menu ------------------------------------------------------------------------
    def fill_menu(self, menu: QMenu) -> None:
        """Team: compare with, show/hide, agreement, adjudication."""
        a = self.window.actions_by_id
        self.compare_menu = menu.addMenu(self.tr("&Compare with"))
        self.compare_menu.setObjectName("team.compare_with")
        self.compare_menu.aboutToShow.connect(self._fill_compare_menu)
        toggle = a["team.compare"]
        toggle.setCheckable(True)
        menu.addAction(toggle)
        self._sync_toggle()
        menu.addSeparator()
        menu.addAction(a["team.agreement"])
        menu.addSeparator()
        self.window.adjudicating.fill_menu(menu)

    def _fill_compare_menu(self) -> None:
        menu = self.compare_menu
        menu.clear()
        for action in self._compare_actions.actions():
            self._compare_actions.removeAction(action)
        others = self.others()
        for name in [*others, None]:
            title = name if name is not None else self.tr("Nobody")
            action = QAction(title, menu)
            action.setCheckable(True)
            action.setChecked(name == self.compared)
            action.setObjectName(f"team.compare.{name or ''}")
            action.triggered.connect(lambda _c=False, n=name: self.compare_with(n))
            self._compare_actions.addAction(action)
            menu.addAction(action)
        if not others:
            empty = QAction(self.tr("(no other annotator has a layer yet)"), menu)
            empty.setEnabled(False)
            menu.insertAction(menu.actions()[0], empty)

    def _sync_toggle(self) -> None:
        action = self.window.actions_by_id.get("team.compare")
        if action is not None:
            action.setChecked(self.compared is not None and self.shown)

    def _say(self, text: str, timeout: int = MESSAGE_MS) -> None:
        self.window.statusBar().showMessage(text, timeout)


def _excerpt(text: str, span: Span, limit: int = 30) -> str:
    shown = " ".join(text[span.start : span.end].split())
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
