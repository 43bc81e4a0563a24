// Every route and error path of tweetlab-serve, over real HTTP on loopback.
#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <regex>

#include "core/common/Version.h"
#include "core/telemetry/FeedbackLog.h"
#include "tests/integration/serve/ServeHarness.h"

namespace tweetlab::serve {
namespace {

using nlohmann::json;
using testing::ServeHarness;
using testing::testConfig;

json body(const httplib::Result& res) {
  return json::parse(res->body);
}

// Every failure answers {"error": {"code", "message"}} with a JSON content type.
void expectError(const httplib::Result& res, int status, const std::string& code) {
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, status) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  const auto j = json::parse(res->body, nullptr, false);
  ASSERT_TRUE(j.is_object()) << res->body;
  EXPECT_EQ(j["error"]["code"], code) << res->body;
  EXPECT_TRUE(j["error"]["message"].is_string());
  EXPECT_FALSE(j["error"]["message"].get<std::string>().empty());
}

class ServeApiTest : public ::testing::Test {
 protected:
  tweetlab::testing::TempDir dir_;
  std::filesystem::path feedbackFile() const { return dir_ / "feedback.jsonl"; }
};

TEST_F(ServeApiTest, PredictReturnsTheSameAnswerAsThePredictorWithTheModelIdentity) {
  ServeHarness serve(testConfig(feedbackFile()));
  const auto predictor = bundle::Predictor::load(testing::sampleBundle());
  for (const std::string text :
       {"I love this sunny day, best weekend ever", "my phone broke and I missed the bus, awful"}) {
    const auto res =
        serve.client().Post("/predict", json{{"text", text}}.dump(), "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
    const auto expected = predictor->predict(text);
    const auto j = body(res);
    EXPECT_EQ(j["sentiment"], expected.sentiment);
    EXPECT_EQ(j["label"], expected.label);
    EXPECT_DOUBLE_EQ(j["score"].get<double>(), expected.confidence);
    EXPECT_DOUBLE_EQ(j["probability_positive"].get<double>(), expected.probabilityPositive);
    EXPECT_EQ(j["model"], (json{{"name", "sentiment-logreg"}, {"version", "7"}}));
  }
}

TEST_F(ServeApiTest, BatchPredictKeepsTheOrderOfTheTexts) {
  ServeHarness serve(testConfig(feedbackFile()));
  const auto predictor = bundle::Predictor::load(testing::sampleBundle());
  const std::vector<std::string> texts{"happy happy joy", "this is the worst, I hate mondays",
                                       "lovely dinner with friends"};
  const auto res =
      serve.client().Post("/predict", json{{"texts", texts}}.dump(), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const auto j = body(res);
  ASSERT_EQ(j["predictions"].size(), texts.size());
  const auto expected = predictor->predict(texts);
  for (std::size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(j["predictions"][i]["sentiment"], expected[i].sentiment);
    EXPECT_DOUBLE_EQ(j["predictions"][i]["probability_positive"].get<double>(),
                     expected[i].probabilityPositive);
  }
  EXPECT_EQ(j["model"]["version"], "7");
}

TEST_F(ServeApiTest, HealthReadyAndVersion) {
  ServeHarness serve(testConfig(feedbackFile()));
  auto res = serve.client().Get("/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(body(res)["status"], "ok");

  res = serve.client().Get("/ready");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(body(res)["model"]["name"], "sentiment-logreg");

  res = serve.client().Get("/version");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  const auto v = body(res);
  EXPECT_EQ(v["version"], kVersion);
  EXPECT_EQ(v["git_commit"], kGitCommit);
  EXPECT_EQ(v["model"]["family"], "logreg");
  EXPECT_EQ(v["model"]["version"], "7");
  EXPECT_EQ(v["feedback_forwarding"], "none");
}

TEST_F(ServeApiTest, BeforeTheModelIsLoadedOnlyHealthSucceeds) {
  ServeHarness serve(testConfig(feedbackFile()), /*loadModel=*/false);
  EXPECT_EQ(serve.client().Get("/health")->status, 200);
  expectError(serve.client().Get("/ready"), 503, "not_ready");
  expectError(serve.client().Post("/predict", R"({"text":"hello"})", "application/json"), 503,
              "not_ready");
  serve.setModel();
  EXPECT_EQ(serve.client().Get("/ready")->status, 200);
  EXPECT_EQ(serve.client().Post("/predict", R"({"text":"hello"})", "application/json")->status,
            200);
}

TEST_F(ServeApiTest, MalformedRequestsAreJsonErrors) {
  ServeHarness serve(testConfig(feedbackFile()));
  auto c = serve.client();
  expectError(c.Post("/predict", R"({"text": "unterminated)", "application/json"), 400,
              "malformed_json");
  expectError(c.Post("/predict", "", "application/json"), 400, "malformed_json");
  expectError(c.Post("/predict", R"(["a list"])", "application/json"), 400, "invalid_request");
  expectError(c.Post("/predict", R"({"txt": "typo"})", "application/json"), 400, "invalid_request");
  expectError(c.Post("/predict", R"({"text": "a", "texts": ["b"]})", "application/json"), 400,
              "invalid_request");
  expectError(c.Post("/predict", R"({"text": 42})", "application/json"), 400, "invalid_request");
  expectError(c.Post("/predict", R"({"texts": "not a list"})", "application/json"), 400,
              "invalid_request");
  expectError(c.Post("/predict", R"({"texts": ["ok", 3]})", "application/json"), 400,
              "invalid_request");
  expectError(c.Post("/predict", R"({"texts": []})", "application/json"), 400, "empty_batch");
  expectError(c.Post("/predict", R"({"text": "   "})", "application/json"), 400, "empty_text");
}

// Issue #15 item 0: a 400 kB body nesting 200,000 arrays killed the server (SIGSEGV) when the
// handler copied the value. Nesting is bounded when the body is parsed.
TEST_F(ServeApiTest, DeeplyNestedJsonIsA400NotACrash) {
  auto config = testConfig(feedbackFile());
  config.limits.maxBodyBytes = 1 << 20;
  ServeHarness serve(config);
  auto c = serve.client();
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  expectError(c.Post("/feedback",
                     R"({"text": )" + deep + R"(, "predicted": "positive", "score": 0.5,)" +
                         R"( "accepted": false})",
                     "application/json"),
              400, "malformed_json");
  expectError(
      c.Post("/feedback", R"({"text": "hi", "predicted": )" + deep + "}", "application/json"), 400,
      "malformed_json");
  const auto res = c.Post("/predict", R"({"text": )" + deep + "}", "application/json");
  expectError(res, 400, "malformed_json");
  EXPECT_NE(json::parse(res->body)["error"]["message"].get<std::string>().find("deeper than 64"),
            std::string::npos);
  // Nesting that is merely unusual is still parsed and judged on its content.
  expectError(c.Post("/predict", R"({"text": [[["a"]]]})", "application/json"), 400,
              "invalid_request");
  EXPECT_EQ(c.Get("/health")->status, 200);
  EXPECT_EQ(c.Post("/predict", R"({"text": "still here"})", "application/json")->status, 200);
}

TEST_F(ServeApiTest, InvalidUtf8IsRejectedBeforeParsing) {
  ServeHarness serve(testConfig(feedbackFile()));
  auto c = serve.client();
  expectError(c.Post("/predict", "{\"text\": \"caf\xE9\"}", "application/json"), 400,
              "invalid_utf8");  // latin-1
  expectError(c.Post("/predict", "{\"text\": \"\xC0\xAF\"}", "application/json"), 400,
              "invalid_utf8");  // overlong
  expectError(c.Post("/predict", "{\"text\": \"\xED\xA0\x80\"}", "application/json"), 400,
              "invalid_utf8");  // surrogate
  expectError(c.Post("/predict", "{\"text\": \"\xF0\x9F\x98\"}", "application/json"), 400,
              "invalid_utf8");  // truncated
  const auto ok =
      c.Post("/predict", "{\"text\": \"caf\xC3\xA9 \xF0\x9F\x98\x80\"}", "application/json");
  EXPECT_EQ(ok->status, 200) << ok->body;
}

TEST_F(ServeApiTest, LimitsOnBodyTextAndBatch) {
  ServeHarness serve(testConfig(feedbackFile()));  // 64 KiB body, 280 characters, 16 texts
  auto c = serve.client();
  expectError(
      c.Post("/predict", json{{"text", std::string(70 * 1024, 'a')}}.dump(), "application/json"),
      413, "payload_too_large");
  expectError(c.Post("/predict", json{{"text", std::string(281, 'a')}}.dump(), "application/json"),
              400, "text_too_long");
  // The limit counts characters, not bytes: 280 two-byte characters are fine.
  std::string accented;
  for (int i = 0; i < 280; ++i) accented += "\xC3\xA9";
  EXPECT_EQ(c.Post("/predict", json{{"text", accented}}.dump(), "application/json")->status, 200);
  expectError(c.Post("/predict", json{{"texts", std::vector<std::string>(17, "hi")}}.dump(),
                     "application/json"),
              400, "batch_too_large");
  EXPECT_EQ(c.Post("/predict", json{{"texts", std::vector<std::string>(16, "hi")}}.dump(),
                   "application/json")
                ->status,
            200);
  // The server is still healthy after rejecting an oversized body.
  EXPECT_EQ(serve.client().Get("/health")->status, 200);
}

TEST_F(ServeApiTest, UnknownRoutesAre404AndWrongMethodsAre405WithAllow) {
  ServeHarness serve(testConfig(feedbackFile()));
  auto c = serve.client();
  expectError(c.Get("/nope"), 404, "not_found");
  expectError(c.Post("/predictions", "{}", "application/json"), 404, "not_found");
  const auto get = c.Get("/predict");
  expectError(get, 405, "method_not_allowed");
  EXPECT_EQ(get->get_header_value("Allow"), "POST");
  const auto post = c.Post("/health", "{}", "application/json");
  expectError(post, 405, "method_not_allowed");
  EXPECT_EQ(post->get_header_value("Allow"), "GET");
  expectError(c.Delete("/feedback"), 405, "method_not_allowed");
}

TEST_F(ServeApiTest, ApiKeyGuardsPredictAndFeedbackButNotProbes) {
  auto config = testConfig(feedbackFile());
  config.apiKey = "k3y-Only-The-Tester-Knows";
  ServeHarness serve(config);
  auto c = serve.client();
  const std::string predict = R"({"text":"good morning"})";
  const std::string feedback =
      R"({"text":"good morning","predicted":"positive","score":0.9,"accepted":true})";
  expectError(c.Post("/predict", predict, "application/json"), 401, "unauthorized");
  expectError(c.Post("/feedback", feedback, "application/json"), 401, "unauthorized");
  expectError(
      c.Post("/predict", {{"X-API-Key", "k3y-Only-The-Tester-Know"}}, predict, "application/json"),
      401, "unauthorized");
  expectError(c.Post("/predict", {{"X-API-Key", "k3y-Only-The-Tester-Knows!"}}, predict,
                     "application/json"),
              401, "unauthorized");
  EXPECT_EQ(c.Post("/predict", {{"X-API-Key", config.apiKey}}, predict, "application/json")->status,
            200);
  EXPECT_EQ(
      c.Post("/feedback", {{"X-API-Key", config.apiKey}}, feedback, "application/json")->status,
      201);
  EXPECT_EQ(c.Get("/health")->status, 200);
  EXPECT_EQ(c.Get("/ready")->status, 200);
  EXPECT_EQ(c.Get("/metrics")->status, 200);
  serve.stop();
  // Neither the right nor the wrong keys ever reach the log.
  EXPECT_EQ(serve.log().find("k3y-Only"), std::string::npos);
  EXPECT_NE(serve.log().find("\"status\":401"), std::string::npos);  // the access log is there
}

TEST_F(ServeApiTest, AccessLogHasOneJsonLinePerRequest) {
  ServeHarness serve(testConfig(feedbackFile()));
  serve.client().Get("/health");
  serve.client().Post("/predict", R"({"text":"hi there"})", "application/json");
  serve.stop();
  std::istringstream lines(serve.log());
  std::string line;
  std::vector<json> requests;
  while (std::getline(lines, line)) {
    const auto j = json::parse(line, nullptr, false);
    ASSERT_TRUE(j.is_object()) << line;
    if (j.value("msg", "") == "request") requests.push_back(j);
  }
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1]["path"], "/predict");
  EXPECT_EQ(requests[1]["method"], "POST");
  EXPECT_EQ(requests[1]["status"], 200);
  EXPECT_TRUE(requests[1]["duration_ms"].is_number());
  EXPECT_TRUE(requests[1]["ts"].is_string());
}

TEST_F(ServeApiTest, MetricsCountRequestsByRouteAndStatusLatencyAndPredictionsByLabel) {
  ServeHarness serve(testConfig(feedbackFile()));
  auto c = serve.client();
  const auto predictor = bundle::Predictor::load(testing::sampleBundle());
  const std::vector<std::string> texts{"love it", "hate it", "so happy today", "worst day",
                                       "great game"};
  std::map<std::string, int> expectedLabels;
  for (const auto& p : predictor->predict(texts)) ++expectedLabels[p.sentiment];
  ASSERT_EQ(c.Post("/predict", json{{"texts", texts}}.dump(), "application/json")->status, 200);
  ASSERT_EQ(c.Post("/predict", R"({"text":"love it"})", "application/json")->status, 200);
  ++expectedLabels[predictor->predict(std::string("love it")).sentiment];
  c.Post("/predict", "{", "application/json");
  c.Get("/nope");
  c.Get("/nope/either");
  c.Get("/predict");

  const auto res = c.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  const auto& text = res->body;
  const auto value = [&text](const std::string& series) -> long {
    const auto at = text.find(series + " ");
    if (at == std::string::npos) return -1;
    return std::stol(text.substr(at + series.size() + 1));
  };
  EXPECT_EQ(value(R"(tweetlab_http_requests_total{route="/predict",method="POST",status="200"})"),
            2);
  EXPECT_EQ(value(R"(tweetlab_http_requests_total{route="/predict",method="POST",status="400"})"),
            1);
  EXPECT_EQ(value(R"(tweetlab_http_requests_total{route="other",method="GET",status="404"})"), 2);
  EXPECT_EQ(value(R"(tweetlab_http_requests_total{route="/predict",method="GET",status="405"})"),
            1);
  EXPECT_EQ(value(R"(tweetlab_http_request_duration_seconds_count{route="/predict"})"), 4);
  EXPECT_EQ(value(R"(tweetlab_http_request_duration_seconds_bucket{route="/predict",le="+Inf"})"),
            4);
  for (const auto& [label, count] : expectedLabels) {
    EXPECT_EQ(value("tweetlab_predictions_total{sentiment=\"" + label + "\"}"), count) << label;
  }
  EXPECT_NE(text.find("# TYPE tweetlab_http_request_duration_seconds histogram"),
            std::string::npos);
  // Buckets are cumulative.
  long previous = 0;
  std::regex bucket(
      R"(tweetlab_http_request_duration_seconds_bucket\{route="/predict",le="[^"]+"\} (\d+))");
  for (std::sregex_iterator it(text.begin(), text.end(), bucket), end; it != end; ++it) {
    const long v = std::stol((*it)[1]);
    EXPECT_GE(v, previous);
    previous = v;
  }
  EXPECT_EQ(previous, 4);
}

TEST_F(ServeApiTest, AStalledClientIsDisconnectedAfterTheReadTimeoutAndDoesNotBlockOthers) {
  auto config = testConfig(feedbackFile());
  config.readTimeoutSeconds = 1;
  config.threads = 2;
  ServeHarness serve(config);
  // Headers promise a body that never comes.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(serve.port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  const std::string partial =
      "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"text\":";
  ASSERT_EQ(::send(fd, partial.data(), partial.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(partial.size()));
  EXPECT_EQ(serve.client().Get("/health")->status, 200);  // the other worker still answers
  timeval guard{20, 0};  // only so a regression fails instead of hanging
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &guard, sizeof guard);
  char buffer[512];
  ssize_t n = 0;
  std::string reply;
  while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0)
    reply.append(buffer, static_cast<std::size_t>(n));
  EXPECT_EQ(n, 0) << "the server should close the stalled connection";
  EXPECT_EQ(reply.find("200 OK"), std::string::npos) << reply;
  ::close(fd);
}

TEST_F(ServeApiTest, ConcurrentClientsGetTheSameAnswersAsThePredictor) {
  ServeHarness serve(testConfig(feedbackFile()));
  const auto fixture = tweetlab::testing::sampleTweets(200, 5);
  const auto predictor = bundle::Predictor::load(testing::sampleBundle());
  const auto expected = predictor->predict(fixture.raw);
  constexpr int kThreads = 12;
  std::atomic<int> mismatches{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto c = serve.client();
      c.set_keep_alive(t % 2 == 0);  // both reused and fresh connections
      for (std::size_t i = static_cast<std::size_t>(t % (kThreads / 2)); i < fixture.raw.size();
           i += kThreads / 2) {
        const auto res =
            c.Post("/predict", json{{"text", fixture.raw[i]}}.dump(), "application/json");
        if (!res || res->status != 200) {
          ++failures;
          continue;
        }
        const auto j = json::parse(res->body);
        if (j["sentiment"] != expected[i].sentiment ||
            j["probability_positive"].get<double>() != expected[i].probabilityPositive) {
          ++mismatches;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(mismatches, 0);
  EXPECT_EQ(serve.server().state().metrics().requestCount("/predict", "POST", 200), 400u);
}

// Issue 14 item 9: a number that overflows a double gave 500; it is the client's mistake.
TEST_F(ServeApiTest, NumbersThatOverflowADoubleAre400Anywhere) {
  ServeHarness serve(testConfig(feedbackFile()));
  auto c = serve.client();
  for (const std::string number : {"1e999", "-1e400", "123e4567"}) {
    expectError(
        c.Post("/predict", R"({"text": "fine", "extra": )" + number + "}", "application/json"), 400,
        "malformed_json");
    expectError(
        c.Post("/predict", R"({"texts": ["a"], "n": [)" + number + "]}", "application/json"), 400,
        "malformed_json");
    expectError(c.Post("/feedback",
                       R"({"text": "hi", "predicted": "positive", "score": )" + number +
                           R"(, "accepted": false})",
                       "application/json"),
                400, "malformed_json");
    expectError(c.Post("/feedback",
                       R"({"text": "hi", "predicted": "positive", "score": 0.5, "accepted": false,)"
                       R"( "model": {"name": "m", "deep": {"x": )" +
                           number + "}}}",
                       "application/json"),
                400, "malformed_json");
  }
  EXPECT_TRUE(telemetry::FeedbackLog::readAll(feedbackFile()).records.empty());
  EXPECT_EQ(serve.server().state().metrics().requestCount("/predict", "POST", 500), 0u);
  EXPECT_EQ(serve.server().state().metrics().requestCount("/feedback", "POST", 500), 0u);
}

// docs/api.md: bodies are JSON whatever the Content-Type says. curl -d sends
// application/x-www-form-urlencoded, which cpp-httplib refused above 8 KB with a 413 quoting the
// 1 MiB limit; multipart/form-data it tried to parse as a form.
TEST_F(ServeApiTest, FormContentTypesAreReadAsJsonUpToTheRealBodyLimit) {
  ServeHarness serve(testConfig(feedbackFile()));  // 64 KiB body limit
  auto c = serve.client();
  const std::string padding(12 * 1024, 'p');
  const auto predict = json{{"text", "so happy today"}, {"note", padding}}.dump();
  for (const char* type : {"application/x-www-form-urlencoded", "multipart/form-data", "text/plain",
                           "application/json"}) {
    const auto res = c.Post("/predict", predict, type);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << type << ": " << res->body;
    EXPECT_TRUE(body(res).contains("sentiment")) << type;
  }
  const auto feedback = json{
      {"text", "hi"},
      {"predicted", "positive"},
      {"score", 0.5},
      {"accepted", false},
      {"note", padding}}.dump();
  const auto stored = c.Post("/feedback", feedback, "application/x-www-form-urlencoded");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->status, 201) << stored->body;
  EXPECT_EQ(telemetry::FeedbackLog::readAll(feedbackFile()).records.size(), 1u);
  // Over the configured limit it is the same 413 as for JSON, naming the real limit.
  const auto tooBig = c.Post("/predict", json{{"text", std::string(70 * 1024, 'a')}}.dump(),
                             "application/x-www-form-urlencoded");
  expectError(tooBig, 413, "payload_too_large");
  EXPECT_NE(body(tooBig)["error"]["message"].get<std::string>().find("65536"), std::string::npos)
      << tooBig->body;
  // Not JSON at all, form-encoded: a JSON error like any other body.
  expectError(c.Post("/predict", "text=hello", "application/x-www-form-urlencoded"), 400,
              "malformed_json");
}

}  // namespace
}  // namespace tweetlab::serve
