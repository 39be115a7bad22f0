"""The placeholder window opens a document and lists its departments and projects."""

from perfdesk.storage import DocumentFile


def test_window_shows_the_tree(qtbot, tmp_path, seed_doc):
    from perfdesk.ui.main_window import MainWindow

    path = tmp_path / "昌黎.perfdesk"
    with DocumentFile.create(path, seed_doc) as doc:
        window = MainWindow(doc)
        qtbot.addWidget(window)
        assert window.windowTitle().startswith("昌黎")
        top = window.tree.topLevelItem(0)
        assert top.text(0) == "210001 中国共产党昌黎县委员会政法委员会本级"
        assert top.childCount() == 9
        assert top.child(2).text(0).endswith("扫黑除恶专项斗争经费（涉密）") and top.child(2).text(1) == "9"


def test_bundled_font_registers_and_covers_chinese(qapp):
    from PySide6.QtGui import QFont, QFontMetrics

    from perfdesk.ui.fonts import register_bundled_font

    families = register_bundled_font()
    assert families and "WenQuanYi" in families[0]
    metrics = QFontMetrics(QFont(families[0], 12))
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "预算绩效目标表≥％")
