#pragma once
// The workbench's side of the one tracking function: keeps the local run store open, renders
// plots with the shared chart builders, reads the MLflow settings, and tracks every run the
// Train page ends (finished, failed or cancelled) on the run's worker thread. Tells the GUI when
// a run is in the store so the Runs page can show it.
#include <QObject>
#include <QString>
#include <memory>

#include "core/tracking/MlflowClient.h"
#include "core/tracking/RunStore.h"
#include "core/tracking/Tracking.h"
#include "ui/workbench/RunStores.h"
#include "ui/workbench/TrainPage.h"

namespace tweetlab::ui {

class RunTracking : public QObject {
  Q_OBJECT

 public:
  explicit RunTracking(QObject* parent = nullptr);
  ~RunTracking() override;

  // The Train page's RunStarter: the run is RUNNING in the store (and live in MLflow when one is
  // set) from here on. Worker thread.
  std::unique_ptr<tracking::RunRecorder> begin(const experiment::ExperimentSpec& spec,
                                               train::TrainObserver& inner);
  // The Train page's RunSink: ends the run begun by begin(), or tracks it whole. Call from the
  // worker thread only (it waits for plot rendering on the GUI thread, so the GUI thread must
  // not wait for it).
  void track(const RunEnd& end);
  // The target-domain work's runs (Target page), also from a worker thread only: a learning-curve
  // point (a finished result, tracked without its bundle) and a bundle's evaluation record.
  // Return the run id.
  std::string trackResult(const experiment::ExperimentResult& result, bool exportModel);
  std::string trackRecord(tracking::RunRecord record, const tracking::ArtifactWriter& writer);
  // The store under the configured data directory (opened on first use). Worker threads.
  std::shared_ptr<tracking::RunStore> store() { return stores_->current(); }
  // For work on the thread pool: capture this (not the RunTracking, which closes with the
  // window) and open the store in the work.
  std::shared_ptr<RunStores> stores() const { return stores_; }
  // The plots of tracked runs and reports: the workbench's charts painted offscreen. Any thread
  // but the GUI thread (drawing happens on the GUI thread while the caller waits). Shared for the
  // same reason as the stores.
  std::shared_ptr<tracking::PlotRenderer> renderer() const { return renderer_; }
  // "" when the MLflow server at `uri` answers, else why not. Any thread.
  static QString testConnection(const QString& uri);
  // Settings as they are now (the GUI may change them between runs).
  static std::optional<tracking::MlflowConfig> mlflowConfig();
  // The run's page in the MLflow UI, or empty when it never reached a server.
  static QString mlflowRunUrl(const QString& trackingUri, const tracking::RunRecord& record);

 signals:
  // Queued to the GUI thread: the run is in the store (and maybe pushed).
  void runTracked(const QString& runId, const QString& status, const QString& note);

 private:
  tracking::TrackingOptions options();
  void announce(const tracking::TrackOutcome& outcome);
  std::shared_ptr<RunStores> stores_;
  std::shared_ptr<tracking::PlotRenderer> renderer_;
};

}  // namespace tweetlab::ui
