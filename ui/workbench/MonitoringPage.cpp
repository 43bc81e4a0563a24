#include "ui/workbench/MonitoringPage.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>

#include "core/telemetry/FeedbackLog.h"
#include "core/telemetry/FeedbackStats.h"
#include "ui/workbench/AppSettings.h"
#include "ui/workbench/ChartViewReplace.h"

namespace tweetlab::ui {
namespace {

struct Snapshot {
  std::vector<telemetry::FeedbackBucket> buckets;
  std::vector<telemetry::RejectionAlert::Fired> alerts;
  std::size_t records = 0, accepted = 0, skippedLines = 0;
  QString error;
};

qint64 msSinceEpoch(telemetry::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

MonitoringPage::MonitoringPage(QWidget* parent)
    : QWidget(parent),
      chart_(new QChartView),
      bucket_(new QComboBox),
      summary_(new QLabel),
      deliveryQueue_(new QLabel),
      banner_(new QLabel),
      alerts_(new QTableWidget(0, 2)) {
  banner_->setObjectName("alertBanner");
  banner_->setWordWrap(true);
  banner_->setStyleSheet(
      QStringLiteral("background: #b71c1c; color: white; padding: 8px; border-radius: 4px;"));
  banner_->hide();
  deliveryQueue_->setObjectName("deliveryQueue");
  deliveryQueue_->setWordWrap(true);
  deliveryQueue_->hide();
  chart_->setObjectName("monitoringChart");
  chart_->setRenderHint(QPainter::Antialiasing);
  chart_->setMinimumHeight(300);
  bucket_->setObjectName("bucketWidth");
  bucket_->addItem(tr("per minute"), 60);
  bucket_->addItem(tr("per hour"), 3600);
  bucket_->addItem(tr("per day"), 86400);
  bucket_->setCurrentIndex(1);
  connect(bucket_, &QComboBox::currentIndexChanged, this, &MonitoringPage::refresh);
  summary_->setObjectName("monitoringSummary");
  summary_->setWordWrap(true);
  alerts_->setObjectName("alertsTable");
  alerts_->setHorizontalHeaderLabels({tr("Alert raised at"), tr("Rejections in window")});
  alerts_->horizontalHeader()->setStretchLastSection(true);
  alerts_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  auto* refreshButton = new QPushButton(tr("Refresh"));
  connect(refreshButton, &QPushButton::clicked, this, &MonitoringPage::refresh);

  auto* top = new QHBoxLayout;
  top->addWidget(summary_, 1);
  top->addWidget(bucket_);
  top->addWidget(refreshButton);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(banner_);
  layout->addWidget(deliveryQueue_);
  layout->addWidget(chart_, 3);
  layout->addWidget(
      new QLabel(tr("Alerts (the local mirror of the Azure rule, replayed over the log)")));
  layout->addWidget(alerts_, 1);
  refresh();
}

void MonitoringPage::setDeliveryQueue(const QString& summary, bool problem) {
  deliveryQueue_->setText(summary);
  deliveryQueue_->setVisible(!summary.isEmpty());
  deliveryQueue_->setProperty("problem", problem);
  deliveryQueue_->setStyleSheet(problem ? QStringLiteral("color: #c62828; font-weight: bold;")
                                        : QString());
}

void MonitoringPage::refresh() {
  // Asked while a read runs (a verdict just recorded, the bucket changed): that read may have
  // opened the log before the change, so one more read follows it, however many asks came, and
  // its older answer is not shown.
  if (reader_.busy()) {
    readAgain_ = true;
    return;
  }
  AppSettings settings;
  const auto file = settings.feedbackLogPath().toStdString();
  const auto width = std::chrono::seconds(bucket_->currentData().toInt());
  const auto threshold = static_cast<std::size_t>(std::max(1, settings.alertThreshold()));
  const auto window = std::chrono::minutes(std::max(1, settings.alertWindowMinutes()));
  auto show = [this, window](const Snapshot& s) {
    if (readAgain_) {
      readAgain_ = false;
      refresh();
      return;
    }
    bucketCount_ = static_cast<int>(s.buckets.size());
    alertCount_ = static_cast<int>(s.alerts.size());

    auto* chart = new QChart;
    chart->setTitle(tr("Production accuracy and rejection rate"));
    auto* accuracy = new QLineSeries;
    accuracy->setName(tr("accuracy (accepted / judged)"));
    auto* rejection = new QLineSeries;
    rejection->setName(tr("rejection rate"));
    // Markers on both lines: a single bucket (a short test session) stays visible.
    accuracy->setPointsVisible(true);
    rejection->setPointsVisible(true);
    for (const auto& b : s.buckets) {
      if (b.total() == 0) continue;
      const auto x = static_cast<qreal>(msSinceEpoch(b.start));
      accuracy->append(x, b.accuracy());
      rejection->append(x, b.rejectionRate());
    }
    chart->addSeries(accuracy);
    chart->addSeries(rejection);
    auto* x = new QDateTimeAxis;
    x->setFormat(QStringLiteral("MM-dd HH:mm"));
    x->setTitleText(tr("time"));
    if (!s.buckets.empty()) {
      const auto first = QDateTime::fromMSecsSinceEpoch(msSinceEpoch(s.buckets.front().start));
      const auto last = QDateTime::fromMSecsSinceEpoch(msSinceEpoch(s.buckets.back().start));
      const auto from = first.addSecs(-60);
      const auto to = last.addSecs(60 + bucket_->currentData().toInt());
      x->setRange(from, to);
      // Ticks at least a minute apart: the labels show minutes, and five ticks over a
      // three-minute session read "09:01 09:01 09:02 09:02 09:03".
      const auto minutes = from.secsTo(to) / 60;
      x->setTickCount(static_cast<int>(std::clamp<qint64>(minutes + 1, 2, 6)));
    }
    auto* y = new QValueAxis;
    y->setRange(0, 1);
    y->setLabelFormat(QStringLiteral("%.2f"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (auto* series : chart->series()) {
      series->attachAxis(x);
      series->attachAxis(y);
    }
    replaceChart(chart_, chart);

    alerts_->setRowCount(static_cast<int>(s.alerts.size()));
    for (int i = 0; i < static_cast<int>(s.alerts.size()); ++i) {
      const auto& a = s.alerts[static_cast<std::size_t>(i)];
      alerts_->setItem(
          i, 0,
          new QTableWidgetItem(
              QDateTime::fromMSecsSinceEpoch(msSinceEpoch(a.at)).toString(Qt::ISODate)));
      alerts_->setItem(i, 1, new QTableWidgetItem(QString::number(a.rejections)));
    }
    // Replayed from the local log by verdict time: it fires even while Application Insights is
    // unreachable, and for a burst that reaches Azure late (docs/monitoring.md, the alerts).
    if (!s.alerts.empty()) {
      const auto& latest = s.alerts.back();
      banner_->setText(
          tr("⚠ Alert: %1 rejected predictions within %2 minutes (latest at %3), from the local "
             "feedback log")
              .arg(latest.rejections)
              .arg(std::chrono::duration_cast<std::chrono::minutes>(window).count())
              .arg(QDateTime::fromMSecsSinceEpoch(msSinceEpoch(latest.at))
                       .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))));
    }
    banner_->setVisible(!s.alerts.empty());
    if (!s.error.isEmpty()) {
      summary_->setText(tr("The feedback log cannot be read: %1").arg(s.error));
    } else {
      const auto judged = s.records;
      summary_->setText(tr("%1 verdicts, %2 accepted (production accuracy %3), %4 alerts raised%5")
                            .arg(judged)
                            .arg(s.accepted)
                            .arg(judged ? QString::number(100.0 * static_cast<double>(s.accepted) /
                                                              static_cast<double>(judged),
                                                          'f', 1) +
                                              "%"
                                        : QStringLiteral("–"))
                            .arg(s.alerts.size())
                            .arg(s.skippedLines
                                     ? tr(" (%1 damaged log lines skipped)").arg(s.skippedLines)
                                     : QString()));
    }
    emit refreshed();
  };
  reader_.run(
      [file, width, threshold, window] {
        Snapshot s;
        std::error_code ec;
        if (!std::filesystem::exists(file, ec)) return s;
        const auto contents = telemetry::FeedbackLog::readAll(file);
        s.records = contents.records.size();
        s.skippedLines = contents.skippedLines;
        for (const auto& r : contents.records) s.accepted += r.accepted ? 1 : 0;
        s.buckets = telemetry::bucketFeedback(contents.records, width);
        s.alerts = telemetry::replayAlerts(contents.records, threshold, window);
        return s;
      },
      show,
      [show](const QString& error) {
        Snapshot s;
        s.error = error;
        show(s);
      });
}

}  // namespace tweetlab::ui
