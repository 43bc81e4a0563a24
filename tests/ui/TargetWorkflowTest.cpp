// The target-domain loop in the workbench, with real widgets: feedback added to the current data
// reaches the training part only and the Train page says what the training set is made of; runs
// scored on a named set can be sorted by it on the Runs page; a calibrated bundle answers the same
// in the workbench, on the command line and through tweetlab-serve; the "label next" queue writes
// the tester's labels to the feedback log; the learning curve draws one line per strategy.
#include <gtest/gtest.h>

#include <QChartView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineSeries>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTableWidget>
#include <cmath>
#include <map>

#include "core/common/Resources.h"
#include "core/data/Digest.h"
#include "core/data/SplitExport.h"
#include "core/experiment/Experiment.h"
#include "core/sources/FeedbackDataset.h"
#include "core/telemetry/FeedbackLog.h"
#include "tests/support/SampleTweets.h"
#include "tests/ui/WorkbenchFixture.h"
#include "ui/workbench/CurvePanel.h"
#include "ui/workbench/LabelQueue.h"
#include "ui/workbench/ParamsForm.h"
#include "ui/workbench/RunTracking.h"
#include "ui/workbench/RunsPage.h"
#include "ui/workbench/RunsTableModel.h"
#include "ui/workbench/SourcesPanel.h"
#include "ui/workbench/TargetPage.h"
#include "ui/workbench/TryPage.h"

namespace tweetlab::ui {
namespace {

using testing::waitUntil;

const data::Dataset& targetTweets() {
  static const auto all = data::loadDataset(testing::targetSamplePath()).dataset;
  return all;
}

// A Sentiment140 logistic regression, trained once for the suite.
const std::filesystem::path& sourceBundle() {
  static testing::TempDir dir;
  static const std::filesystem::path bundle = [] {
    experiment::ExperimentSpec spec;
    spec.data.path = bundledSamplePath();
    spec.data.sample = 2000;
    spec.model.params = {{"cv", 0}};
    const auto data = experiment::prepareData(spec.data, train::silentObserver());
    const auto result = experiment::runExperiment(spec, data, train::silentObserver());
    experiment::exportBundle(result, dir.path() / "bundle", "s140-logreg", "ui");
    return dir.path() / "bundle";
  }();
  return bundle;
}

struct Output {
  int code = -1;
  QByteArray out;
};

Output run(const QString& program, const QStringList& arguments) {
  QProcess p;
  p.setProgram(program);
  p.setArguments(arguments);
  p.start();
  p.waitForFinished(120000);
  return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
          p.readAllStandardOutput() + p.readAllStandardError()};
}

const QString kCli = QStringLiteral(TWEETLAB_BINARY_DIR "/app/cli/tweetlab-cli");

class TargetWorkflowTest : public WorkbenchFixture {
 protected:
  void SetUp() override { openWindow(/*recordRuns=*/false); }

  std::shared_ptr<const experiment::PreparedData> waitForData(const std::function<void()>& act) {
    std::shared_ptr<const experiment::PreparedData> got;
    auto c = QObject::connect(window_->dataPage(), &DataPage::dataReady,
                              [&got](auto prepared) { got = prepared; });
    act();
    EXPECT_TRUE(waitUntil([&] { return got != nullptr; }, 60000));
    QObject::disconnect(c);
    return got;
  }
};

TEST_F(TargetWorkflowTest, FeedbackAddedOnTheDataPageReachesTheTrainingPartOnly) {
  const auto base = waitForData([&] { window_->dataPage()->openBundledSample(); });
  ASSERT_TRUE(base);
  const auto valDigest = data::datasetDigest(base->split.val);
  const auto testDigest = data::datasetDigest(base->split.test);

  // A tester's log: 30 target tweets judged, and one Sentiment140 validation tweet.
  const auto logFile = dataDir_.path() / "feedback.jsonl";
  {
    telemetry::FeedbackLog log(logFile);
    auto verdict = [](const std::string& text, bool positive) {
      telemetry::FeedbackRecord r;
      r.id = text.substr(0, 8);
      r.receivedAt = "2024-05-01T10:00:00.000Z";
      r.text = text;
      r.predicted = positive ? "positive" : "negative";
      r.accepted = true;
      return r;
    };
    for (std::size_t i = 0; i < 30; ++i)
      log.append(verdict(targetTweets().rows[i].text, targetTweets().rows[i].label == 1));
    log.append(verdict(base->split.val.rows[0].text, true));
  }
  auto* panel = window_->dataPage()->sourcesPanel();
  const auto withFeedback = waitForData([&] {
    window_->dataPage()->addTrainingSource(QString::fromStdString(logFile.string()), 2.0);
  });
  ASSERT_TRUE(withFeedback);
  EXPECT_EQ(data::datasetDigest(withFeedback->split.val), valDigest);
  EXPECT_EQ(data::datasetDigest(withFeedback->split.test), testDigest);
  EXPECT_EQ(withFeedback->split.train.size(), base->split.train.size() + 30);
  ASSERT_EQ(withFeedback->composition.parts.size(), 2u);
  EXPECT_EQ(withFeedback->composition.parts[1].leftOutOverlap, 1u);
  EXPECT_EQ(panel->sourcesTable()->item(0, 3)->text(), "30");
  EXPECT_TRUE(panel->sourcesTable()->item(0, 4)->text().contains("1 in validation/test"));
  EXPECT_EQ(panel->sourcesTable()->item(0, 2)->text(), "feedback");
  // The Train page says what the model will learn from.
  const auto composition = window_->trainPage()->compositionLabel()->text();
  EXPECT_TRUE(composition.contains("feedback.jsonl: 30 rows")) << composition.toStdString();
  EXPECT_TRUE(composition.contains("weight 2")) << composition.toStdString();

  // A named target set: the run is scored on it and the Runs table can sort by it.
  const auto withSet = waitForData([&] {
    window_->dataPage()->addEvaluationSet(
        "target", QString::fromStdString(testing::targetSamplePath().string()));
  });
  ASSERT_EQ(withSet->evalSets.size(), 1u);
  window_->trainPage()->selectFamily("logreg");
  ASSERT_TRUE(window_->trainPage()->paramsForm()->setValue("cv", 0));
  bool tracked = false;
  QObject::connect(window_->runTracking(), &RunTracking::runTracked, [&] { tracked = true; });
  window_->trainPage()->start();
  // Tracked on the worker, shown on the GUI thread: wait for both.
  ASSERT_TRUE(
      waitUntil([&] { return tracked && window_->trainPage()->lastResult() != nullptr; }, 120000));
  const auto* result = window_->trainPage()->lastResult();
  ASSERT_NE(result, nullptr);
  ASSERT_EQ(result->evaluations.size(), 1u);
  EXPECT_EQ(result->evaluations[0].metrics.count, 600u);

  window_->runsPage()->refresh();
  auto* table = window_->runsPage()->findChild<QTableView*>("runsTable");
  ASSERT_NE(table, nullptr);
  auto* proxy = qobject_cast<QSortFilterProxyModel*>(table->model());
  ASSERT_NE(proxy, nullptr);
  auto* model = qobject_cast<RunsTableModel*>(proxy->sourceModel());
  ASSERT_TRUE(
      waitUntil([&] { return model && model->columnOf("target_balanced_accuracy") >= 0; }, 20000));
  const int column = model->columnOf("target_balanced_accuracy");
  EXPECT_EQ(proxy->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString(),
            "target_balanced_accuracy");
  EXPECT_GE(model->columnOf("target_roc_auc"), 0);
  EXPECT_GE(model->columnOf("target_ece"), 0);
  table->sortByColumn(column, Qt::DescendingOrder);
  const auto shown = proxy->data(proxy->index(0, column), Qt::UserRole).toDouble();
  EXPECT_DOUBLE_EQ(shown, result->evaluations[0].metrics.balancedAccuracy);
}

TEST_F(TargetWorkflowTest, ACalibratedBundleAnswersTheSameInTheWorkbenchTheCliAndTheApi) {
  // Calibrate on the Target page, with the first 300 target tweets.
  const auto labelled = dataDir_.path() / "labelled.csv";
  data::Dataset first;
  for (std::size_t i = 0; i < 300; ++i) first.rows.push_back(targetTweets().rows[i]);
  data::writeCsv(labelled, first);
  auto* page = window_->targetPage();
  page->setBundle(QString::fromStdString(sourceBundle().string()));
  page->setTargetFile(QString::fromStdString(labelled.string()));
  const auto calibratedDir = dataDir_.path() / "calibrated";
  page->setCalibration("platt", "balanced", {}, QString::fromStdString(calibratedDir.string()));
  QString evaluatedRun;
  QObject::connect(page, &TargetPage::evaluated, [&](const QString& id) { evaluatedRun = id; });
  page->calibrate();
  // Calibrating evaluates the new bundle on the same tweets: before and after side by side.
  ASSERT_TRUE(waitUntil([&] { return !evaluatedRun.isEmpty(); }, 60000))
      << page->findChild<QLabel*>("targetStatus")->text().toStdString();
  ASSERT_NE(page->lastEvaluation(), nullptr);
  ASSERT_TRUE(page->lastEvaluation()->sets[0].before.has_value());
  EXPECT_LT(page->lastEvaluation()->sets[0].evaluation.reliability.expectedCalibrationError,
            page->lastEvaluation()->sets[0].before->reliability.expectedCalibrationError);

  QStringList texts;
  for (std::size_t i = 300; i < 340; ++i)
    texts << QString::fromStdString(targetTweets().rows[i].text).simplified();
  bool predicted = false;
  QObject::connect(page, &TargetPage::predicted, [&] { predicted = true; });
  page->predictTexts(texts);
  ASSERT_TRUE(waitUntil([&] { return predicted; }, 30000));
  const auto gui = page->lastPredictions();
  ASSERT_EQ(gui.size(), static_cast<std::size_t>(texts.size()));

  // The command line.
  QStringList cliArgs{"predict", "--bundle", QString::fromStdString(calibratedDir.string()),
                      "--json"};
  cliArgs += texts;
  const auto cli = run(kCli, cliArgs);
  ASSERT_EQ(cli.code, 0) << cli.out.toStdString();
  const auto cliJson = QJsonDocument::fromJson(cli.out.mid(cli.out.indexOf('['))).array();
  ASSERT_EQ(cliJson.size(), texts.size());

  // The API.
  QProcess serve;
  serve.setProgram(QStringLiteral(TWEETLAB_BINARY_DIR "/app/serve/tweetlab-serve"));
  serve.setArguments({"--bundle", QString::fromStdString(calibratedDir.string()), "--host",
                      "127.0.0.1", "--port", "0", "--feedback-log",
                      QString::fromStdString((dataDir_.path() / "serve.jsonl").string())});
  serve.start();
  int port = 0;
  QByteArray log;
  ASSERT_TRUE(waitUntil(
      [&] {
        log += serve.readAllStandardError();
        for (const auto& line : log.split('\n')) {
          const auto doc = QJsonDocument::fromJson(line);
          if (doc.isObject() && doc["msg"].toString() == "listening") port = doc["port"].toInt();
        }
        return port > 0;
      },
      30000))
      << log.toStdString();
  QNetworkAccessManager http;
  auto get = [&](const QString& path, const QByteArray& body = {}) {
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    QNetworkReply* reply = body.isEmpty() ? http.get(request) : http.post(request, body);
    waitUntil([&] { return reply->isFinished(); }, 20000);
    const auto doc = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return doc;
  };
  // The server listens before its model is loaded: wait until it is ready.
  ASSERT_TRUE(waitUntil([&] { return get("/ready")["status"].toString() == "ready"; }, 30000));
  const auto version = get("/version");
  EXPECT_TRUE(version["model"]["calibration"]["summary"].toString().startsWith("platt"))
      << QJsonDocument(version).toJson().toStdString();
  EXPECT_DOUBLE_EQ(version["model"]["threshold"].toDouble(),
                   page->lastEvaluation()->manifest.threshold);
  for (int i = 0; i < texts.size(); ++i) {
    const auto api = get("/predict", QJsonDocument(QJsonObject{{"text", texts[i]}}).toJson());
    const auto& g = gui[static_cast<std::size_t>(i)];
    const auto c = cliJson[i].toObject();
    EXPECT_NEAR(api["probability_positive"].toDouble(), g.probabilityPositive, 1e-12) << i;
    EXPECT_NEAR(c["p_positive"].toDouble(), g.probabilityPositive, 1e-12) << i;
    EXPECT_EQ(api["sentiment"].toString().toStdString(), g.sentiment) << i;
    EXPECT_EQ(c["sentiment"].toString().toStdString(), g.sentiment) << i;
  }
  serve.terminate();
  serve.waitForFinished(10000);
}

TEST_F(TargetWorkflowTest, LabelNextQueueWritesTheTestersLabelsToTheFeedbackLog) {
  const auto pool = dataDir_.path() / "pool.txt";
  {
    std::ofstream out(pool);
    for (std::size_t i = 0; i < 200; ++i) out << targetTweets().rows[i].text << "\n";
  }
  auto* queue = window_->tryPage()->labelQueue();
  queue->setBundle(QString::fromStdString(sourceBundle().string()));
  queue->setPool(QString::fromStdString(pool.string()));
  queue->setStrategy("uncertainty");
  queue->setSize(5);
  int ranked = -1;
  QObject::connect(queue, &LabelQueue::ranked, [&](int n) { ranked = n; });
  queue->rank();
  ASSERT_TRUE(waitUntil([&] { return ranked >= 0; }, 30000));
  ASSERT_EQ(ranked, 5);
  // The first tweet shown is the one the model is least sure about.
  const auto& first = queue->suggestions().front();
  for (const auto& s : queue->suggestions()) EXPECT_LE(first.margin, s.margin);

  std::vector<std::pair<std::string, int>> given;
  int written = 0;
  QObject::connect(queue, &LabelQueue::labelled, [&] { ++written; });
  given.emplace_back(queue->currentText().toStdString(), 1);
  queue->labelPositive();
  given.emplace_back(queue->currentText().toStdString(), 0);
  queue->labelNegative();
  queue->skip();
  given.emplace_back(queue->currentText().toStdString(), 0);
  queue->labelNegative();
  EXPECT_EQ(queue->remaining(), 1);
  ASSERT_TRUE(waitUntil([&] { return written == 3; }, 10000));
  // Read back as training data: exactly the tester's labels (the writes run in parallel, so the
  // log's order is not the labelling order).
  const auto loaded = sources::loadFeedbackLog(AppSettings().feedbackLogPath().toStdString());
  std::map<std::string, int> read;
  for (const auto& row : loaded.dataset.rows) read[row.text] = row.label;
  EXPECT_EQ(read, (std::map<std::string, int>(given.begin(), given.end())));
}

TEST_F(TargetWorkflowTest, TheLearningCurveDrawsOneLinePerStrategy) {
  waitForData([&] { window_->dataPage()->openBundledSample(); });
  window_->trainPage()->selectFamily("logreg");
  ASSERT_TRUE(window_->trainPage()->paramsForm()->setValue("cv", 0));
  auto* curve = window_->targetPage()->curvePanel();
  curve->setTargetFile(QString::fromStdString(testing::targetSamplePath().string()));
  curve->setBudgets("0,20,60");
  curve->setRepeats(1);
  curve->setTestRows(200);
  curve->setCalibrationLabels(40);
  curve->setStrategies(true, true, false);
  int points = -1;
  QObject::connect(curve, &CurvePanel::finished, [&](int n) { points = n; });
  curve->start();
  ASSERT_TRUE(waitUntil([&] { return points >= 0; }, 180000))
      << curve->findChild<QLabel*>("curveStatus")->text().toStdString();
  // 0, 20, 60 for random and uncertainty, and the target-only model at 20 and 60.
  EXPECT_EQ(points, 8);
  int lines = 0;
  for (auto* s : curve->chartView()->chart()->series()) {
    if (qobject_cast<QLineSeries*>(s) && !s->name().isEmpty()) ++lines;
  }
  EXPECT_EQ(lines, 3);  // random, uncertainty, target only
  EXPECT_EQ(curve->table()->rowCount(), 8);
  // Each point is a run in the store (the base-only model once).
  ASSERT_TRUE(waitUntil([&] { return window_->runTracking()->store()->list().size() == 7; }, 20000))
      << window_->runTracking()->store()->list().size();
}

// Quitting while a learning curve runs: the window asks, stops the curve and closes once its last
// point is tracked. Before, it closed at once and its pages then waited for the curve's worker,
// which was waiting for the GUI thread to draw its plots: the application hung on quit.
TEST_F(TargetWorkflowTest, QuittingDuringALearningCurveStopsItAndThenCloses) {
  waitForData([&] { window_->dataPage()->openBundledSample(); });
  window_->trainPage()->selectFamily("logreg");
  ASSERT_TRUE(window_->trainPage()->paramsForm()->setValue("cv", 0));
  auto* curve = window_->targetPage()->curvePanel();
  curve->setTargetFile(QString::fromStdString(testing::targetSamplePath().string()));
  curve->setBudgets("0,20,40,60,80,100");
  curve->setRepeats(3);
  curve->setTestRows(200);
  curve->setStrategies(true, true, false);
  bool cancelled = false;
  QObject::connect(curve, &CurvePanel::cancelled, [&] { cancelled = true; });
  curve->start();
  ASSERT_TRUE(curve->isRunning());

  QString question;
  testing::answerNextDialog([&](QWidget* dialog) {
    auto* box = qobject_cast<QMessageBox*>(dialog);
    ASSERT_NE(box, nullptr);
    question = box->text();
    box->button(QMessageBox::Yes)->click();
  });
  EXPECT_FALSE(window_->close());  // not yet: the curve is stopping
  EXPECT_TRUE(question.contains("learning curve")) << question.toStdString();
  EXPECT_TRUE(window_->isVisible());
  ASSERT_TRUE(waitUntil([&] { return !window_->isVisible(); }, 120000))
      << "the window never closed after the curve stopped";
  EXPECT_FALSE(curve->isRunning());
  EXPECT_TRUE(cancelled);
  window_.reset();  // returns: no worker is left waiting for the GUI thread
}

}  // namespace
}  // namespace tweetlab::ui
