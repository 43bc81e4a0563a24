#include "ui/workbench/CvTable.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/common/Numbers.h"

namespace tweetlab::ui {

CvTable::CvTable(QWidget* parent)
    : QWidget(parent), caption_(new QLabel), table_(new QTableWidget(0, 3)) {
  setObjectName("cvTable");
  caption_->setWordWrap(true);
  table_->setObjectName("cvGrid");
  table_->verticalHeader()->hide();
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  table_->setMaximumHeight(150);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(caption_);
  layout->addWidget(table_);
  hide();
}

void CvTable::showReport(const QString& run, const nlohmann::json& fitReport) {
  const auto cv = fitReport.is_object() ? fitReport.find("cv") : fitReport.end();
  if (!fitReport.is_object() || cv == fitReport.end() || !cv->contains("grid")) {
    hide();
    return;
  }
  const double best = cv->value("best_C", 0.0);
  const auto scoring = QString::fromStdString(cv->value("scoring", std::string("accuracy")));
  caption_->setText(tr("<b>Cross-validation</b> of %1: %2 folds chose <b>C = %3</b> (best mean "
                       "%4).")
                        .arg(run.toHtmlEscaped())
                        .arg(cv->value("folds", 0))
                        .arg(QString::fromStdString(formatDouble(best)))
                        .arg(scoring));
  table_->setHorizontalHeaderLabels({tr("C"), tr("mean %1").arg(scoring), tr("± std")});
  const auto& grid = (*cv)["grid"];
  table_->setRowCount(static_cast<int>(grid.size()));
  int row = 0;
  for (const auto& entry : grid) {
    const double c = entry.value("C", 0.0);
    const bool chosen = c == best;
    const QStringList cells{QString::fromStdString(formatDouble(c)) + (chosen ? " ✔" : ""),
                            QString::number(entry.value("mean", 0.0), 'f', 4),
                            QString::number(entry.value("std", 0.0), 'f', 4)};
    for (int col = 0; col < 3; ++col) {
      auto* item = new QTableWidgetItem(cells[col]);
      QFont font = item->font();
      font.setBold(chosen);
      item->setFont(font);
      table_->setItem(row, col, item);
    }
    ++row;
  }
  show();
}

}  // namespace tweetlab::ui
