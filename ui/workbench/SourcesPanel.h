#pragma once
// Data beyond the base dataset, as a reusable panel: training sources "added to the current data"
// (labelled files, tester feedback logs, the Try page's CSV export) that join the training part
// only, each with a weight; and named evaluation sets (e.g. "target") every run is scored on. The
// panel only edits the lists and shows what loading them gave (rows, left out, digests, problems);
// the page that holds it loads them off the GUI thread (core/sources, experiment::withSources).
#include <QString>
#include <QWidget>
#include <vector>

#include "core/sources/SourceLoader.h"
#include "core/sources/SourceSpec.h"

class QLabel;
class QPushButton;
class QTableWidget;

namespace tweetlab::sources {
struct TrainingComposition;
}

namespace tweetlab::ui {

class SourcesPanel : public QWidget {
  Q_OBJECT

 public:
  explicit SourcesPanel(QWidget* parent = nullptr);

  std::vector<sources::SourceSpec> sourceSpecs() const;
  std::vector<sources::EvalSetSpec> evalSetSpecs() const;  // InputError for a bad name

  // Programmatic adds (a file dialog's choice, the Try page's export); emit changed().
  void addSource(const QString& file, double weight = 1.0);
  void addEvalSet(const QString& name, const QString& file);
  void removeSource(int row);
  void removeEvalSet(int row);
  void setWeight(int row, double weight);

  // What loading gave: per source its kind, rows used, rows left out, digest; per set its rows.
  void showLoaded(const sources::TrainingComposition& composition,
                  const std::vector<sources::LoadedSource>& loaded,
                  const std::vector<sources::EvaluationSet>& sets);
  void showProblem(const QString& message);  // a source or set that could not be loaded

  QTableWidget* sourcesTable() const { return sources_; }
  QTableWidget* evalSetsTable() const { return sets_; }

 signals:
  void changed();

 private:
  QTableWidget* sources_;
  QTableWidget* sets_;
  QLabel* problem_;
};

}  // namespace tweetlab::ui
