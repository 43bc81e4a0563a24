#include "ui/workbench/PredictionClient.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>

namespace tweetlab::ui {

PredictionClient::PredictionClient(QObject* parent) : QObject(parent) {}

QString PredictionClient::interpret(int httpStatus, int networkError, const QString& networkMessage,
                                    const QByteArray& body, QJsonObject& out) {
  QJsonParseError parseError{};
  const auto doc = QJsonDocument::fromJson(body, &parseError);
  // An API error object says more than the transport's "server replied: Bad Request".
  if (doc.isObject() && doc.object().value("error").isObject()) {
    const auto error = doc.object().value("error").toObject();
    return QObject::tr("The API refused the request (HTTP %1, %2): %3")
        .arg(httpStatus)
        .arg(error.value("code").toString(), error.value("message").toString());
  }
  if (networkError != QNetworkReply::NoError && httpStatus == 0) {
    if (networkError == QNetworkReply::OperationCanceledError ||
        networkError == QNetworkReply::TimeoutError) {
      return QObject::tr("The API did not answer in time (%1).").arg(networkMessage);
    }
    return QObject::tr("Cannot reach the API: %1").arg(networkMessage);
  }
  if (httpStatus < 200 || httpStatus >= 300) {
    return QObject::tr("The API answered HTTP %1: %2")
        .arg(httpStatus)
        .arg(QString::fromUtf8(body.left(200)));
  }
  if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
    return QObject::tr("The API's answer is not JSON: %1").arg(QString::fromUtf8(body.left(120)));
  }
  out = doc.object();
  return {};
}

void PredictionClient::post(const QString& route, const QJsonObject& body,
                            std::function<void(const QJsonObject&)> onJson) {
  QUrl url(baseUrl_.trimmed());
  if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty()) {
    emit failed(tr("The API URL '%1' is not valid (set it on the Settings page).").arg(baseUrl_));
    return;
  }
  url.setPath(url.path().endsWith('/') ? url.path() + route.mid(1) : url.path() + route);
  QNetworkRequest request(url);
  request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
  request.setTransferTimeout(timeoutMs_);
  if (!apiKey_.isEmpty()) request.setRawHeader("X-API-Key", apiKey_.toUtf8());
  auto* reply = network_.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
  connect(reply, &QNetworkReply::finished, this, [this, reply, onJson = std::move(onJson)] {
    reply->deleteLater();
    QJsonObject json;
    const auto problem =
        interpret(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                  reply->error(), reply->errorString(), reply->readAll(), json);
    if (!problem.isEmpty()) {
      emit failed(problem);
      return;
    }
    onJson(json);
  });
}

void PredictionClient::predict(const QString& text) {
  post(QStringLiteral("/predict"), QJsonObject{{"text", text}},
       [this, text](const QJsonObject& json) {
         ApiPrediction p;
         p.text = text;
         p.sentiment = json.value("sentiment").toString();
         p.label = json.value("label").toInt();
         p.score = json.value("score").toDouble(-1);
         const auto model = json.value("model").toObject();
         p.modelName = model.value("name").toString();
         p.modelVersion = model.value("version").toString();
         if ((p.sentiment != "positive" && p.sentiment != "negative") || p.score < 0 ||
             p.score > 1) {
           emit failed(tr("The API's answer lacks a sentiment and a score between 0 and 1."));
           return;
         }
         emit predicted(p);
       });
}

void PredictionClient::sendFeedback(const QJsonObject& feedback) {
  post(QStringLiteral("/feedback"), feedback,
       [this](const QJsonObject& json) { emit feedbackStored(json.value("id").toString()); });
}

}  // namespace tweetlab::ui
