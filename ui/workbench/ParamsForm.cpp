#include "ui/workbench/ParamsForm.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include "core/common/Errors.h"
#include "ui/workbench/WheelGuard.h"

namespace tweetlab::ui {
namespace {

constexpr ParamGroup kGroupOrder[] = {ParamGroup::Data, ParamGroup::Network, ParamGroup::Optimiser,
                                      ParamGroup::EarlyStopping, ParamGroup::Compute};

QString groupTitle(ParamGroup group) {
  QString title = QString::fromUtf8(toString(group).data(), int(toString(group).size()));
  title[0] = title[0].toUpper();
  return title;
}

QLabel* heading(const QString& text) {
  auto* label = new QLabel(QStringLiteral("<b>%1</b>").arg(text.toHtmlEscaped()));
  label->setContentsMargins(0, 6, 0, 0);
  return label;
}

QFormLayout* newForm(QWidget* owner) {
  auto* form = new QFormLayout(owner);
  form->setContentsMargins(0, 0, 0, 0);
  // Narrow panels put the editor under its name rather than widening the form.
  form->setRowWrapPolicy(QFormLayout::WrapLongRows);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  return form;
}

}  // namespace

ParamsForm::ParamsForm(QWidget* parent) : QWidget(parent), layout_(new QVBoxLayout(this)) {
  layout_->setContentsMargins(0, 0, 0, 0);
}

void ParamsForm::collect(const nlohmann::json& object, const std::string& prefix,
                         std::vector<std::pair<std::string, nlohmann::json>>& out) const {
  for (const auto& [key, value] : object.items()) {
    const std::string dotted = prefix.empty() ? key : prefix + "." + key;
    if (value.is_object()) {
      collect(value, dotted, out);  // tfidf.min_df, ...
    } else {
      out.emplace_back(dotted, value);
    }
  }
}

void ParamsForm::setDefaults(const nlohmann::json& defaults, const ParamSpecs& specs) {
  defaults_ = defaults;
  specs_ = specs;
  rows_.clear();
  const bool advancedWasShown = showAdvanced_ && showAdvanced_->isChecked();
  while (layout_->count() > 0) {
    auto* item = layout_->takeAt(0);
    delete item->widget();
    delete item;
  }
  std::vector<std::pair<std::string, nlohmann::json>> values;
  collect(defaults, "", values);
  for (const auto& [key, value] : values) {
    Row row;
    row.spec = findParamSpec(specs_, key);
    row.field = makeParamField(key, value, row.spec, this);
    rows_.emplace(key, std::move(row));
  }

  auto* basic = new QWidget;
  auto* basicForm = newForm(basic);
  advanced_ = new QWidget;
  auto* advancedForm = newForm(advanced_);
  // Spec'd parameters by group, in the order the family lists them; then any it does not
  // describe, as advanced.
  int advancedCount = 0;
  for (const auto group : kGroupOrder) {
    for (auto* form : {basicForm, advancedForm}) {
      const bool wantAdvanced = form == advancedForm;
      bool headed = false;
      for (const auto& spec : specs_) {
        auto it = rows_.find(spec.key);
        if (spec.group != group || spec.advanced != wantAdvanced || it == rows_.end()) continue;
        if (!headed) form->addRow(heading(groupTitle(group)));
        headed = true;
        addRow(form, spec.key, it->second);
        if (wantAdvanced) ++advancedCount;
      }
    }
  }
  bool headed = false;
  for (auto& [key, row] : rows_) {
    if (row.spec) continue;
    if (!headed) advancedForm->addRow(heading(tr("Other")));
    headed = true;
    addRow(advancedForm, key, row);
    ++advancedCount;
  }
  showAdvanced_ = new QCheckBox(tr("Show advanced parameters (%1)").arg(advancedCount));
  showAdvanced_->setObjectName("showAdvanced");
  connect(showAdvanced_, &QCheckBox::toggled, advanced_, &QWidget::setVisible);
  layout_->addWidget(basic);
  layout_->addWidget(showAdvanced_);
  layout_->addWidget(advanced_);
  layout_->addStretch();
  showAdvanced_->setVisible(advancedCount > 0);
  showAdvanced_->setChecked(advancedWasShown);
  advanced_->setVisible(advancedWasShown);

  // A parameter used only under a condition follows the parameter that decides it.
  for (auto& [key, row] : rows_) {
    if (!row.spec || row.spec->usedWhileKey.empty()) continue;
    auto decider = rows_.find(row.spec->usedWhileKey);
    if (decider == rows_.end()) continue;
    if (auto* spin = qobject_cast<QSpinBox*>(decider->second.field.editor))
      connect(spin, &QSpinBox::valueChanged, this, &ParamsForm::updateUsage);
  }
  updateUsage();
  guardWheel(this);
}

void ParamsForm::addRow(QFormLayout* form, const std::string& key, Row& row) {
  auto* label = new QLabel(QString::fromStdString(key));
  auto* cell = new QWidget;
  auto* v = new QVBoxLayout(cell);
  v->setContentsMargins(0, 0, 0, 0);
  v->setSpacing(1);
  v->addWidget(row.field.widget);
  if (row.spec && !row.spec->description.empty()) {
    const auto text = QString::fromStdString(row.spec->description);
    row.description = new QLabel(text);
    row.description->setObjectName(QString::fromStdString("describe_" + key));
    row.description->setWordWrap(true);
    row.description->setForegroundRole(QPalette::PlaceholderText);
    QFont small = row.description->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    row.description->setFont(small);
    v->addWidget(row.description);
    label->setToolTip(text);
    row.field.editor->setToolTip(
        row.field.editor->toolTip().isEmpty() ? text : text + "\n" + row.field.editor->toolTip());
  }
  label->setBuddy(row.field.editor);
  form->addRow(label, cell);
}

void ParamsForm::updateUsage() {
  for (auto& [key, row] : rows_) {
    if (!row.spec || row.spec->usedWhileKey.empty()) continue;
    auto decider = rows_.find(row.spec->usedWhileKey);
    if (decider == rows_.end()) continue;
    double value = 0;
    try {
      const auto v = decider->second.field.read();
      value = v.is_number() ? v.get<double>() : 0;
    } catch (const std::exception&) {
      continue;
    }
    const bool used = value < row.spec->usedWhileBelow;
    row.field.editor->setEnabled(used);
    if (row.description) {
      const auto text = QString::fromStdString(row.spec->description);
      row.description->setText(used ? text
                                    : text + QStringLiteral(" — ") +
                                          QString::fromStdString(row.spec->unusedNote));
    }
  }
}

void ParamsForm::setAdvancedShown(bool shown) {
  if (showAdvanced_) showAdvanced_->setChecked(shown);
}

nlohmann::json ParamsForm::params() const {
  nlohmann::json out = defaults_;
  for (const auto& [dotted, row] : rows_) {
    out[nlohmann::json::json_pointer(
        "/" + QString::fromStdString(dotted).replace('.', '/').toStdString())] = row.field.read();
  }
  return out;
}

bool ParamsForm::setValue(const std::string& dottedKey, const nlohmann::json& value) {
  auto it = rows_.find(dottedKey);
  if (it == rows_.end()) return false;
  it->second.field.write(value);
  return true;
}

}  // namespace tweetlab::ui
