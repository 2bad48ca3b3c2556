"""The running application shows its own icon and names its desktop entry."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from annotator import __version__, app
from annotator.core.services import desktop
from tests.qt.conftest import WindowFactory


@pytest.fixture
def identified(qapp: QApplication) -> Iterator[QApplication]:
    """The application as ``annotator`` sets it up, restored afterwards for other tests."""
    saved = (
        qapp.applicationName(),
        qapp.applicationVersion(),
        qapp.organizationName(),
        qapp.windowIcon(),
        QGuiApplication.desktopFileName(),
    )
    app.identify(qapp)
    yield qapp
    qapp.setApplicationName(saved[0])
    qapp.setApplicationVersion(saved[1])
    qapp.setOrganizationName(saved[2])
    qapp.setWindowIcon(saved[3])
    QGuiApplication.setDesktopFileName(saved[4])


def test_the_application_has_its_icon_at_every_size(identified: QApplication) -> None:
    icon = identified.windowIcon()
    assert not icon.isNull()
    sizes = {size.width() for size in icon.availableSizes()}
    assert sizes == set(desktop.ICON_SIZES)
    small = icon.pixmap(QSize(16, 16))
    assert (small.width(), small.height()) == (16, 16)
    # the 16 px pixel drawing, not the big drawing shrunk
    drawn = QIcon(str(desktop.icon_png(16))).pixmap(QSize(16, 16)).toImage()
    assert small.toImage() == drawn


def test_the_window_shows_the_icon_and_wayland_finds_the_desktop_entry(
    identified: QApplication, make_window: WindowFactory
) -> None:
    window = make_window("Text.")
    assert not window.windowIcon().isNull()
    assert window.windowIcon().cacheKey() == identified.windowIcon().cacheKey()
    assert QGuiApplication.desktopFileName() == desktop.APP_ID
    assert identified.applicationName() == "Annotator"  # X11's WM_CLASS: StartupWMClass
    assert identified.applicationVersion() == __version__
