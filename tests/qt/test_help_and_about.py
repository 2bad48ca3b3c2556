"""Help > User guide (Shift+F1) and Help > About Annotator, in the real window."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QGuiApplication, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QMenu

from annotator import __version__
from annotator.core.services import guide
from annotator.qt.dialogs.about_dialog import AboutDialog
from annotator.qt.dialogs.help_browser import GuideView, HelpBrowser
from annotator.qt.window import MainWindow
from tests.qt.conftest import WindowFactory

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guide"
MENU_PATH = re.compile(r"\*\*([A-Z][\w ]*(?: > [^*]+)+)\*\*")


def help_menu(window: MainWindow) -> QMenu:
    return next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")


def open_guide(qtbot, window: MainWindow) -> HelpBrowser:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.article, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(
        lambda: window.dialogs.help_browser is not None and window.dialogs.help_browser.isVisible()
    )
    browser = window.dialogs.help_browser
    assert browser is not None
    browser.activateWindow()  # offscreen, activation is not automatic
    qtbot.waitUntil(browser.isActiveWindow)
    return browser


def click_link(qtbot, view: GuideView, href: str) -> None:  # type: ignore[no-untyped-def]
    """Click the first link to ``href`` on the page, as a user does."""
    block = view.document().begin()
    while block.isValid():
        for part in block:
            fragment = part.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(view.document())
                cursor.setPosition(fragment.position() + 1)
                view.setTextCursor(cursor)
                view.ensureCursorVisible()
                point = view.cursorRect(cursor).center()
                qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
                return
        block = block.next()
    raise AssertionError(f"no link to {href} on {view.source().fileName()}")


def test_shift_f1_opens_the_guide_at_getting_started(qtbot, make_window: WindowFactory) -> None:
    window = make_window("An article.")
    browser = open_guide(qtbot, window)
    assert browser.page().name == "getting-started.md"
    assert browser.view.toPlainText().startswith("Getting started")
    assert "Getting started" in browser.windowTitle()
    # the screenshot of the window is shown, shrunk to the view
    image = browser.view.document().resource(
        QTextDocument.ResourceType.ImageResource.value,
        browser.view.source().resolved(QUrl("../images/window.png")),
    )
    assert image is not None and not image.isNull()
    assert image.width() <= browser.view.viewport().width()
    # Esc closes it; the shortcut brings the same browser back
    qtbot.keyClick(browser.view, Qt.Key.Key_Escape)
    assert not browser.isVisible()
    assert open_guide(qtbot, window) is browser


def test_links_between_pages_back_and_forward(qtbot, make_window: WindowFactory) -> None:
    browser = open_guide(qtbot, make_window("An article."))
    click_link(qtbot, browser.view, "annotating.md")
    qtbot.waitUntil(lambda: browser.page().name == "annotating.md")
    assert browser.back_button.isEnabled()
    click_link(qtbot, browser.view, "../keyboard.md")  # reference pages outside the guide
    qtbot.waitUntil(lambda: browser.page() == (GUIDE.parent / "keyboard.md").resolve())
    assert "Ctrl+Return" in browser.view.toPlainText()
    browser.back_button.click()
    assert browser.page().name == "annotating.md"
    assert browser.forward_button.isEnabled()
    browser.contents_button.click()
    assert browser.page().name == "index.md"


def test_anchors_scroll_to_their_heading(qtbot, make_window: WindowFactory) -> None:
    browser = open_guide(qtbot, make_window("An article."))
    browser.resize(700, 400)
    browser.open_page(GUIDE / "troubleshooting.md", "where-things-are")
    qtbot.waitUntil(lambda: browser.view.verticalScrollBar().value() > 0)
    cursor = browser.view.textCursor()
    assert cursor.block().text() == "Where things are"
    # every anchor the guide links to is a heading Qt's Markdown reader made
    for page in sorted(GUIDE.glob("*.md")):
        for target, anchor in re.findall(r"\]\(([\w./-]*\.md)#([\w-]+)\)", page.read_text()):
            browser.open_page((page.parent / target).resolve(), anchor)
            assert browser.view.scroll_to_heading(anchor), f"{page.name}: {target}#{anchor}"


def test_generated_comments_are_not_shown(qtbot, make_window: WindowFactory) -> None:
    browser = open_guide(qtbot, make_window("An article."))
    browser.open_page(GUIDE.parent / "keyboard.md")
    text = browser.view.toPlainText()
    assert "write_reference" not in text and "-->" not in text
    assert "Shift+F1" in text and "User guide" in text


def test_searching_the_guide(qtbot, make_window: WindowFactory) -> None:
    browser = open_guide(qtbot, make_window("An article."))
    qtbot.keyClicks(browser.search_field, "xcb plugin")
    qtbot.keyClick(browser.search_field, Qt.Key.Key_Return)
    assert browser.results.isVisible() and browser.results.count() >= 1
    assert browser.page().name == "troubleshooting.md"
    qtbot.waitUntil(lambda: browser.view.textCursor().selectedText().lower() == "xcb")
    browser.search_field.setText("qxwvzq")
    qtbot.keyClick(browser.search_field, Qt.Key.Key_Return)
    assert browser.results.count() == 1 and "Nothing found" in browser.results.item(0).text()


def _menu_paths(window: MainWindow) -> set[str]:
    found = set()

    def walk(menu: QMenu, prefix: str) -> None:
        menu.aboutToShow.emit()  # fills menus built on demand (Open Recent)
        for action in menu.actions():
            text = action.text().replace("&", "").split("\t")[0]
            if not text:
                continue
            found.add(f"{prefix} > {text}")
            if action.menu() is not None:
                walk(action.menu(), f"{prefix} > {text}")

    for action in window.menuBar().actions():
        walk(action.menu(), action.text().replace("&", ""))
    return found


def test_every_menu_item_the_guide_names_exists(make_window: WindowFactory) -> None:
    window = make_window("An article.")
    real = _menu_paths(window)
    named = set()
    for page in sorted(GUIDE.glob("*.md")):
        named.update(MENU_PATH.findall(page.read_text(encoding="utf-8")))
    assert "Help > User guide" in named and "File > Export…" in named
    missing = sorted(named - real)
    assert not missing, f"the guide names menu items the window does not have: {missing}"


def test_about_shows_version_licence_and_copies_versions(qtbot, make_window: WindowFactory) -> None:
    window = make_window("An article.")
    dialogs: list[AboutDialog] = []

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AboutDialog)
        dialogs.append(dialog)
        assert __version__ in dialog.findChild(QLabel, "aboutName").text()
        assert not dialog.licence_text.isVisible()
        dialog.licence_button.click()
        assert dialog.licence_text.isVisible()
        assert "MIT License" in dialog.licence_text.toPlainText()
        dialog.copy_button.click()
        copied = QGuiApplication.clipboard().text()
        for part in (f"Annotator: {__version__}", "Python: ", "PySide6: ", "Qt: ", "SQLite: "):
            assert part in copied
        dialog.links.linkActivated.emit("guide:")  # the guide link opens the help browser

    QTimer.singleShot(0, check)
    about = next(a for a in help_menu(window).actions() if a.text() == "About Annotator")
    about.trigger()
    assert dialogs, "the About dialog did not open"
    assert window.dialogs.help_browser is not None and window.dialogs.help_browser.isVisible()


def test_the_help_menu_lists_the_guide_first(make_window: WindowFactory) -> None:
    window = make_window("An article.")
    titles = [a.text() for a in help_menu(window).actions()]
    assert titles[0] == "User guide" and "About Annotator" in titles
    assert window.actions_by_id["help.guide"].shortcut().toString() == "Shift+F1"
    assert guide.start_page().is_file()
