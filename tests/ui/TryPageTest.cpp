// The Try and Monitoring pages against a real tweetlab-serve over loopback: predict, judge,
// local feedback log, the API's /feedback route, the local 3-in-5-minutes alert, export of the
// verdicts as training data, and plain errors when the API is unreachable or answers badly.
#include <gtest/gtest.h>

#include <QDateTime>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <set>

#include "core/common/Resources.h"
#include "core/experiment/Experiment.h"
#include "core/telemetry/FeedbackLog.h"
#include "tests/support/AppInsightsTestServer.h"
#include "tests/ui/WorkbenchFixture.h"
#include "ui/workbench/MonitoringPage.h"
#include "ui/workbench/TryPage.h"

namespace tweetlab::ui {
namespace {

using testing::waitUntil;

// A small real bundle, trained once for the whole suite.
const std::filesystem::path& bundleDir() {
  static testing::TempDir dir;
  static const std::filesystem::path bundle = [] {
    experiment::ExperimentSpec spec;
    spec.data.path = bundledSamplePath();
    spec.data.sample = 1000;
    spec.model.family = "logreg";
    spec.model.params = {{"cv", 0}};
    const auto data = experiment::prepareData(spec.data, train::silentObserver());
    const auto result = experiment::runExperiment(spec, data, train::silentObserver());
    experiment::exportBundle(result, dir.path() / "bundle", "tweetlab-logreg", "ui-test");
    return dir.path() / "bundle";
  }();
  return bundle;
}

// tweetlab-serve on a free port; stopped (SIGTERM) with the test.
class ServeProcess {
 public:
  explicit ServeProcess(const std::filesystem::path& feedbackLog) {
    process_.setProgram(QStringLiteral(TWEETLAB_BINARY_DIR "/app/serve/tweetlab-serve"));
    process_.setArguments({"--bundle", QString::fromStdString(bundleDir().string()), "--host",
                           "127.0.0.1", "--port", "0", "--feedback-log",
                           QString::fromStdString(feedbackLog.string())});
    process_.start();
    // The server logs one JSON line per event on stderr; the "listening" one has the port. It
    // listens before the model is loaded (answering 503 not_ready until then), and a test that
    // predicts at once must not race the load: wait for "model loaded" too.
    bool loaded = false;
    waitUntil(
        [&] {
          buffer_ += process_.readAllStandardError();
          for (const auto& line : buffer_.split('\n')) {
            const auto doc = QJsonDocument::fromJson(line);
            if (!doc.isObject()) continue;
            if (doc["msg"].toString() == "listening") port_ = doc["port"].toInt();
            if (doc["msg"].toString() == "model loaded") loaded = true;
          }
          return (port_ > 0 && loaded) || process_.state() == QProcess::NotRunning;
        },
        30000);
  }
  ~ServeProcess() {
    process_.terminate();
    process_.waitForFinished(10000);
  }
  QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(port_); }
  int port() const { return port_; }
  QByteArray log() const { return buffer_; }

 private:
  QProcess process_;
  QByteArray buffer_;
  int port_ = 0;
};

class TryPageTest : public WorkbenchFixture {
 protected:
  void SetUp() override { openWindow(/*recordRuns=*/true); }

  void configure(const QString& url, const QString& route, const QString& connectionString = {}) {
    AppSettings settings;
    settings.setApiUrl(url);
    settings.setFeedbackRoute(route);
    settings.setAppInsightsConnectionString(connectionString);
    window_->tryPage()->reloadSettings();
  }

  // Types a tweet, presses Predict and waits for the answer (or the error).
  void predict(const QString& text) {
    auto* page = window_->tryPage();
    page->findChild<QPlainTextEdit*>("tweetText")->setPlainText(text);
    auto* correct = page->findChild<QPushButton*>("correctButton");
    auto* error = page->findChild<QLabel*>("error");
    error->clear();
    page->findChild<QPushButton*>("predictButton")->click();
    ASSERT_TRUE(waitUntil([&] { return correct->isEnabled() || !error->text().isEmpty(); }, 20000));
  }

  std::size_t logged() {
    const auto file = std::filesystem::path(AppSettings().feedbackLogPath().toStdString());
    std::error_code ec;
    return std::filesystem::exists(file, ec) ? telemetry::FeedbackLog::readAll(file).records.size()
                                             : 0;
  }
};

TEST_F(TryPageTest, PredictJudgeAlertAndExport) {
  ServeProcess serve(dataDir_.path() / "server-feedback.jsonl");
  ASSERT_GT(serve.port(), 0) << serve.log().toStdString();
  configure(serve.url(), "local");
  auto* page = window_->tryPage();

  predict("I love this, best day ever!! :)");
  EXPECT_TRUE(page->findChild<QLabel*>("error")->text().isEmpty())
      << page->findChild<QLabel*>("error")->text().toStdString();
  EXPECT_TRUE(page->findChild<QLabel*>("sentiment")->text().contains("positive"));
  const int confidence = page->findChild<QProgressBar*>("confidence")->value();
  EXPECT_GE(confidence, 50);
  EXPECT_LE(confidence, 100);
  EXPECT_TRUE(page->findChild<QLabel*>("modelInfo")->text().contains("tweetlab-logreg"));
  page->markCorrect();

  // Three rejections within the window raise the local alert, once.
  int alerts = 0;
  QObject::connect(page, &TryPage::alertRaised, [&alerts] { ++alerts; });
  for (const auto* text :
       {"worst service, so angry", "my phone broke again :(", "rain all day, hate it"}) {
    predict(text);
    page->markWrong();
  }
  EXPECT_EQ(alerts, 1);
  EXPECT_FALSE(page->findChild<QLabel*>("alertBanner")->isHidden());
  EXPECT_EQ(page->session().predictions, 4);
  EXPECT_EQ(page->session().accepted, 1);
  EXPECT_EQ(page->session().rejected, 3);
  EXPECT_TRUE(page->findChild<QLabel*>("sessionCounts")->text().contains("25.0%"));

  // Every verdict is in the local log; the Monitoring page replays the same alert from it.
  ASSERT_TRUE(waitUntil([&] { return logged() == 4; }, 10000))
      << logged() << " " << page->findChild<QLabel*>("error")->text().toStdString() << " "
      << AppSettings().feedbackLogPath().toStdString();
  auto* monitoring = window_->monitoringPage();
  bool refreshed = false;
  QObject::connect(monitoring, &MonitoringPage::refreshed, [&refreshed] { refreshed = true; });
  monitoring->refresh();
  ASSERT_TRUE(waitUntil([&] { return refreshed && monitoring->bucketCount() >= 1; }, 10000));
  EXPECT_EQ(monitoring->alertCount(), 1);

  // The verdicts become training data: exported with the tester's labels and added to the
  // analyst's current dataset (its training part only), which stays the dataset with its sampling.
  loadSample();
  const auto sample = window_->dataPage()->preparedData()->spec;
  const auto validationRows = window_->dataPage()->preparedData()->split.val.size();
  const auto trainingRows = window_->dataPage()->preparedData()->split.train.size();
  const auto csv = QString::fromStdString((dataDir_.path() / "feedback.csv").string());
  std::shared_ptr<const experiment::PreparedData> joined;
  QObject::connect(window_->dataPage(), &DataPage::dataReady, [&joined](auto data) {
    if (data->composition.hasAddedSources()) joined = data;
  });
  page->exportFeedback(csv);
  ASSERT_TRUE(waitUntil([&] { return joined != nullptr; }, 20000));
  EXPECT_EQ(joined->spec.path, sample.path);
  EXPECT_EQ(joined->spec.sample, sample.sample);
  ASSERT_EQ(joined->composition.parts.size(), 2u);
  EXPECT_EQ(joined->composition.parts[1].rows, 4u);
  EXPECT_EQ(joined->split.val.size(), validationRows);  // validation and test stay the dataset's
  EXPECT_EQ(joined->split.train.size(), trainingRows + 4);
  const auto exported = data::loadDataset(csv.toStdString()).dataset;
  ASSERT_EQ(exported.size(), 4u);
  // The tester's label: an accepted prediction keeps its label, a rejected one flips.
  const auto records =
      telemetry::FeedbackLog::readAll(AppSettings().feedbackLogPath().toStdString()).records;
  ASSERT_EQ(records.size(), 4u);
  for (std::size_t i = 0; i < records.size(); ++i) {
    const int predicted = records[i].predicted == "positive" ? 1 : 0;
    EXPECT_EQ(exported.rows[i].text, records[i].text);
    EXPECT_EQ(exported.rows[i].label, records[i].accepted ? predicted : 1 - predicted);
  }
}

TEST_F(TryPageTest, FeedbackThroughTheApiIsStoredByTheServer) {
  const auto serverLog = dataDir_.path() / "server-feedback.jsonl";
  ServeProcess serve(serverLog);
  ASSERT_GT(serve.port(), 0);
  configure(serve.url(), "api");
  auto* page = window_->tryPage();
  QString stored;
  QObject::connect(page, &TryPage::statusMessage, [&stored](const QString& m) {
    if (m.contains("stored by the API")) stored = m;
  });
  predict("what a lovely morning");
  page->markWrong();
  ASSERT_TRUE(waitUntil([&] { return !stored.isEmpty(); }, 10000));
  const auto records = telemetry::FeedbackLog::readAll(serverLog).records;
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].text, "what a lovely morning");
  EXPECT_FALSE(records[0].accepted);
  EXPECT_EQ(records[0].modelName, "tweetlab-logreg");
  EXPECT_EQ(records[0].modelVersion, "ui-test");
  ASSERT_TRUE(waitUntil([&] { return logged() == 1; }, 10000)) << "the local log keeps a copy";
}

TEST_F(TryPageTest, DirectRouteSendsRejectionTracesAndValidationEventsToApplicationInsights) {
  testing::AppInsightsTestServer ingestion;
  ServeProcess serve(dataDir_.path() / "server-feedback.jsonl");
  ASSERT_GT(serve.port(), 0);
  configure(serve.url(), "direct", QString::fromStdString(ingestion.connectionString()));
  auto* page = window_->tryPage();
  predict("flight delayed three hours, thanks a lot");
  page->markWrong();
  predict("sunny day at the beach :)");
  page->markCorrect();

  // The ingestion stand-in validates every envelope against the captured SDK schema.
  // A verdict is queued for sending once the log has it, on the GUI thread: wait with its event
  // loop running (ingestion.waitForAccepted would block it, and the second verdict with it).
  ASSERT_TRUE(waitUntil([&] { return ingestion.accepted().size() >= 2; }, 20000))
      << ingestion.accepted().size() << " of 2 arrived";
  const auto items = ingestion.accepted();
  ASSERT_EQ(items.size(), 2u);
  const auto& trace = items[0]["data"]["baseData"];
  EXPECT_EQ(items[0]["data"]["baseType"], "MessageData");
  EXPECT_EQ(trace["message"], "prediction rejected");
  EXPECT_EQ(trace["severityLevel"], 2);  // Warning
  EXPECT_EQ(trace["properties"]["tweet_text"], "flight delayed three hours, thanks a lot");
  EXPECT_FALSE(trace["properties"]["predicted_label"].get<std::string>().empty());
  EXPECT_FALSE(trace["properties"]["score"].get<std::string>().empty());
  EXPECT_EQ(trace["properties"]["model_name"], "tweetlab-logreg");
  EXPECT_EQ(trace["properties"]["model_version"], "ui-test");
  EXPECT_EQ(trace["properties"]["api_url"], serve.url().toStdString());
  EXPECT_FALSE(trace["properties"]["app_version"].get<std::string>().empty());
  EXPECT_EQ(items[0]["tags"]["ai.cloud.role"], "tweetlab");
  EXPECT_EQ(items[1]["data"]["baseType"], "EventData");
  EXPECT_EQ(items[1]["data"]["baseData"]["name"], "prediction_validated");
  ASSERT_TRUE(waitUntil(
      [&] { return page->findChild<QLabel*>("deliveryStatus")->text().contains("accepted"); },
      10000));
  ASSERT_TRUE(waitUntil([&] { return logged() == 2; }, 10000))
      << "the local log keeps every verdict";
}

TEST_F(TryPageTest, RejectionsMadeWhileApplicationInsightsIsDownArriveAfterARestart) {
  testing::AppInsightsTestServer ingestion;
  ServeProcess serve(dataDir_.path() / "server-feedback.jsonl");
  ASSERT_GT(serve.port(), 0);
  const auto connection = QString::fromStdString(ingestion.connectionString());
  configure(serve.url(), "direct", connection);
  predict("worst update ever, everything is broken");
  ingestion.stop();  // connection refused from now on
  window_->tryPage()->markWrong();
  ASSERT_TRUE(waitUntil([&] { return logged() == 1; }, 10000));
  window_.reset();  // the app quits while the service is down: the trace goes to the offline queue
  EXPECT_TRUE(ingestion.accepted().empty());

  ingestion.start();
  openWindow(/*recordRuns=*/true);
  configure(serve.url(), "direct", connection);
  ASSERT_TRUE(ingestion.waitForAccepted(1, std::chrono::seconds(20)))
      << "the queued trace never arrived";
  const auto items = ingestion.accepted();
  ASSERT_EQ(items.size(), 1u) << "sent once";
  EXPECT_EQ(items[0]["data"]["baseData"]["properties"]["tweet_text"],
            "worst update ever, everything is broken");
}

// Issue 14 item 7: the direct route's queue is visible on the Try and Monitoring pages.
TEST_F(TryPageTest, TheDeliveryQueueIsShownOnTheTryAndMonitoringPages) {
  testing::AppInsightsTestServer ingestion;
  ServeProcess serve(dataDir_.path() / "server-feedback.jsonl");
  ASSERT_GT(serve.port(), 0);
  configure(serve.url(), "direct", QString::fromStdString(ingestion.connectionString()));
  auto* tryQueue = window_->tryPage()->findChild<QLabel*>("deliveryQueue");
  auto* monitoringQueue = window_->monitoringPage()->findChild<QLabel*>("deliveryQueue");
  ASSERT_TRUE(tryQueue && monitoringQueue);
  EXPECT_TRUE(tryQueue->text().contains("healthy")) << tryQueue->text().toStdString();
  EXPECT_EQ(monitoringQueue->text(), tryQueue->text());

  ingestion.stop();
  predict("the app crashed again");
  window_->tryPage()->markWrong();
  ASSERT_TRUE(waitUntil([&] { return tryQueue->text().contains("unreachable"); }, 20000))
      << tryQueue->text().toStdString();
  EXPECT_TRUE(tryQueue->property("problem").toBool());
  EXPECT_TRUE(tryQueue->text().contains("1 item")) << tryQueue->text().toStdString();
  EXPECT_EQ(monitoringQueue->text(), tryQueue->text());
  EXPECT_TRUE(monitoringQueue->property("problem").toBool());
  EXPECT_FALSE(monitoringQueue->isHidden());

  ingestion.start();
  ASSERT_TRUE(ingestion.waitForAccepted(1, std::chrono::seconds(30)));
  ASSERT_TRUE(waitUntil([&] { return tryQueue->text().contains("healthy"); }, 20000))
      << tryQueue->text().toStdString();
  EXPECT_FALSE(monitoringQueue->property("problem").toBool());
}

// Issue 14 item 6, the Try page's direct route: verdicts stored in the log but still in memory
// when the app was killed (marked for Application Insights, not in the delivery ledger) are sent
// when the route starts again, once.
TEST_F(TryPageTest, VerdictsAKilledSessionStoredButNeverSentArriveOnce) {
  testing::AppInsightsTestServer ingestion;
  const auto file = std::filesystem::path(AppSettings().feedbackLogPath().toStdString());
  {
    telemetry::FeedbackLog log(file);
    for (int i = 0; i < 3; ++i) {
      telemetry::FeedbackRecord r;
      r.id = "killed-" + std::to_string(i);
      r.receivedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toStdString();
      r.text = "left in memory " + std::to_string(i);
      r.predicted = "positive";
      r.score = 0.7;
      r.forwardTo = "application-insights";
      log.append(r);
    }
  }
  configure("http://127.0.0.1:9", "direct", QString::fromStdString(ingestion.connectionString()));
  ASSERT_TRUE(ingestion.waitForAccepted(3, std::chrono::seconds(20)));
  // Reopened: nothing is sent twice.
  window_.reset();
  openWindow(/*recordRuns=*/true);
  configure("http://127.0.0.1:9", "direct", QString::fromStdString(ingestion.connectionString()));
  window_.reset();  // closes the route: anything it sent is flushed or queued by now
  std::set<std::string> ids;
  for (const auto& e : ingestion.accepted()) {
    ids.insert(e["data"]["baseData"]["properties"]["feedback_id"].get<std::string>());
  }
  EXPECT_EQ(ingestion.accepted().size(), 3u);
  EXPECT_EQ(ids, (std::set<std::string>{"killed-0", "killed-1", "killed-2"}));
}

// Issue 14 item 8: the Monitoring page's banner comes from the local log, so it fires while
// Application Insights is down (the Azure alerts fire later, by ingestion time).
TEST_F(TryPageTest, TheMonitoringBannerFiresWhileApplicationInsightsIsDown) {
  testing::AppInsightsTestServer ingestion;
  ServeProcess serve(dataDir_.path() / "server-feedback.jsonl");
  ASSERT_GT(serve.port(), 0);
  configure(serve.url(), "direct", QString::fromStdString(ingestion.connectionString()));
  ingestion.stop();
  auto* banner = window_->monitoringPage()->findChild<QLabel*>("alertBanner");
  ASSERT_TRUE(banner);
  EXPECT_TRUE(banner->isHidden());
  for (int i = 0; i < 3; ++i) {
    predict("nothing works " + QString::number(i));
    window_->tryPage()->markWrong();
  }
  ASSERT_TRUE(waitUntil([&] { return logged() == 3; }, 10000));
  ASSERT_TRUE(waitUntil([&] { return !banner->isHidden(); }, 10000));
  EXPECT_TRUE(banner->text().contains("3 rejected predictions")) << banner->text().toStdString();
  EXPECT_EQ(window_->monitoringPage()->alertCount(), 1);
  EXPECT_TRUE(ingestion.accepted().empty());
}

TEST_F(TryPageTest, UnreachableApiIsAPlainMessage) {
  configure("http://127.0.0.1:9", "local");  // discard port: nothing listens
  predict("hello");
  const auto error = window_->tryPage()->findChild<QLabel*>("error")->text();
  EXPECT_TRUE(error.contains("Cannot reach the API")) << error.toStdString();
  EXPECT_FALSE(window_->tryPage()->findChild<QPushButton*>("wrongButton")->isEnabled());
  configure("not a url", "local");
  predict("hello");
  EXPECT_TRUE(window_->tryPage()->findChild<QLabel*>("error")->text().contains("not valid"));
}

TEST(PredictionClient, InterpretsEveryKindOfAnswer) {
  QJsonObject out;
  EXPECT_TRUE(
      PredictionClient::interpret(200, 0, {}, R"({"sentiment":"positive","score":0.9})", out)
          .isEmpty());
  EXPECT_EQ(out["score"].toDouble(), 0.9);
  EXPECT_TRUE(
      PredictionClient::interpret(200, 0, {}, "<html>proxy</html>", out).contains("not JSON"));
  EXPECT_TRUE(PredictionClient::interpret(
                  400, 302, "Bad Request",
                  R"({"error":{"code":"invalid_request","message":"text is empty"}})", out)
                  .contains("text is empty"));
  EXPECT_TRUE(PredictionClient::interpret(502, 302, "Bad Gateway", "upstream down", out)
                  .contains("HTTP 502"));
  EXPECT_TRUE(
      PredictionClient::interpret(0, 4, "Operation timed out", {}, out).contains("in time"));
}

}  // namespace
}  // namespace tweetlab::ui
