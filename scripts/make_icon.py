"""Draw the application icon (resources/icons/perfdesk.png and .ico) with Qt and the bundled font."""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QImageWriter, QPainter, QPainterPath  # noqa: E402

from perfdesk.resources import resource_path  # noqa: E402
from perfdesk.ui.fonts import register_bundled_font  # noqa: E402


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = QPainterPath()
    margin = size * 0.04
    path.addRoundedRect(QRectF(margin, margin, size - 2 * margin, size - 2 * margin), size * 0.18, size * 0.18)
    painter.fillPath(path, QColor("#1f5fa8"))
    painter.setPen(QColor("#ffffff"))
    font = QFont(register_bundled_font()[0])
    font.setPixelSize(int(size * 0.62))
    painter.setFont(font)
    painter.drawText(QRectF(0, -size * 0.04, size, size), Qt.AlignmentFlag.AlignCenter, "绩")
    painter.end()
    return image


def main() -> int:
    QGuiApplication(sys.argv)
    draw(256).save(str(resource_path("icons", "perfdesk.png")))
    if b"ico" in [bytes(f) for f in QImageWriter.supportedImageFormats()]:
        draw(256).save(str(resource_path("icons", "perfdesk.ico")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
