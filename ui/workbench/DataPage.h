#pragma once
// Data page: choose a dataset (dialog, drag and drop, recent files, or the bundled sample), pick
// its columns and label mapping (DatasetForm), sample and split it in the background, and inspect
// it: rows, label distribution per split, skipped rows with file/line/reason, and each row's
// preprocessing stages. Training sources can be added to the current data (training part only,
// weighted) and evaluation sets named, without reloading the base dataset (SourcesPanel).
#include <QWidget>
#include <memory>

#include "core/data/FileProbe.h"
#include "core/experiment/Experiment.h"
#include "core/text/Preprocessor.h"

class QChartView;
class QTableView;
class QTableWidget;
class QTabWidget;

namespace tweetlab::ui {

class BackgroundTask;
class DatasetForm;
class PreviewBox;
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
  void chooseFile();                   // a file dialog, then openFile
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
  void dataCleared();  // a load failed: no data now (nothing of the previous file stays)
  void statusMessage(const QString& message);

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void showLoadFailure(const QString& message);
  void showPrepared(std::shared_ptr<const experiment::PreparedData> prepared);
  void showDistribution();
  void showSkipped();
  void recompose();  // the panel changed: join its sources to the loaded base, off the GUI thread
  bool specFromPanel(experiment::DataSpec& spec);

  DatasetForm* form_ = nullptr;
  QTableView* table_ = nullptr;
  SplitTableModel* model_ = nullptr;
  QChartView* distribution_ = nullptr;
  QTableWidget* skipped_ = nullptr;
  PreviewBox* preview_ = nullptr;
  QTabWidget* side_ = nullptr;

  SourcesPanel* sources_ = nullptr;
  BackgroundTask* loader_ = nullptr;
  BackgroundTask* composer_ = nullptr;
  bool recomposeAgain_ = false;
  bool panelChangedWhileLoading_ = false;
  bool loadAgain_ = false;
  std::shared_ptr<experiment::PreparedData> loading_;
  std::shared_ptr<experiment::PreparedData> loadingBase_;
  std::shared_ptr<data::FileProbe> probe_;                // the loading file's header
  std::shared_ptr<data::LoadReport> failedReport_;        // what a load with no usable row found
  std::shared_ptr<const experiment::PreparedData> base_;  // without added sources
  std::shared_ptr<const experiment::PreparedData> prepared_;
};

}  // namespace tweetlab::ui
