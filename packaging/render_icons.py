"""Render the application icon's PNGs, Windows .ico and macOS .icns from its SVGs.

    python3 packaging/render_icons.py

Run it after editing an icon SVG and commit what it writes:

- resources/icons/hicolor/NxN/apps/<app id>.png for every size in desktop.ICON_SIZES
  (16 and 24 px from their own pixel drawings, the rest from the scalable SVG);
- packaging/icons/annotator.ico (16-256 px) and annotator.icns (16-1024 px), which the
  PyInstaller spec uses on Windows and macOS. These need Pillow (the `dev` extra).

Qt's SVG renderer draws the PNGs, so they look as the window's own icon does.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotator.core.services.desktop import APP_ID, ICON_SIZES  # noqa: E402

ICONS = ROOT / "resources" / "icons"
SCALABLE = ICONS / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
# Sizes with their own drawing: a shrunk 256 px drawing would blur its 1 px lines.
PIXEL_DRAWINGS = {size: ICONS / f"{APP_ID}-{size}.svg" for size in (16, 24)}
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # Windows uses up to 256 px
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)  # macOS: 512 and 1024 for Retina
OUT = ROOT / "packaging" / "icons"


def render(size: int) -> QImage:
    source = PIXEL_DRAWINGS.get(size, SCALABLE)
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"{source}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def main() -> int:
    QGuiApplication([])
    for size in ICON_SIZES:
        target = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png_bytes(render(size)))
        print(f"wrote {target.relative_to(ROOT)}")
    try:
        from io import BytesIO

        from PIL import Image
    except ImportError:
        print("Pillow is not installed (pip install -e '.[dev]'): .ico and .icns not made")
        return 1
    images = {
        size: Image.open(BytesIO(png_bytes(render(size)))).convert("RGBA")
        for size in sorted({*ICO_SIZES, *ICNS_SIZES})
    }
    OUT.mkdir(parents=True, exist_ok=True)
    # Pillow writes one entry per size, taking each from the image of that size.
    largest = images[256]
    largest.save(
        OUT / "annotator.ico",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != 256],
    )
    images[1024].save(
        OUT / "annotator.icns", append_images=[images[s] for s in ICNS_SIZES if s != 1024]
    )
    print(f"wrote {(OUT / 'annotator.ico').relative_to(ROOT)}, annotator.icns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
