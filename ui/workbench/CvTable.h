#pragma once
// The cross-validation behind a run's parameters: every C of the grid with its mean and spread
// over the folds, the chosen one marked, read from the run's fit report ("cv"), so that a C
// chosen by cross-validation is shown rather than silently used. Hidden for runs without one.
#include <QWidget>
#include <nlohmann/json.hpp>

class QLabel;
class QTableWidget;

namespace tweetlab::ui {

class CvTable : public QWidget {
  Q_OBJECT

 public:
  explicit CvTable(QWidget* parent = nullptr);
  // `fitReport` of the run named `run`; hides the table when it holds no cross-validation.
  void showReport(const QString& run, const nlohmann::json& fitReport);
  QTableWidget* table() const { return table_; }

 private:
  QLabel* caption_;
  QTableWidget* table_;
};

}  // namespace tweetlab::ui
