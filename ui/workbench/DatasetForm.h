#pragma once
// The Data page's dataset form: the file (dialog, bundled sample), its format, the text and label
// columns picked from the file's own header (drop-downs filled by a probe of the file, never free
// text, and nothing carried over from the previous file), the label mapping, and the sampling
// (balanced sample size, split ratios, seed), which is remembered across restarts because the
// dataset digest depends on it.
#include <QGroupBox>
#include <map>
#include <string>

#include "core/data/FileProbe.h"
#include "core/experiment/ExperimentSpec.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace tweetlab::ui {

class LabelMapEditor;

class DatasetForm : public QGroupBox {
  Q_OBJECT

 public:
  explicit DatasetForm(QWidget* parent = nullptr);

  // The data part as the form says now (no added sources). Columns not picked yet are empty:
  // the load then takes the probe's suggestion.
  experiment::DataSpec spec() const;
  QString path() const;
  // Another file: its columns and label mapping start afresh.
  void setPath(const QString& path);
  void setSampleSize(int rows);
  // Fills the column drop-downs from the file's header, choosing the suggested columns unless
  // the analyst already picked columns of this file.
  void showColumns(const data::FileProbe& probe);
  void showLabelValues(const data::LoadReport& report, const std::map<std::string, int>& map);

  void setLoading(bool loading);
  void setProgress(double fraction);
  QLabel* summary() const { return summary_; }

 signals:
  void openRequested();
  void sampleRequested();
  void loadRequested();

 private:
  QLineEdit* path_ = nullptr;
  QComboBox* format_ = nullptr;
  QComboBox* textColumn_ = nullptr;
  QComboBox* labelColumn_ = nullptr;
  LabelMapEditor* labelMap_ = nullptr;
  QSpinBox* sample_ = nullptr;
  QSpinBox* seed_ = nullptr;
  QDoubleSpinBox* trainRatio_ = nullptr;
  QDoubleSpinBox* valRatio_ = nullptr;
  QDoubleSpinBox* testRatio_ = nullptr;
  QPushButton* loadButton_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* summary_ = nullptr;
  QString probedPath_;  // the file the column drop-downs were filled from
};

}  // namespace tweetlab::ui
