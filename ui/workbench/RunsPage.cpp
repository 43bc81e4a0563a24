#include "ui/workbench/RunsPage.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QBuffer>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QtConcurrent>
#include <cmath>
#include <set>

#include "core/common/Json.h"
#include "core/models/Classifier.h"
#include "core/tracking/RunStore.h"
#include "ui/workbench/AppSettings.h"
#include "ui/workbench/ChartViewReplace.h"
#include "ui/workbench/RemoteRuns.h"
#include "ui/workbench/RocChart.h"
#include "ui/workbench/RunTracking.h"
#include "ui/workbench/RunsTableModel.h"

namespace tweetlab::ui {
namespace fs = std::filesystem;
namespace {

// Sorts on the raw value the model gives for Qt::UserRole.
class RunsProxy : public QSortFilterProxyModel {
 public:
  using QSortFilterProxyModel::QSortFilterProxyModel;

 protected:
  bool lessThan(const QModelIndex& left, const QModelIndex& right) const override {
    const auto a = left.data(Qt::UserRole);
    const auto b = right.data(Qt::UserRole);
    if (a.typeId() == QMetaType::Double || a.typeId() == QMetaType::LongLong)
      return a.toDouble() < b.toDouble();
    return QString::localeAwareCompare(a.toString(), b.toString()) < 0;
  }
};

QString htmlEscape(const std::string& s) {
  return QString::fromStdString(s).toHtmlEscaped();
}

QString pngBase64(QWidget* widget) {
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  widget->grab().save(&buffer, "PNG");
  return QString::fromLatin1(bytes.toBase64());
}

std::vector<RunsPage::RunDetails> loadDetails(RunTracking* tracking, const QStringList& ids) {
  std::vector<RunsPage::RunDetails> out;
  auto& store = tracking->store();
  for (const auto& id : ids) {
    auto record = store.get(id.toStdString());
    if (!record) continue;
    RunsPage::RunDetails d;
    d.record = std::move(*record);
    d.auc = d.record.metric(tracking::metric::kRocAuc);
    const auto rocFile = store.artifactDir(d.record.id) / "roc_curve.json";
    std::error_code ec;
    if (fs::exists(rocFile, ec)) {
      try {
        const auto json = readJsonFile(rocFile);
        for (const auto& p : json.at("points")) {
          d.roc.push_back({p.at(0).get<double>(), p.at(1).get<double>(),
                           p.at(2).is_number() ? p.at(2).get<double>() : 0.0});
        }
      } catch (const std::exception&) {
        d.roc.clear();  // a damaged file only costs this run's curve
      }
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

RunsPage::RunsPage(RunTracking* tracking, QWidget* parent)
    : QWidget(parent),
      tracking_(tracking),
      filter_(new QLineEdit),
      family_(new QComboBox),
      status_(new QComboBox),
      source_(new QComboBox),
      table_(new QTableView),
      model_(new RunsTableModel(this)),
      proxy_(new RunsProxy(this)),
      summary_(new QLabel),
      roc_(new RocChart),
      history_(new QChartView),
      metrics_(new QChartView),
      params_(new QTableWidget),
      onlyDifferences_(new QCheckBox(tr("Only parameters that differ"))),
      openButton_(new QPushButton(tr("Open in MLflow"))),
      exportButton_(new QPushButton(tr("Export bundle…"))),
      deleteButton_(new QPushButton(tr("Delete"))),
      reportButton_(new QPushButton(tr("Export report…"))) {
  filter_->setObjectName("runsFilter");
  filter_->setPlaceholderText(tr("Filter by name, model, preprocessing or id"));
  filter_->setClearButtonEnabled(true);
  family_->setObjectName("runsFamily");
  family_->addItem(tr("All models"), QString());
  for (const auto& f : models::classifierFamilies())
    family_->addItem(QString::fromStdString(f), QString::fromStdString(f));
  status_->setObjectName("runsStatus");
  status_->addItem(tr("Any status"), QString());
  for (const char* s : {"FINISHED", "FAILED", "KILLED", "RUNNING"})
    status_->addItem(QString::fromLatin1(s), QString::fromLatin1(s));
  source_->setObjectName("runsSource");
  source_->addItem(tr("Local store"), QStringLiteral("local"));
  source_->addItem(tr("MLflow server"), QStringLiteral("mlflow"));
  source_->setToolTip(
      tr("MLflow lists the runs of the experiment set in Settings, from every machine"));
  auto* refreshButton = new QPushButton(tr("Refresh"));
  refreshButton->setShortcut(QKeySequence::Refresh);
  connect(refreshButton, &QPushButton::clicked, this, &RunsPage::refresh);
  connect(filter_, &QLineEdit::textChanged, this, &RunsPage::refresh);
  connect(family_, &QComboBox::currentIndexChanged, this, &RunsPage::refresh);
  connect(status_, &QComboBox::currentIndexChanged, this, &RunsPage::refresh);
  connect(source_, &QComboBox::currentIndexChanged, this, &RunsPage::refresh);

  proxy_->setSourceModel(model_);
  proxy_->setSortRole(Qt::UserRole);
  table_->setObjectName("runsTable");
  table_->setModel(proxy_);
  table_->setSortingEnabled(true);
  table_->sortByColumn(RunsTableModel::Started, Qt::DescendingOrder);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->verticalHeader()->hide();
  table_->setWordWrap(false);  // one line per run: more runs visible at once
  table_->setAlternatingRowColors(true);
  connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          &RunsPage::loadSelection);

  history_->setObjectName("historyOverlay");
  history_->setRenderHint(QPainter::Antialiasing);
  metrics_->setObjectName("metricsBars");
  metrics_->setRenderHint(QPainter::Antialiasing);
  params_->setObjectName("paramsTable");
  params_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  onlyDifferences_->setObjectName("onlyDifferences");
  onlyDifferences_->setChecked(true);
  connect(onlyDifferences_, &QCheckBox::toggled, this, &RunsPage::fillParams);

  openButton_->setObjectName("openInMlflow");
  exportButton_->setObjectName("exportBundle");
  deleteButton_->setObjectName("deleteRuns");
  deleteButton_->setShortcut(QKeySequence::Delete);
  reportButton_->setObjectName("exportReport");
  reportButton_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  connect(openButton_, &QPushButton::clicked, this, &RunsPage::openInMlflow);
  connect(exportButton_, &QPushButton::clicked, this, [this] {
    const auto dir = QFileDialog::getExistingDirectory(this, tr("Export the bundle into"));
    if (!dir.isEmpty()) exportBundle(dir);
  });
  connect(deleteButton_, &QPushButton::clicked, this, [this] {
    const auto ids = selectedRunIds();
    if (ids.isEmpty()) return;
    if (QMessageBox::question(this, tr("Delete runs"),
                              tr("Delete %n run(s) with their artifacts? This cannot be undone.",
                                 "", int(ids.size()))) == QMessageBox::Yes) {
      deleteSelected();
    }
  });
  connect(reportButton_, &QPushButton::clicked, this, [this] {
    const auto file =
        QFileDialog::getSaveFileName(this, tr("Export comparison report"),
                                     QStringLiteral("comparison.html"), tr("HTML (*.html)"));
    if (!file.isEmpty()) exportReport(file);
  });

  auto* filters = new QHBoxLayout;
  filters->addWidget(filter_, 1);
  filters->addWidget(source_);
  filters->addWidget(family_);
  filters->addWidget(status_);
  filters->addWidget(refreshButton);
  auto* actions = new QHBoxLayout;
  actions->addWidget(summary_, 1);
  actions->addWidget(openButton_);
  actions->addWidget(exportButton_);
  actions->addWidget(reportButton_);
  actions->addWidget(deleteButton_);

  auto* paramsTab = new QWidget;
  auto* paramsLayout = new QVBoxLayout(paramsTab);
  paramsLayout->addWidget(onlyDifferences_);
  paramsLayout->addWidget(params_);
  auto* tabs = new QTabWidget;
  tabs->setObjectName("comparisonTabs");
  tabs->addTab(roc_, tr("ROC curves"));
  tabs->addTab(history_, tr("History"));
  tabs->addTab(metrics_, tr("Metrics"));
  tabs->addTab(paramsTab, tr("Parameters"));

  auto* top = new QWidget;
  auto* topLayout = new QVBoxLayout(top);
  topLayout->setContentsMargins(0, 0, 0, 0);
  topLayout->addLayout(filters);
  topLayout->addWidget(table_);
  topLayout->addLayout(actions);
  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->addWidget(top);
  splitter->addWidget(tabs);
  splitter->setStretchFactor(0, 2);
  splitter->setStretchFactor(1, 3);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(splitter);

  connect(tracking_, &RunTracking::runTracked, this, &RunsPage::refresh);
  showComparison();
  refresh();
}

int RunsPage::runCount() const {
  return model_->rowCount();
}

QStringList RunsPage::selectedRunIds() const {
  QStringList ids;
  for (const auto& index : table_->selectionModel()->selectedRows()) {
    ids << model_->run(proxy_->mapToSource(index).row()).id.c_str();
  }
  return ids;
}

void RunsPage::selectRuns(const QStringList& ids) {
  QItemSelection selection;
  for (const auto& id : ids) {
    const int row = model_->rowOf(id);
    if (row < 0) continue;
    const auto index = proxy_->mapFromSource(model_->index(row, 0));
    selection.select(index, index.siblingAtColumn(RunsTableModel::ColumnCount - 1));
  }
  table_->selectionModel()->select(selection,
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void RunsPage::refresh() {
  tracking::RunQuery query;
  query.text = filter_->text().trimmed().toStdString();
  query.family = family_->currentData().toString().toStdString();
  if (const auto s = status_->currentData().toString(); !s.isEmpty()) {
    query.status = tracking::runStatusFromString(s.toStdString());
  }
  const int generation = ++refreshGeneration_;
  if (showingRemote()) {
    refreshRemote(query, generation);
    return;
  }
  auto* watcher = new QFutureWatcher<std::pair<std::vector<tracking::RunSummary>, QString>>(this);
  connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
    watcher->deleteLater();
    if (generation != refreshGeneration_) return;
    remote_.clear();
    // The selection as it is now, not as it was when the refresh started: the user may have
    // picked runs while the store was being read.
    const auto keep = selectedRunIds();
    auto [runs, error] = watcher->result();
    if (!error.isEmpty()) {
      summary_->setText(tr("The run store cannot be read: %1").arg(error));
      emit statusMessage(summary_->text());
      return;
    }
    const QSignalBlocker blocker(table_->selectionModel());
    model_->setRuns(std::move(runs));
    selectRuns(keep);
    summary_->setText(tr("%n run(s)", "", model_->rowCount()));
    loadSelection();
    emit refreshed();
  });
  watcher->setFuture(QtConcurrent::run([tracking = tracking_, query] {
    try {
      return std::make_pair(tracking->store().list(query), QString());
    } catch (const std::exception& e) {
      return std::make_pair(std::vector<tracking::RunSummary>{}, QString::fromUtf8(e.what()));
    }
  }));
}

bool RunsPage::showingRemote() const {
  return source_->currentData().toString() == QLatin1String("mlflow");
}

void RunsPage::refreshRemote(const tracking::RunQuery& query, int generation) {
  const auto config = RunTracking::mlflowConfig();
  if (!config) {
    remote_.clear();
    model_->setRuns({});
    summary_->setText(tr("No MLflow server: set the tracking URI on the Settings page."));
    emit refreshed();
    return;
  }
  summary_->setText(tr("Asking %1…").arg(QString::fromStdString(config->trackingUri)));
  using Answer = std::pair<std::vector<tracking::RunRecord>, QString>;
  auto* watcher = new QFutureWatcher<Answer>(this);
  connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, query] {
    watcher->deleteLater();
    if (generation != refreshGeneration_) return;
    auto [records, error] = watcher->result();
    if (!error.isEmpty()) {
      summary_->setText(tr("MLflow cannot be read: %1").arg(error));
      emit statusMessage(summary_->text());
      emit refreshed();
      return;
    }
    const auto keep = selectedRunIds();
    remote_.clear();
    std::vector<tracking::RunSummary> rows;
    for (auto& r : records) {
      if (!matches(r, query)) continue;
      rows.push_back(summaryOf(r));
      remote_.emplace(QString::fromStdString(r.id), std::move(r));
    }
    const QSignalBlocker blocker(table_->selectionModel());
    model_->setRuns(std::move(rows));
    selectRuns(keep);
    summary_->setText(tr("%n run(s) in MLflow experiment %1", "", model_->rowCount())
                          .arg(AppSettings().experimentName()));
    loadSelection();
    emit refreshed();
  });
  watcher->setFuture(QtConcurrent::run(
      [config = *config, experiment = AppSettings().experimentName().toStdString()] {
        try {
          return Answer{fetchRemoteRuns(config, experiment, 1000), QString()};
        } catch (const std::exception& e) {
          return Answer{{}, QString::fromUtf8(e.what())};
        }
      }));
}

void RunsPage::loadSelection() {
  const auto ids = selectedRunIds();
  const int generation = ++loadGeneration_;
  openButton_->setEnabled(ids.size() == 1);
  // A remote run's bundle and record live on the server: export and delete are for local runs.
  exportButton_->setEnabled(ids.size() == 1 && remote_.empty());
  deleteButton_->setEnabled(!ids.isEmpty() && remote_.empty());
  reportButton_->setEnabled(!ids.isEmpty());
  if (!remote_.empty()) {
    // Already in memory: metrics, params and tags (no ROC or history: those are local artifacts).
    compared_.clear();
    for (const auto& id : ids) {
      if (const auto it = remote_.find(id); it != remote_.end()) {
        RunDetails d;
        d.record = it->second;
        d.auc = d.record.metric(tracking::metric::kRocAuc);
        compared_.push_back(std::move(d));
      }
    }
    showComparison();
    emit comparisonReady();
    return;
  }
  auto* watcher = new QFutureWatcher<std::vector<RunDetails>>(this);
  connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
    watcher->deleteLater();
    if (generation != loadGeneration_) return;  // the selection changed meanwhile
    compared_ = watcher->result();
    showComparison();
    emit comparisonReady();
  });
  watcher->setFuture(QtConcurrent::run([tracking = tracking_, ids] {
    try {
      return loadDetails(tracking, ids);
    } catch (const std::exception&) {
      return std::vector<RunDetails>{};
    }
  }));
}

void RunsPage::showComparison() {
  roc_->clear();
  for (const auto& d : compared_) {
    if (!d.roc.empty()) roc_->addCurve(QString::fromStdString(d.record.runName), d.roc, d.auc);
  }

  // Validation accuracy (solid) and loss (dashed) per epoch, one colour per run.
  auto* history = new QChart;
  history->setTitle(tr("Validation curves per epoch"));
  history->legend()->setAlignment(Qt::AlignBottom);
  auto* epochs = new QValueAxis;
  epochs->setTitleText(tr("epoch"));
  epochs->setLabelFormat("%d");
  auto* accuracy = new QValueAxis;
  accuracy->setTitleText(tr("val_accuracy"));
  auto* loss = new QValueAxis;
  loss->setTitleText(tr("val_loss"));
  history->addAxis(epochs, Qt::AlignBottom);
  history->addAxis(accuracy, Qt::AlignLeft);
  history->addAxis(loss, Qt::AlignRight);
  double maxEpoch = 1, minAcc = 1, maxAcc = 0, maxLoss = 0;
  static const QColor palette[] = {QColor(31, 119, 180),  QColor(255, 127, 14),
                                   QColor(44, 160, 44),   QColor(214, 39, 40),
                                   QColor(148, 103, 189), QColor(140, 86, 75)};
  int colour = 0;
  for (const auto& d : compared_) {
    auto* acc = new QLineSeries;
    auto* lss = new QLineSeries;
    acc->setName(QString::fromStdString(d.record.runName) + tr(" · val_accuracy"));
    lss->setName(QString::fromStdString(d.record.runName) + tr(" · val_loss"));
    for (const auto& p : d.record.history) {
      if (!std::isfinite(p.value)) continue;
      if (p.key == "val_accuracy") {
        acc->append(static_cast<qreal>(p.step), p.value);
        minAcc = std::min(minAcc, p.value);
        maxAcc = std::max(maxAcc, p.value);
      } else if (p.key == "val_loss") {
        lss->append(static_cast<qreal>(p.step), p.value);
        maxLoss = std::max(maxLoss, p.value);
      } else {
        continue;
      }
      maxEpoch = std::max<double>(maxEpoch, static_cast<double>(p.step));
    }
    const QColor c = palette[colour++ % 6];
    QPen solid(c, 2.0);
    QPen dashed(c, 1.5, Qt::DashLine);
    acc->setPen(solid);
    lss->setPen(dashed);
    for (auto* s : {acc, lss}) {
      if (s->count() == 0) {
        delete s;
        continue;
      }
      s->setPointsVisible(true);
      history->addSeries(s);
      s->attachAxis(epochs);
      s->attachAxis(s == acc ? accuracy : loss);
    }
  }
  epochs->setRange(1, std::max(2.0, maxEpoch));
  accuracy->setRange(maxAcc > 0 ? std::floor(minAcc * 20) / 20 : 0.4,
                     maxAcc > 0 ? std::min(1.0, std::ceil(maxAcc * 20) / 20 + 0.05) : 1.0);
  loss->setRange(0, maxLoss > 0 ? maxLoss * 1.1 : 1.0);
  if (compared_.empty() || history->series().isEmpty()) {
    history->setTitle(compared_.empty()
                          ? tr("Select runs to compare")
                          : tr("No per-epoch history (these models are not trained in epochs)"));
  }
  replaceChart(history_, history);

  // Final scores side by side.
  auto* bars = new QChart;
  bars->setTitle(tr("Validation metrics"));
  bars->legend()->setAlignment(Qt::AlignBottom);
  auto* series = new QBarSeries;
  QStringList categories;
  const std::vector<std::pair<const char*, QString>> shown{
      {tracking::metric::kAccuracy, tr("accuracy")},
      {tracking::metric::kRocAuc, tr("ROC AUC")},
      {tracking::metric::kF1, tr("F1")}};
  std::vector<QBarSet*> sets;
  for (const auto& [key, label] : shown) sets.push_back(new QBarSet(label));
  double lowest = 1.0;
  for (const auto& d : compared_) {
    categories << QString::fromStdString(d.record.runName);
    for (std::size_t i = 0; i < shown.size(); ++i) {
      const double v = d.record.metric(shown[i].first);
      *sets[i] << (std::isfinite(v) ? v : 0.0);
      if (std::isfinite(v)) lowest = std::min(lowest, v);
    }
  }
  for (auto* set : sets) series->append(set);
  bars->addSeries(series);
  auto* categoryAxis = new QBarCategoryAxis;
  categoryAxis->append(categories);
  auto* valueAxis = new QValueAxis;
  valueAxis->setRange(std::max(0.0, std::floor(lowest * 10) / 10 - 0.1), 1.0);
  bars->addAxis(categoryAxis, Qt::AlignBottom);
  bars->addAxis(valueAxis, Qt::AlignLeft);
  series->attachAxis(categoryAxis);
  series->attachAxis(valueAxis);
  series->setLabelsVisible(compared_.size() <= 4);
  series->setLabelsFormat(QStringLiteral("@value"));
  series->setLabelsPrecision(3);
  replaceChart(metrics_, bars);

  fillParams();
}

void RunsPage::fillParams() {
  std::set<std::string> keys;
  for (const auto& d : compared_) {
    for (const auto& [k, v] : d.record.params) keys.insert(k);
  }
  std::vector<std::string> rows;
  for (const auto& k : keys) {
    std::set<std::string> values;
    for (const auto& d : compared_) {
      const auto it = d.record.params.find(k);
      values.insert(it == d.record.params.end() ? std::string("–") : it->second);
    }
    if (!onlyDifferences_->isChecked() || values.size() > 1 || compared_.size() < 2)
      rows.push_back(k);
  }
  params_->clear();
  params_->setColumnCount(static_cast<int>(compared_.size()));
  params_->setRowCount(static_cast<int>(rows.size()));
  QStringList headers;
  for (const auto& d : compared_) headers << QString::fromStdString(d.record.runName);
  params_->setHorizontalHeaderLabels(headers);
  QStringList rowLabels;
  for (const auto& k : rows) rowLabels << QString::fromStdString(k);
  params_->setVerticalHeaderLabels(rowLabels);
  for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
    for (int c = 0; c < static_cast<int>(compared_.size()); ++c) {
      const auto& p = compared_[static_cast<std::size_t>(c)].record.params;
      const auto it = p.find(rows[static_cast<std::size_t>(r)]);
      params_->setItem(r, c,
                       new QTableWidgetItem(it == p.end() ? QStringLiteral("–")
                                                          : QString::fromStdString(it->second)));
    }
  }
  params_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
}

void RunsPage::deleteSelected() {
  const auto ids = selectedRunIds();
  auto* watcher = new QFutureWatcher<int>(this);
  connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
    watcher->deleteLater();
    emit statusMessage(tr("Deleted %n run(s)", "", watcher->result()));
    refresh();
  });
  watcher->setFuture(QtConcurrent::run([tracking = tracking_, ids] {
    int removed = 0;
    for (const auto& id : ids) removed += tracking->store().remove(id.toStdString()) ? 1 : 0;
    return removed;
  }));
}

void RunsPage::exportBundle(const QString& directory) {
  const auto ids = selectedRunIds();
  if (ids.size() != 1) return;
  auto* watcher = new QFutureWatcher<QString>(this);
  connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
    watcher->deleteLater();
    emit statusMessage(watcher->result());
  });
  watcher->setFuture(
      QtConcurrent::run([tracking = tracking_, id = ids.front(), directory]() -> QString {
        const auto source = tracking->store().artifactDir(id.toStdString()) / "model";
        std::error_code ec;
        if (!fs::exists(source / "manifest.json", ec)) {
          return tr("This run has no model bundle (it failed or was cancelled before the end).");
        }
        const fs::path target =
            fs::path(directory.toStdString()) / ("tweetlab-" + id.left(8).toStdString());
        fs::copy(source, target, fs::copy_options::recursive | fs::copy_options::overwrite_existing,
                 ec);
        if (ec) return tr("Export failed: %1").arg(QString::fromStdString(ec.message()));
        return tr("Bundle exported to %1").arg(QString::fromStdString(target.string()));
      }));
}

void RunsPage::openInMlflow() {
  if (compared_.size() != 1) return;
  const auto url = RunTracking::mlflowRunUrl(AppSettings().trackingUri(), compared_.front().record);
  if (url.isEmpty()) {
    emit statusMessage(
        tr("This run is not on an MLflow server (set the tracking URI on the Settings page)."));
    return;
  }
  QDesktopServices::openUrl(QUrl(url));
  emit statusMessage(tr("Opened %1").arg(url));
}

QString RunsPage::reportHtml() const {
  QString html;
  html += QStringLiteral(
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>TweetLab run comparison</title>"
      "<style>body{font-family:sans-serif;margin:2em;max-width:1100px}"
      "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px}"
      "th{background:#f0f0f0}td.num{text-align:right}img{max-width:100%}</style></head><body>");
  html += QStringLiteral("<h1>TweetLab run comparison</h1><p>%1 runs, exported %2.</p>")
              .arg(compared_.size())
              .arg(QDateTime::currentDateTime().toString(Qt::ISODate));
  html += QStringLiteral(
      "<h2>Metrics (validation)</h2><table><tr><th>Run</th><th>Model</th><th>Status</th>");
  const std::vector<const char*> keys{
      tracking::metric::kAccuracy,  tracking::metric::kRocAuc,           tracking::metric::kF1,
      tracking::metric::kPrecision, tracking::metric::kRecall,           tracking::metric::kLogLoss,
      tracking::metric::kFitTime,   tracking::metric::kPredictMsPerTweet};
  for (const char* k : keys) html += QStringLiteral("<th>%1</th>").arg(QString::fromLatin1(k));
  html += QStringLiteral("</tr>");
  for (const auto& d : compared_) {
    html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td>")
                .arg(htmlEscape(d.record.runName), htmlEscape(d.record.modelFamily()),
                     htmlEscape(tracking::toString(d.record.status)));
    for (const char* k : keys) {
      const double v = d.record.metric(k);
      html += QStringLiteral("<td class=\"num\">%1</td>")
                  .arg(std::isfinite(v) ? QString::number(v, 'f', 4) : "–");
    }
    html += QStringLiteral("</tr>");
  }
  html += QStringLiteral("</table>");
  html +=
      QStringLiteral("<h2>ROC curves</h2><img alt=\"ROC curves\" src=\"data:image/png;base64,%1\">")
          .arg(pngBase64(roc_));
  html += QStringLiteral(
              "<h2>Training history</h2><img alt=\"history\" src=\"data:image/png;base64,%1\">")
              .arg(pngBase64(history_));
  html += QStringLiteral("<h2>Metrics</h2><img alt=\"metrics\" src=\"data:image/png;base64,%1\">")
              .arg(pngBase64(metrics_));
  html += QStringLiteral("<h2>Parameters%1</h2><table><tr><th></th>")
              .arg(onlyDifferences_->isChecked() && compared_.size() > 1 ? tr(" that differ")
                                                                         : QString());
  for (int c = 0; c < params_->columnCount(); ++c) {
    html +=
        QStringLiteral("<th>%1</th>").arg(params_->horizontalHeaderItem(c)->text().toHtmlEscaped());
  }
  html += QStringLiteral("</tr>");
  for (int r = 0; r < params_->rowCount(); ++r) {
    html += QStringLiteral("<tr><th>%1</th>")
                .arg(params_->verticalHeaderItem(r)->text().toHtmlEscaped());
    for (int c = 0; c < params_->columnCount(); ++c) {
      html += QStringLiteral("<td>%1</td>").arg(params_->item(r, c)->text().toHtmlEscaped());
    }
    html += QStringLiteral("</tr>");
  }
  html += QStringLiteral("</table><h2>Runs</h2><ul>");
  for (const auto& d : compared_) {
    html += QStringLiteral("<li><b>%1</b> — id %2, dataset digest %3</li>")
                .arg(htmlEscape(d.record.runName), htmlEscape(d.record.id),
                     htmlEscape(d.record.tags.count(tracking::tag::kDatasetDigest)
                                    ? d.record.tags.at(tracking::tag::kDatasetDigest)
                                    : std::string("–")));
  }
  html += QStringLiteral("</ul></body></html>");
  return html;
}

void RunsPage::exportReport(const QString& htmlFile) {
  const auto html = reportHtml().toStdString();  // grabs the charts: GUI thread, milliseconds
  auto* watcher = new QFutureWatcher<QString>(this);
  connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
    watcher->deleteLater();
    emit statusMessage(watcher->result());
  });
  watcher->setFuture(QtConcurrent::run([html, htmlFile]() -> QString {
    try {
      writeFileAtomically(htmlFile.toStdString(), html);
      return tr("Report written to %1").arg(htmlFile);
    } catch (const std::exception& e) {
      return tr("The report could not be written: %1").arg(QString::fromUtf8(e.what()));
    }
  }));
}

}  // namespace tweetlab::ui
