// tweetlab-screenshots: drives the real workbench through the study (load the sample, train,
// compare runs, try the API, monitor feedback) and saves a PNG of every page, for docs/.
// Run it under a real X server (scripts/screenshots.sh uses xvfb-run) so that fonts and styles
// are those a user sees. It works in a throw-away data directory and never touches the user's
// settings (its own QSettings application name).
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <functional>
#include <iostream>

#include "core/common/Resources.h"
#include "core/experiment/Experiment.h"
#include "ui/workbench/AppSettings.h"
#include "ui/workbench/DataPage.h"
#include "ui/workbench/MainWindow.h"
#include "ui/workbench/MonitoringPage.h"
#include "ui/workbench/ParamsForm.h"
#include "ui/workbench/RocChart.h"
#include "ui/workbench/RunsPage.h"
#include "ui/workbench/RunsTableModel.h"
#include "ui/workbench/SettingsPage.h"
#include "ui/workbench/TargetPage.h"
#include "ui/workbench/TrainPage.h"
#include "ui/workbench/TryPage.h"

namespace {

using namespace tweetlab;

bool waitUntil(const std::function<bool()>& condition, int timeoutMs) {
  QElapsedTimer clock;
  clock.start();
  while (!condition()) {
    if (clock.elapsed() > timeoutMs) return false;
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
  }
  return true;
}

void settle(int ms) {
  waitUntil([] { return false; }, ms);
}

void require(bool ok, const char* what) {
  if (!ok) {
    std::cerr << "tweetlab-screenshots: " << what << "\n";
    std::exit(1);
  }
}

void shoot(ui::MainWindow& window, QWidget* page, const QString& file) {
  window.showPage(page);
  settle(400);  // let charts animate to their final state
  require(window.grab().save(file), "cannot write a screenshot");
  std::cout << "wrote " << file.toStdString() << "\n";
}

// Trains a small classic model for the API to serve, as a bundle in `dir`.
QString servedBundle(const QString& dir) {
  experiment::ExperimentSpec spec;
  spec.data.path = bundledSamplePath();
  spec.data.sample = 4000;
  spec.model.family = "logreg";
  spec.model.params = {{"cv", 0}};
  const auto data = experiment::prepareData(spec.data, train::silentObserver());
  const auto result = experiment::runExperiment(spec, data, train::silentObserver());
  const auto bundle = std::filesystem::path(dir.toStdString()) / "bundle";
  experiment::exportBundle(result, bundle, "tweetlab-logreg", "3");
  return QString::fromStdString(bundle.string());
}

// tweetlab-serve on a free port; its "listening" log line carries the port.
int startServer(QProcess& process, const QString& bundle, const QString& feedbackLog) {
  process.setProgram(QStringLiteral(TWEETLAB_SERVE_BINARY));
  process.setArguments(
      {"--bundle", bundle, "--host", "127.0.0.1", "--port", "0", "--feedback-log", feedbackLog});
  process.start();
  int port = 0;
  QByteArray buffer;
  waitUntil(
      [&] {
        buffer += process.readAllStandardError();
        for (const auto& line : buffer.split('\n')) {
          const auto doc = QJsonDocument::fromJson(line);
          if (doc.isObject() && doc["msg"].toString() == "listening") port = doc["port"].toInt();
        }
        return port > 0 || process.state() == QProcess::NotRunning;
      },
      30000);
  return port;
}

void runTraining(ui::TrainPage* train) {
  bool done = false;
  auto connection =
      QObject::connect(train, &ui::TrainPage::queueFinished, [&done] { done = true; });
  train->start();
  require(waitUntil([&] { return done; }, 20 * 60 * 1000), "training did not finish");
  QObject::disconnect(connection);
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName("TweetLab");
  QApplication::setApplicationName("TweetLab Screenshots");
  const QStringList args = QApplication::arguments();
  const QString out = args.size() > 1 ? args[1] : QStringLiteral("docs/screenshots");
  require(QDir().mkpath(out), "cannot create the output directory");

  QTemporaryDir work;
  ui::AppSettings settings;
  settings.setDataDirectory(work.path());
  settings.setFeedbackRoute("local");
  settings.setLastDataset({});

  ui::MainWindow window;
  window.resize(1360, 860);
  window.show();

  // Data: the bundled sample, a row selected for the preprocessing preview.
  bool ready = false;
  QObject::connect(window.dataPage(), &ui::DataPage::dataReady, [&ready] { ready = true; });
  window.dataPage()->setSampleSize(4000);
  window.dataPage()->openBundledSample();
  require(waitUntil([&] { return ready; }, 120000), "the sample never loaded");
  if (auto* table = window.dataPage()->findChild<QTableView*>("dataTable")) table->selectRow(3);
  shoot(window, window.dataPage(), out + "/data.png");

  // Train: the classic model with each preprocessing, then a CNN whose curves fill the charts.
  auto* train = window.trainPage();
  train->selectFamily("logreg");
  train->addPreprocessingGrid();
  runTraining(train);
  train->selectFamily("cnn");
  // TWEETLAB_SCREENSHOTS_QUICK=1: one epoch, for working on this tool.
  train->paramsForm()->setValue("epochs",
                                qEnvironmentVariableIsSet("TWEETLAB_SCREENSHOTS_QUICK") ? 1 : 5);
  runTraining(train);
  // The live history (loss and accuracy per epoch) is what the Train page is about; the ROC tab
  // gets its own picture (a run with epochs ends on the History tab, so the ROC tab is chosen).
  if (auto* tabs = train->findChild<QTabWidget*>()) {
    tabs->setCurrentIndex(1);
    shoot(window, train, out + "/train-roc.png");
    tabs->setCurrentIndex(0);
  }
  shoot(window, train, out + "/train.png");

  // Runs: the two best runs compared.
  auto* runs = window.runsPage();
  runs->refresh();
  require(waitUntil([&] { return runs->runCount() >= 4; }, 30000), "the runs never appeared");
  auto* table = runs->findChild<QTableView*>("runsTable");
  table->sortByColumn(ui::RunsTableModel::Accuracy, Qt::DescendingOrder);
  bool compared = false;
  QObject::connect(runs, &ui::RunsPage::comparisonReady, [&compared] { compared = true; });
  const QStringList ids{table->model()->index(0, ui::RunsTableModel::Id).data().toString(),
                        table->model()->index(1, ui::RunsTableModel::Id).data().toString()};
  runs->selectRuns(ids);
  if (!waitUntil([&] { return compared && runs->rocChart()->curveCount() == 2; }, 30000)) {
    std::cerr << "runs " << runs->runCount() << ", compared " << compared << ", curves "
              << runs->rocChart()->curveCount() << ", ids " << ids.join(' ').toStdString()
              << ", data " << work.path().toStdString() << "\n";
    work.setAutoRemove(false);
    require(false, "the comparison never showed");
  }
  shoot(window, runs, out + "/runs.png");

  // Try: a real tweetlab-serve, one accepted and three rejected predictions (the alert banner).
  QProcess server;
  const int port =
      startServer(server, servedBundle(work.path()), work.path() + "/server-feedback.jsonl");
  require(port > 0, "tweetlab-serve did not start");
  settings.setApiUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
  window.tryPage()->reloadSettings();
  auto* tryPage = window.tryPage();
  const auto predict = [&](const char* text) {
    tryPage->findChild<QPlainTextEdit*>("tweetText")->setPlainText(QString::fromUtf8(text));
    auto* correct = tryPage->findChild<QPushButton*>("correctButton");
    tryPage->findChild<QPushButton*>("predictButton")->click();
    require(waitUntil([&] { return correct->isEnabled(); }, 20000), "the API did not answer");
  };
  predict("just got my exam results, so happy!!");
  tryPage->markCorrect();
  for (const char* text : {"not bad at all, actually loved it", "I can't say I hate it",
                           "sick beat, this is insane"}) {
    predict(text);
    tryPage->markWrong();
  }
  predict("the new update is great, everything crashes now");
  shoot(window, tryPage, out + "/try.png");

  // Monitoring: the verdicts just given, bucketed, and the alert.
  bool refreshed = false;
  QObject::connect(window.monitoringPage(), &ui::MonitoringPage::refreshed,
                   [&refreshed] { refreshed = true; });
  settle(500);  // the feedback log is written off the GUI thread
  window.monitoringPage()->refresh();
  require(waitUntil([&] { return refreshed; }, 20000), "the monitoring page did not refresh");
  shoot(window, window.monitoringPage(), out + "/monitoring.png");

  shoot(window, window.settingsPage(), out + "/settings.png");

  // Every page again on a 1366×768 laptop screen (the window's client area under a 34 px title
  // bar): what the analyst sees there, each control reachable without scrolling the window.
  window.resize(1366, 768 - 34);
  const std::pair<QWidget*, const char*> pages[] = {{window.dataPage(), "data"},
                                                    {window.trainPage(), "train"},
                                                    {window.runsPage(), "runs"},
                                                    {window.tryPage(), "try"},
                                                    {window.monitoringPage(), "monitoring"},
                                                    {window.targetPage(), "target"},
                                                    {window.settingsPage(), "settings"}};
  // The Try page's last status message would otherwise sit under every page of this set: the
  // shots come seconds apart, the message expires after ten.
  window.statusBar()->clearMessage();
  for (const auto& [page, name] : pages) shoot(window, page, out + "/" + name + "-1366x768.png");
  server.terminate();
  server.waitForFinished(10000);
  window.close();
  return 0;
}
