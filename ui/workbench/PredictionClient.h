#pragma once
// Talks to the deployed prediction API (tweetlab-serve) without blocking the GUI thread:
// QNetworkAccessManager requests with a transfer timeout; every failure (network error, timeout,
// non-JSON answer, API error object) comes back as one plain message.
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QString>
#include <functional>

namespace tweetlab::ui {

struct ApiPrediction {
  QString text;
  QString sentiment;  // "positive" | "negative"
  int label = 0;
  double score = 0;  // the API's confidence in `sentiment` (0.5 .. 1)
  QString modelName;
  QString modelVersion;
};

class PredictionClient : public QObject {
  Q_OBJECT

 public:
  explicit PredictionClient(QObject* parent = nullptr);

  void setBaseUrl(const QString& url) { baseUrl_ = url; }
  QString baseUrl() const { return baseUrl_; }
  void setApiKey(const QString& key) { apiKey_ = key; }
  void setTimeoutMs(int ms) { timeoutMs_ = ms; }

  // Answers with exactly one of predicted() / failed().
  void predict(const QString& text);
  // POST /feedback; answers with feedbackStored() or failed().
  void sendFeedback(const QJsonObject& feedback);

  // Plain message for a finished reply that failed, or empty when it succeeded with JSON `out`.
  static QString interpret(int httpStatus, int networkError, const QString& networkMessage,
                           const QByteArray& body, QJsonObject& out);

 signals:
  void predicted(const tweetlab::ui::ApiPrediction& prediction);
  void feedbackStored(const QString& id);
  void failed(const QString& message);

 private:
  void post(const QString& route, const QJsonObject& body,
            std::function<void(const QJsonObject&)> onJson);

  QNetworkAccessManager network_;
  QString baseUrl_;
  QString apiKey_;
  int timeoutMs_ = 10000;
};

}  // namespace tweetlab::ui
