#include "ui/workbench/RunsPage.h"

#include <QDesktopServices>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QUrl>
#include <QVBoxLayout>
#include <stdexcept>
#include <utility>

#include "core/tracking/RemoteRuns.h"
#include "core/tracking/RunEdits.h"
#include "core/tracking/RunStore.h"
#include "ui/workbench/AppSettings.h"
#include "ui/workbench/FileDialogs.h"
#include "ui/workbench/RememberedSplitter.h"
#include "ui/workbench/RunComparison.h"
#include "ui/workbench/RunDetailsDialog.h"
#include "ui/workbench/RunTracking.h"
#include "ui/workbench/RunsFilterBar.h"
#include "ui/workbench/RunsTable.h"
#include "ui/workbench/RunsTableModel.h"

namespace tweetlab::ui {
namespace fs = std::filesystem;

RunsPage::RunsPage(RunTracking* tracking, QWidget* parent)
    : QWidget(parent),
      tracking_(tracking),
      filters_(new RunsFilterBar),
      table_(new RunsTable),
      comparison_(new RunComparison),
      summary_(new QLabel),
      detailsButton_(new QPushButton(tr("Details…"))),
      openButton_(new QPushButton(tr("Open in MLflow"))),
      exportButton_(new QPushButton(tr("Export bundle…"))),
      deleteButton_(new QPushButton(tr("Delete"))),
      reportButton_(new QPushButton(tr("Export report…"))) {
  connect(filters_, &RunsFilterBar::changed, this, &RunsPage::refresh);
  connect(table_, &RunsTable::runSelectionChanged, this, &RunsPage::loadSelection);
  connect(table_, &RunsTable::runsShown, this, &RunsPage::loadSelection);  // after an edit
  connect(table_->runsModel(), &RunsTableModel::runEdited, this, &RunsPage::saveEdit);
  // A double-click on a cell edited in place (name, notes) edits it; elsewhere it opens the run.
  connect(table_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
    if (!(index.flags() & Qt::ItemIsEditable)) showDetails();
  });

  auto* top = new QWidget;
  auto* topLayout = new QVBoxLayout(top);
  topLayout->setContentsMargins(0, 0, 0, 0);
  topLayout->addWidget(filters_);
  topLayout->addWidget(table_);
  topLayout->addWidget(buildActions());
  // Table first (as in the MLflow UI): the runs take most of the height, the charts of the
  // selected runs sit in a lower pane the user can drag open; the split is remembered.
  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->addWidget(top);
  splitter->addWidget(comparison_);
  splitter->setChildrenCollapsible(false);
  splitter->setStretchFactor(0, 1);  // a taller window makes the table taller, not the charts
  rememberSplitter(splitter, QStringLiteral("runsBody"), {7, 3});
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(splitter);

  connect(tracking_, &RunTracking::runTracked, this, &RunsPage::refresh);
  refresh();
}

QWidget* RunsPage::buildActions() {
  detailsButton_->setObjectName("showRunDetails");
  connect(detailsButton_, &QPushButton::clicked, this, &RunsPage::showDetails);
  openButton_->setObjectName("openInMlflow");
  exportButton_->setObjectName("exportBundle");
  deleteButton_->setObjectName("deleteRuns");
  deleteButton_->setShortcut(QKeySequence::Delete);
  reportButton_->setObjectName("exportReport");
  reportButton_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  connect(openButton_, &QPushButton::clicked, this, &RunsPage::openInMlflow);
  connect(exportButton_, &QPushButton::clicked, this, [this] {
    const auto dir = chooseDirectory(this, QStringLiteral("bundle"), tr("Export the bundle into"));
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
    const auto file = chooseSaveFile(this, QStringLiteral("report"), tr("Export comparison report"),
                                     QStringLiteral("comparison.html"), tr("HTML (*.html)"));
    if (!file.isEmpty()) exportReport(file);
  });
  auto* actions = new QWidget;
  auto* layout = new QHBoxLayout(actions);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(summary_, 1);
  for (auto* b : {detailsButton_, openButton_, exportButton_, reportButton_, deleteButton_})
    layout->addWidget(b);
  return actions;
}

int RunsPage::runCount() const {
  return table_->runCount();
}
QStringList RunsPage::selectedRunIds() const {
  return table_->selectedRunIds();
}
void RunsPage::selectRuns(const QStringList& ids) {
  table_->selectRuns(ids);
}
RocChart* RunsPage::rocChart() const {
  return comparison_->rocChart();
}
QChartView* RunsPage::historyChart() const {
  return comparison_->historyChart();
}
QChartView* RunsPage::metricsChart() const {
  return comparison_->metricsChart();
}
QTableWidget* RunsPage::paramsTable() const {
  return comparison_->paramsTable();
}

void RunsPage::refresh() {
  const auto query = filters_->query();
  if (filters_->remote()) {
    refreshRemote(query);
    return;
  }
  lister_.run([stores = tracking_->stores(), query] { return stores->current()->list(query); },
              [this](std::vector<tracking::RunSummary> runs) {
                remote_.clear();
                const auto count = static_cast<int>(runs.size());
                listed(std::move(runs), tr("%n run(s)", "", count));
              },
              [this](const QString& error) {
                summary_->setText(tr("The run store cannot be read: %1").arg(error));
                emit statusMessage(summary_->text());
              });
}

void RunsPage::refreshRemote(const tracking::RunQuery& query) {
  const auto config = RunTracking::mlflowConfig();
  if (!config) {
    lister_.dropPending();
    remote_.clear();
    table_->setRuns({});
    summary_->setText(tr("No MLflow server: set the tracking URI on the Settings page."));
    emit refreshed();
    return;
  }
  summary_->setText(tr("Asking %1…").arg(QString::fromStdString(config->trackingUri)));
  const auto experiment = AppSettings().experimentName();
  lister_.run(
      [config = *config, name = experiment.toStdString()] {
        return tracking::fetchRemoteRuns(config, name, 1000);
      },
      [this, query, experiment](std::vector<tracking::RunRecord> records) {
        remote_.clear();
        for (auto& r : records) remote_.emplace(QString::fromStdString(r.id), r);
        auto runs = tracking::applyQuery(records, query);
        const auto count = static_cast<int>(runs.size());
        listed(std::move(runs), tr("%n run(s) in MLflow experiment %1", "", count).arg(experiment));
      },
      [this](const QString& error) {
        summary_->setText(tr("MLflow cannot be read: %1").arg(error));
        emit statusMessage(summary_->text());
        emit refreshed();
      });
}

void RunsPage::listed(std::vector<tracking::RunSummary> runs, const QString& summary) {
  table_->setRuns(std::move(runs), /*editable=*/true);  // MLflow's runs are renamed in MLflow
  summary_->setText(summary);
  loadSelection();
  emit refreshed();
}

void RunsPage::loadSelection() {
  const auto ids = selectedRunIds();
  const bool local = remote_.empty();
  detailsButton_->setEnabled(ids.size() == 1);
  openButton_->setEnabled(ids.size() == 1);
  // A remote run's bundle and record live on the server: export and delete are for local runs.
  // A run that failed or was cancelled before the end kept no bundle to export.
  const auto selected = table_->selectedRuns();
  const bool bundle = selected.size() == 1 && selected.front().hasBundle;
  exportButton_->setEnabled(local && bundle);
  exportButton_->setToolTip(local && selected.size() == 1 && !bundle
                                ? tr("This run kept no model bundle (it failed or was cancelled).")
                                : QString());
  deleteButton_->setEnabled(!ids.isEmpty() && local);
  reportButton_->setEnabled(!ids.isEmpty());
  if (!local) {
    // Already in memory: metrics, params and tags (no ROC or history: those are local artifacts).
    loader_.dropPending();
    std::vector<tracking::ComparedRun> runs;
    for (const auto& id : ids) {
      if (const auto it = remote_.find(id); it != remote_.end()) runs.push_back({it->second, {}});
    }
    showComparison(std::move(runs));
    return;
  }
  std::vector<std::string> wanted;
  for (const auto& id : ids) wanted.push_back(id.toStdString());
  loader_.run([stores = tracking_->stores(),
               wanted] { return tracking::loadComparedRuns(*stores->current(), wanted); },
              [this](std::vector<tracking::ComparedRun> runs) { showComparison(std::move(runs)); },
              [this](const QString& error) {
                emit statusMessage(tr("The selected runs cannot be read: %1").arg(error));
                showComparison({});
              });
}

void RunsPage::showComparison(std::vector<tracking::ComparedRun> runs) {
  comparison_->setRuns(std::move(runs));
  emit comparisonReady();
}

void RunsPage::deleteSelected() {
  const auto ids = selectedRunIds();
  actions_.run(
      [stores = tracking_->stores(), ids] {
        const auto store = stores->current();
        int removed = 0;
        for (const auto& id : ids) removed += store->remove(id.toStdString()) ? 1 : 0;
        return removed;
      },
      [this](int removed) {
        emit statusMessage(tr("Deleted %n run(s)", "", removed));
        refresh();
      },
      [this](const QString& error) {
        emit statusMessage(tr("Delete failed: %1").arg(error));
        refresh();
      });
}

// A run of the local store keeps the edit there first; one also pushed to MLflow gets it there
// too (tracking::editRun). A run listed from MLflow only is edited in MLflow alone. Either way the
// network is asked on the actions runner, never on the GUI thread, and a failed push is said.
void RunsPage::saveEdit(const QString& runId, int column, const QString& text) {
  const bool name = column == RunsTableModel::Name;
  const auto field = name ? tracking::RunField::Name : tracking::RunField::Notes;
  const auto failed = [this](const QString& error) {
    emit statusMessage(tr("The run could not be saved: %1").arg(error));
    refresh();
  };
  if (const auto it = remote_.find(runId); it != remote_.end()) {
    actions_.run(
        [config = RunTracking::mlflowConfig(), id = it->second.mlflowRunId, field,
         value = text.toStdString()] {
          if (!config) throw std::runtime_error("no MLflow tracking URI is set");
          tracking::MlflowClient client(*config);
          tracking::editMlflowRun(client, id, field, value);
        },
        [this, name] {
          emit statusMessage(name ? tr("Run renamed in MLflow") : tr("Notes saved in MLflow"));
          refresh();
        },
        [failed](const QString& error) { failed(tr("MLflow did not take it: %1").arg(error)); });
    return;
  }
  actions_.run([stores = tracking_->stores(), config = RunTracking::mlflowConfig(),
                id = runId.toStdString(), value = text.toStdString(),
                field] { return tracking::editRun(*stores->current(), config, id, field, value); },
               [this, name](const tracking::RunEditOutcome& out) {
                 const QString saved = name ? tr("Run renamed") : tr("Notes saved");
                 if (!out.local)
                   emit statusMessage(tr("The run is no longer in the store."));
                 else if (out.mlflow)
                   emit statusMessage(tr("%1, in MLflow too").arg(saved));
                 else if (!out.mlflowError.empty())
                   emit statusMessage(tr("%1 here, but MLflow was not updated: %2")
                                          .arg(saved, QString::fromStdString(out.mlflowError)));
                 else
                   emit statusMessage(saved);
                 refresh();  // the store's text, also over a listing that started before the edit
               },
               failed);
}

void RunsPage::exportBundle(const QString& directory) {
  const auto ids = selectedRunIds();
  if (ids.size() != 1) return;
  const auto report = [this](const QString& message) { emit statusMessage(message); };
  actions_.run(
      [stores = tracking_->stores(), id = ids.front(), directory]() -> QString {
        const auto source = stores->current()->artifactDir(id.toStdString()) / "model";
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
      },
      report, [report](const QString& error) { report(tr("Export failed: %1").arg(error)); });
}

void RunsPage::openInMlflow() {
  const auto& runs = comparison_->runs();
  if (runs.size() != 1) return;
  const auto url = RunTracking::mlflowRunUrl(AppSettings().trackingUri(), runs.front().record);
  if (url.isEmpty()) {
    emit statusMessage(
        tr("This run is not on an MLflow server (set the tracking URI on the Settings page)."));
    return;
  }
  QDesktopServices::openUrl(QUrl(url));
  emit statusMessage(tr("Opened %1").arg(url));
}

void RunsPage::showDetails() {
  const auto ids = selectedRunIds();
  if (ids.size() != 1) return;
  const auto open = [this](const tracking::ComparedRun& run, const QString& bundle) {
    const auto url = RunTracking::mlflowRunUrl(AppSettings().trackingUri(), run.record);
    (new RunDetailsDialog(run, bundle, url, this))->show();
  };
  if (const auto it = remote_.find(ids.front()); it != remote_.end()) {
    open({it->second, {}}, {});  // already in memory; its bundle is on the server
    return;
  }
  actions_.run(
      [stores = tracking_->stores(), id = ids.front().toStdString()] {
        const auto store = stores->current();
        auto runs = tracking::loadComparedRuns(*store, {id});
        if (runs.empty()) throw std::runtime_error("the run is no longer in the store");
        const auto bundle = store->artifactDir(id) / "model";
        std::error_code ec;
        const bool kept = fs::exists(bundle / "manifest.json", ec);
        return std::pair{std::move(runs.front()),
                         kept ? QString::fromStdString(bundle.string()) : QString()};
      },
      [open](const std::pair<tracking::ComparedRun, QString>& run) { open(run.first, run.second); },
      [this](const QString& error) {
        emit statusMessage(tr("The run cannot be read: %1").arg(error));
      });
}

void RunsPage::exportReport(const QString& htmlFile) {
  tracking::ReportOptions options;
  options.onlyDifferences = comparison_->onlyDifferences();
  // The plots are drawn on the GUI thread while the worker waits: the GUI stays responsive.
  actions_.run(
      [runs = comparison_->runs(), renderer = tracking_->renderer(), options, htmlFile] {
        tracking::writeReport(runs, htmlFile.toStdString(), renderer.get(), options);
      },
      [this, htmlFile] { emit statusMessage(tr("Report written to %1").arg(htmlFile)); },
      [this](const QString& error) {
        emit statusMessage(tr("The report could not be written: %1").arg(error));
      });
}

}  // namespace tweetlab::ui
