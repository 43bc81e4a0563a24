#include "ui/charts/OffscreenPlotRenderer.h"

#include <QApplication>
#include <QDir>
#include <QGraphicsScene>
#include <QImage>
#include <QPainter>
#include <QThread>
#include <exception>
#include <functional>

#include "core/common/Errors.h"
#include "ui/charts/ChartBuilders.h"
#include "ui/charts/ComparisonCharts.h"
#include "ui/charts/DomainCharts.h"

namespace tweetlab::charts {
namespace {

// Runs `job` on the application thread, waiting for it; rethrows what it threw.
void onApplicationThread(const std::function<void()>& job) {
  auto* app = QCoreApplication::instance();
  if (!qobject_cast<QApplication*>(app)) {
    throw IoError(
        "cannot draw plots: this program has no QApplication (call ensureGuiApplication())");
  }
  if (QThread::currentThread() == app->thread()) {
    job();
    return;
  }
  std::exception_ptr error;
  QMetaObject::invokeMethod(
      app,
      [&] {
        try {
          job();
        } catch (...) {
          error = std::current_exception();
        }
      },
      Qt::BlockingQueuedConnection);
  if (error) std::rethrow_exception(error);
}

void savePng(const QImage& image, const std::filesystem::path& png) {
  const auto file = QString::fromStdString(png.string());
  QDir().mkpath(QString::fromStdString(png.parent_path().string()));
  if (!image.save(file, "PNG")) throw IoError("cannot write plot " + png.string());
}

void renderChart(QChart* chart, QSize size, const std::filesystem::path& png) {
  QGraphicsScene scene;
  scene.addItem(chart);  // the scene owns and deletes the chart
  const QRectF rect(QPointF(0, 0), QSizeF(size));
  chart->setGeometry(rect);
  scene.setSceneRect(rect);
  QImage image(size, QImage::Format_ARGB32);
  image.fill(Qt::white);
  QPainter painter(&image);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setRenderHint(QPainter::TextAntialiasing);
  scene.render(&painter, rect, rect);
  painter.end();
  savePng(image, png);
}

}  // namespace

OffscreenPlotRenderer::OffscreenPlotRenderer(QSize size) : size_(size) {}

void OffscreenPlotRenderer::renderRoc(const std::vector<tracking::RocPlot>& curves,
                                      const std::filesystem::path& png) {
  onApplicationThread([&] {
    auto* chart = createRocChart();
    for (const auto& c : curves)
      addRocCurve(chart, QString::fromStdString(c.name), c.points, c.auc);
    renderChart(chart, size_, png);
  });
}

void OffscreenPlotRenderer::renderHistory(const train::History& history, const std::string& title,
                                          const std::filesystem::path& png) {
  onApplicationThread([&] {
    renderChart(
        buildHistoryChart(
            history, QStringLiteral("Training history: %1").arg(QString::fromStdString(title))),
        size_, png);
  });
}

void OffscreenPlotRenderer::renderConfusionMatrix(const eval::ConfusionMatrix& matrix,
                                                  const std::string& title,
                                                  const std::filesystem::path& png) {
  onApplicationThread([&] {
    QImage image(size_, QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    paintConfusionMatrix(painter, QRectF(QPointF(0, 0), QSizeF(size_)), matrix,
                         QString::fromStdString(title));
    painter.end();
    savePng(image, png);
  });
}

void OffscreenPlotRenderer::renderReliability(const std::vector<tracking::ReliabilityPlot>& plots,
                                              const std::string& title,
                                              const std::filesystem::path& png) {
  onApplicationThread([&] {
    auto* chart = createReliabilityChart(QString::fromStdString(title));
    for (const auto& p : plots)
      addReliabilityCurve(chart, QString::fromStdString(p.name), p.reliability);
    renderChart(chart, size_, png);
  });
}

void OffscreenPlotRenderer::renderCurves(const std::vector<tracking::CurveSeries>& series,
                                         const std::string& title, const std::string& xLabel,
                                         const std::string& yLabel,
                                         const std::filesystem::path& png) {
  onApplicationThread([&] {
    renderChart(buildCurveChart(series, QString::fromStdString(title),
                                QString::fromStdString(xLabel), QString::fromStdString(yLabel)),
                size_, png);
  });
}

void OffscreenPlotRenderer::renderHistoryOverlay(const std::vector<tracking::RunHistoryPlot>& runs,
                                                 const std::filesystem::path& png) {
  onApplicationThread([&] { renderChart(buildHistoryOverlay(runs), size_, png); });
}

void OffscreenPlotRenderer::renderMetricBars(const tracking::MetricBarsPlot& bars,
                                             const std::filesystem::path& png) {
  onApplicationThread([&] { renderChart(buildMetricBars(bars), size_, png); });
}

std::unique_ptr<QApplication> ensureGuiApplication() {
  if (QCoreApplication::instance()) return nullptr;
  // No display needed: the CLI renders plots on machines without one.
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  // Nor a runtime directory: QGuiApplication looks there for a Wayland socket and warns when
  // XDG_RUNTIME_DIR is unset (cron, ssh, containers) before any platform is chosen. Only that
  // warning goes; every other Qt message passes to the handler that was there.
  static const QtMessageHandler previous = qInstallMessageHandler(
      [](QtMsgType type, const QMessageLogContext& context, const QString& message) {
        if (type == QtWarningMsg &&
            message.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR not set")))
          return;
        previous(type, context, message);
      });
  static int argc = 1;
  static char name[] = "tweetlab";
  static char* argv[] = {name, nullptr};
  return std::make_unique<QApplication>(argc, argv);
}

}  // namespace tweetlab::charts
