#pragma once
// The label mapping of the Data page: every label value the file holds (as written, with its row
// count) and what it is read as — positive, negative, neutral (dropped) or skip — in a drop-down
// the analyst can change, so a file labelled "happy"/"sad" or "pos"/"neg"/"?" loads without
// editing it. Values read the default way (0/4, 0/1, negative/positive...) start with that
// reading; only the values changed from it go into ReadOptions::labelMap.
// The table folds away under a one-line toggle when every value reads the usual way, so the data
// table keeps the page's height (a 1366x768 screen showed five rows of data under it); it opens
// by itself when a value is skipped, the case where the analyst must act.
#include <QWidget>
#include <cstddef>
#include <map>
#include <string>

class QTableWidget;
class QToolButton;

namespace tweetlab::ui {

class LabelMapEditor : public QWidget {
  Q_OBJECT

 public:
  explicit LabelMapEditor(QWidget* parent = nullptr);

  // Lists `values` (value -> rows) as read under `map` (ReadOptions::labelMap).
  void showValues(const std::map<std::string, std::size_t>& values,
                  const std::map<std::string, int>& map);
  void clear();  // another file: nothing carries over
  // The values whose reading differs from the default one.
  std::map<std::string, int> labelMap() const;
  QTableWidget* table() const { return table_; }
  bool expanded() const;
  void setExpanded(bool expanded);

 signals:
  void edited();  // the analyst changed a reading: the data should be loaded again

 private:
  QTableWidget* table_;
  QToolButton* toggle_;
};

}  // namespace tweetlab::ui
