#pragma once
// Monitoring page: production accuracy and rejection rate over time from the local feedback log,
// and every alert the N-rejections-in-M-minutes rule raised. Read on a worker thread; refreshed
// when the Try page records a verdict.
#include <QWidget>

#include "ui/workbench/AsyncRunner.h"

class QChartView;
class QComboBox;
class QLabel;
class QTableWidget;

namespace tweetlab::ui {

class MonitoringPage : public QWidget {
  Q_OBJECT

 public:
  explicit MonitoringPage(QWidget* parent = nullptr);

  int bucketCount() const { return bucketCount_; }
  int alertCount() const { return alertCount_; }

 public slots:
  void refresh();
  // The Try page's direct route: Application Insights delivery state and queue ("" hides it).
  void setDeliveryQueue(const QString& summary, bool problem);

 signals:
  void refreshed();
  void statusMessage(const QString& message);

 private:
  QChartView* chart_;
  QComboBox* bucket_;
  QLabel* summary_;
  QLabel* deliveryQueue_;
  QLabel* banner_;  // the latest alert, from the local log: fires whether or not Azure got it
  QTableWidget* alerts_;
  int bucketCount_ = 0;
  int alertCount_ = 0;
  bool readAgain_ = false;  // refresh() asked while reader_ was busy
  AsyncRunner reader_{this};
};

}  // namespace tweetlab::ui
