#include "ui/workbench/LabelMapEditor.h"

#include <QComboBox>
#include <QHeaderView>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/data/DatasetLoader.h"

namespace tweetlab::ui {
namespace {

// The drop-down's entries, in the order shown, with the label each stands for.
const std::pair<const char*, int> kReadings[] = {
    {"positive", data::kPositive},
    {"negative", data::kNegative},
    {"neutral (dropped)", data::kNeutralLabel},
    {"skip", data::kUnknownLabel},
};

}  // namespace

LabelMapEditor::LabelMapEditor(QWidget* parent)
    : QWidget(parent), table_(new QTableWidget(0, 3)), toggle_(new QToolButton) {
  table_->setObjectName("labelMapping");
  table_->setHorizontalHeaderLabels({tr("Label as written"), tr("Rows"), tr("Read as")});
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->verticalHeader()->hide();
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setMaximumHeight(130);
  toggle_->setObjectName("labelMapToggle");
  toggle_->setCheckable(true);
  toggle_->setAutoRaise(true);
  toggle_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  toggle_->setToolTip(tr("How each label value is read. Change one and the data is loaded again."));
  connect(toggle_, &QToolButton::toggled, this, &LabelMapEditor::setExpanded);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(toggle_);
  layout->addWidget(table_);
  setExpanded(false);
}

bool LabelMapEditor::expanded() const {
  return toggle_->isChecked();
}

void LabelMapEditor::setExpanded(bool expanded) {
  const QSignalBlocker quiet(toggle_);
  toggle_->setChecked(expanded);
  toggle_->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
  table_->setVisible(expanded);
}

void LabelMapEditor::clear() {
  table_->setRowCount(0);
}

void LabelMapEditor::showValues(const std::map<std::string, std::size_t>& values,
                                const std::map<std::string, int>& map) {
  data::ReadOptions options;
  options.labelMap = map;
  int skipped = 0;
  for (const auto& [value, count] : values)
    skipped += data::mapLabel(value, options) == data::kUnknownLabel ? 1 : 0;
  toggle_->setText(
      skipped ? tr("Label mapping: %n value(s) skipped, choose how to read them", "", skipped)
              : tr("Label mapping: %n value(s), all read", "", static_cast<int>(values.size())));
  if (skipped) setExpanded(true);
  // The same values as shown (a reload after an edit): update in place, so the drop-down the
  // analyst is using stays under the mouse with its focus.
  bool same = table_->rowCount() == static_cast<int>(values.size());
  int row = 0;
  for (auto it = values.begin(); same && it != values.end(); ++it, ++row)
    same = table_->item(row, 0)->data(Qt::UserRole).toString().toStdString() == it->first;
  if (same) {
    row = 0;
    for (const auto& [value, count] : values) {
      table_->item(row, 1)->setText(QString::number(count));
      auto* reading = qobject_cast<QComboBox*>(table_->cellWidget(row, 2));
      const QSignalBlocker quiet(reading);
      reading->setCurrentIndex(reading->findData(data::mapLabel(value, options)));
      ++row;
    }
    return;
  }
  table_->setRowCount(static_cast<int>(values.size()));
  row = 0;
  for (const auto& [value, count] : values) {
    auto* item = new QTableWidgetItem(QString::fromStdString(value));
    item->setData(Qt::UserRole, QString::fromStdString(value));
    table_->setItem(row, 0, item);
    auto* rows = new QTableWidgetItem(QString::number(count));
    rows->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    table_->setItem(row, 1, rows);
    auto* reading = new QComboBox;
    reading->setObjectName(QStringLiteral("readAs_") + QString::fromStdString(value));
    reading->setFocusPolicy(Qt::StrongFocus);
    for (const auto& [name, label] : kReadings) reading->addItem(tr(name), label);
    reading->setCurrentIndex(reading->findData(data::mapLabel(value, options)));
    connect(reading, &QComboBox::currentIndexChanged, this, &LabelMapEditor::edited);
    table_->setCellWidget(row, 2, reading);
    ++row;
  }
}

std::map<std::string, int> LabelMapEditor::labelMap() const {
  std::map<std::string, int> map;
  for (int row = 0; row < table_->rowCount(); ++row) {
    const auto value = table_->item(row, 0)->data(Qt::UserRole).toString().toStdString();
    const auto* reading = qobject_cast<QComboBox*>(table_->cellWidget(row, 2));
    const int label = reading->currentData().toInt();
    if (label != data::parseLabel(value)) map[value] = label;
  }
  return map;
}

}  // namespace tweetlab::ui
