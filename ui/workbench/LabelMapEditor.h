#pragma once
// The label mapping of the Data page: every label value the file holds (as written, with its row
// count) and what it is read as — positive, negative, neutral (dropped) or skip — in a drop-down
// the analyst can change, so a file labelled "happy"/"sad" or "pos"/"neg"/"?" loads without
// editing it. Values read the default way (0/4, 0/1, negative/positive...) start with that
// reading; only the values changed from it go into ReadOptions::labelMap.
#include <QWidget>
#include <cstddef>
#include <map>
#include <string>

class QLabel;
class QTableWidget;

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

 signals:
  void edited();  // the analyst changed a reading: the data should be loaded again

 private:
  QTableWidget* table_;
  QLabel* hint_;
};

}  // namespace tweetlab::ui
