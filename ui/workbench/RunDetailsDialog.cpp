#include "ui/workbench/RunDetailsDialog.h"

#include <QChartView>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>
#include <cmath>
#include <map>

#include "core/tracking/RunQuery.h"
#include "ui/charts/ChartHover.h"
#include "ui/charts/ChartZoom.h"
#include "ui/charts/ComparisonCharts.h"

namespace tweetlab::ui {
namespace {

QString detailTime(std::int64_t ms) {
  return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                : QStringLiteral("–");
}

// A two-column, read-only table of `values` (key, value), sorted by key.
QTableWidget* keyValueTable(const std::map<std::string, QString>& values, const QString& name) {
  auto* table = new QTableWidget(static_cast<int>(values.size()), 2);
  table->setObjectName(name);
  table->setHorizontalHeaderLabels({QObject::tr("Name"), QObject::tr("Value")});
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table->verticalHeader()->hide();
  table->horizontalHeader()->setStretchLastSection(true);
  int row = 0;
  for (const auto& [key, value] : values) {
    table->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(key)));
    table->setItem(row, 1, new QTableWidgetItem(value));
    ++row;
  }
  table->resizeColumnToContents(0);
  return table;
}

// A label that opens `target` (a folder or a web page) in the desktop's browser or file manager.
QLabel* linkLabel(const QString& text, const QString& target, const QString& name) {
  auto* label = new QLabel;
  label->setObjectName(name);
  label->setTextInteractionFlags(Qt::TextBrowserInteraction);
  label->setOpenExternalLinks(true);
  label->setText(
      QStringLiteral("<a href=\"%1\">%2</a>").arg(target.toHtmlEscaped(), text.toHtmlEscaped()));
  return label;
}

}  // namespace

RunDetailsDialog::RunDetailsDialog(const tracking::ComparedRun& run, const QString& bundleFolder,
                                   const QString& mlflowUrl, QWidget* parent)
    : QDialog(parent) {
  const auto& r = run.record;
  setObjectName("runDetails");
  setWindowTitle(tr("Run %1").arg(QString::fromStdString(r.runName)));
  setAttribute(Qt::WA_DeleteOnClose);

  auto* facts = new QFormLayout;
  facts->addRow(tr("Name:"), new QLabel(QString::fromStdString(r.runName)));
  facts->addRow(tr("Status:"), new QLabel(QString::fromStdString(tracking::toString(r.status))));
  auto* id = new QLabel(QString::fromStdString(r.id));
  id->setTextInteractionFlags(Qt::TextSelectableByMouse);
  facts->addRow(tr("Id:"), id);
  facts->addRow(
      tr("Started / ended:"),
      new QLabel(detailTime(r.startTimeMs) + QStringLiteral("  →  ") + detailTime(r.endTimeMs)));
  const auto summary = tracking::summaryOf(r);
  const auto rows = [](std::int64_t n) { return n < 0 ? QStringLiteral("–") : QString::number(n); };
  facts->addRow(tr("Data:"), new QLabel(tr("%1 — %2 train, %3 validation, %4 test rows")
                                            .arg(summary.dataSource.empty()
                                                     ? QStringLiteral("–")
                                                     : QString::fromStdString(summary.dataSource))
                                            .arg(rows(summary.trainRows))
                                            .arg(rows(summary.validationRows))
                                            .arg(rows(summary.testRows))));
  facts->addRow(tr("Bundle:"),
                bundleFolder.isEmpty()
                    ? new QLabel(tr("none kept"))
                    : linkLabel(bundleFolder, QUrl::fromLocalFile(bundleFolder).toString(),
                                QStringLiteral("bundleFolder")));
  facts->addRow(tr("MLflow:"), mlflowUrl.isEmpty()
                                   ? new QLabel(tr("not pushed"))
                                   : linkLabel(mlflowUrl, mlflowUrl, QStringLiteral("mlflowLink")));

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(facts);
  if (!r.error.empty()) {
    auto* error = new QPlainTextEdit(QString::fromStdString(r.error));
    error->setObjectName("runError");
    error->setReadOnly(true);
    error->setMaximumHeight(fontMetrics().height() * 5);
    layout->addWidget(new QLabel(tr("Why it ended:")));
    layout->addWidget(error);
  }
  if (!r.notes.empty())
    layout->addWidget(new QLabel(tr("Notes: %1").arg(QString::fromStdString(r.notes))));

  std::map<std::string, QString> params;
  for (const auto& [key, value] : r.params) params[key] = QString::fromStdString(value);
  std::map<std::string, QString> metrics;
  for (const auto& [key, value] : r.metrics)
    metrics[key] = std::isfinite(value) ? QString::number(value, 'g', 6) : QStringLiteral("–");
  std::map<std::string, QString> tags;
  for (const auto& [key, value] : r.tags) tags[key] = QString::fromStdString(value);
  auto* tabs = new QTabWidget;
  tabs->addTab(keyValueTable(params, QStringLiteral("detailParams")), tr("Parameters"));
  tabs->addTab(keyValueTable(metrics, QStringLiteral("detailMetrics")), tr("Metrics"));
  tabs->addTab(keyValueTable(tags, QStringLiteral("detailTags")), tr("Tags"));
  auto* history = new QChartView(charts::buildHistoryOverlay(tracking::historyPlots({run})));
  history->setObjectName("detailHistory");
  history->setRenderHint(QPainter::Antialiasing);
  new charts::ChartHover(history);
  new charts::ChartZoom(history);
  tabs->addTab(history, tr("History"));
  layout->addWidget(tabs, 1);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
  resize(640, 560);
}

}  // namespace tweetlab::ui
