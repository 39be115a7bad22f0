"""Choosing a document's form, indicator taxonomy and rule set (新建, and 文件 → 表式和审核规则)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

from ..domain.forms import TARGET_FORMS as FORMS
from ..domain.rulesets import RULE_SETS
from ..domain.taxonomy import TAXONOMIES


class FormSettingsDialog(QDialog):
    """Three lists; choosing a form presets its province's rule set, and a rule set its taxonomy, until the
    clerk picks those lists themselves."""

    def __init__(self, parent, title: str, settings: tuple[str, str, str], note: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QComboBox()
        self.taxonomy = QComboBox()
        self.rules = QComboBox()
        for combo, items in ((self.form, FORMS.values()), (self.rules, RULE_SETS.values())):
            for item in items:
                combo.addItem(item.name, item.key)
        for tax in TAXONOMIES.values():
            self.taxonomy.addItem(tax.title, tax.key)
        form_key, taxonomy_key, rules_key = settings
        for combo, key in ((self.form, form_key), (self.taxonomy, taxonomy_key), (self.rules, rules_key)):
            combo.setCurrentIndex(max(0, combo.findData(key)))
        self._chosen = set()  # the lists the clerk set by hand: presets leave them alone
        self.form.activated.connect(lambda: self._preset_from_form())
        self.rules.activated.connect(lambda: self._chosen.add("rules") or self._preset_from_rules())
        self.taxonomy.activated.connect(lambda: self._chosen.add("taxonomy"))
        fields = QFormLayout()
        fields.addRow(self.tr("表式："), self.form)
        fields.addRow(self.tr("审核规则："), self.rules)
        fields.addRow(self.tr("指标体系："), self.taxonomy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        if note:
            hint = QLabel(note)
            hint.setWordWrap(True)
            layout.addWidget(hint)
        layout.addWidget(buttons)

    def _preset_from_form(self) -> None:
        if "rules" not in self._chosen:
            self.rules.setCurrentIndex(self.rules.findData(FORMS[self.form.currentData()].preset_rule_set))
            self._preset_from_rules()

    def _preset_from_rules(self) -> None:
        if "taxonomy" not in self._chosen:
            self.taxonomy.setCurrentIndex(self.taxonomy.findData(RULE_SETS[self.rules.currentData()].default_taxonomy))

    def settings(self) -> tuple[str, str, str]:
        """(form, taxonomy, rule set) as chosen."""
        return self.form.currentData(), self.taxonomy.currentData(), self.rules.currentData()
