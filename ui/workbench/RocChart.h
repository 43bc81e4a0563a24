#pragma once
// ROC curves with their AUC in the legend, one series per run, over the chance diagonal, with
// hover values and zoom (ui/charts/ChartHover, ChartZoom). The Train page shows one; the Runs
// page overlays several.
#include <QChartView>
#include <vector>

#include "core/eval/Metrics.h"

class QTableWidget;

namespace tweetlab::ui {

class RocChart : public QChartView {
  Q_OBJECT

 public:
  explicit RocChart(QWidget* parent = nullptr);
  void clear();
  void addCurve(const QString& name, const std::vector<eval::RocPoint>& points, double auc);
  int curveCount() const;  // without the diagonal
};

// The 2x2 confusion matrix as a table, cells shaded by their share of the row.
class ConfusionMatrixView : public QWidget {
  Q_OBJECT

 public:
  explicit ConfusionMatrixView(QWidget* parent = nullptr);
  void setMatrix(const eval::ConfusionMatrix& matrix);
  void clear();  // empty cells: no run's matrix

 private:
  QTableWidget* table_;
};

}  // namespace tweetlab::ui
