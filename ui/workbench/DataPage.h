#pragma once
// Data page: choose a dataset (dialog, drag and drop, or the bundled sample), map its columns,
// sample and split it in the background, and inspect it: rows, label distribution per split,
// skipped rows with file/line/reason, and each row's preprocessing stages. Training sources can
// be added to the current data (training part only, weighted) and evaluation sets named, without
// reloading the base dataset (SourcesPanel).
#include <QFuture>
#include <QWidget>
#include <memory>

#include "core/experiment/Experiment.h"
#include "core/text/Preprocessor.h"
#include "ui/workbench/AsyncRunner.h"

class QChartView;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;
class QTableWidget;
class QTextBrowser;
class QCheckBox;

namespace tweetlab::ui {

class BackgroundTask;
class SourcesPanel;
class SplitTableModel;

class DataPage : public QWidget {
  Q_OBJECT

 public:
  explicit DataPage(QWidget* parent = nullptr);
  ~DataPage() override;

  // The data part of an experiment spec, as the form says now.
  experiment::DataSpec dataSpec() const;
  std::shared_ptr<const experiment::PreparedData> preparedData() const { return prepared_; }
  bool isLoading() const;
  SourcesPanel* sourcesPanel() const { return sources_; }

 public slots:
  void openFile(const QString& path);  // sets the path and loads
  void setSampleSize(int rows);        // 0 = all rows
  void openBundledSample();
  void load();  // loads what the form names
  // Adds a labelled file or feedback log to the training part of the current data.
  void addTrainingSource(const QString& file, double weight = 1.0);
  void addEvaluationSet(const QString& name, const QString& file);

 signals:
  void dataReady(std::shared_ptr<const tweetlab::experiment::PreparedData> data);
  void loadFailed(const QString& message);
  void statusMessage(const QString& message);

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  QWidget* buildForm();
  void showPrepared(std::shared_ptr<const experiment::PreparedData> prepared);
  void showDistribution();
  void showSkipped();
  void previewRow(int row);
  void showPreview(const text::PreprocessPreview& preview);
  void recompose();  // the panel changed: join its sources to the loaded base, off the GUI thread
  bool specFromPanel(experiment::DataSpec& spec);

  QLineEdit* path_ = nullptr;
  QComboBox* format_ = nullptr;
  QLineEdit* textColumn_ = nullptr;
  QLineEdit* labelColumn_ = nullptr;
  QSpinBox* sample_ = nullptr;
  QSpinBox* seed_ = nullptr;
  QDoubleSpinBox* trainRatio_ = nullptr;
  QDoubleSpinBox* valRatio_ = nullptr;
  QDoubleSpinBox* testRatio_ = nullptr;
  QPushButton* loadButton_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* summary_ = nullptr;
  QTableView* table_ = nullptr;
  SplitTableModel* model_ = nullptr;
  QChartView* distribution_ = nullptr;
  QTableWidget* skipped_ = nullptr;
  QComboBox* previewMorphology_ = nullptr;
  QCheckBox* previewStopwords_ = nullptr;
  QTextBrowser* preview_ = nullptr;

  SourcesPanel* sources_ = nullptr;
  BackgroundTask* loader_ = nullptr;
  BackgroundTask* composer_ = nullptr;
  bool recomposeAgain_ = false;
  std::shared_ptr<experiment::PreparedData> loading_;
  std::shared_ptr<experiment::PreparedData> loadingBase_;
  std::shared_ptr<const experiment::PreparedData> base_;  // without added sources
  std::shared_ptr<const experiment::PreparedData> prepared_;
  AsyncRunner previewer_{this};  // the latest row's preview only
  QFuture<void> previewWork_;    // waited for on destruction
  int previewRow_ = -1;
};

}  // namespace tweetlab::ui
