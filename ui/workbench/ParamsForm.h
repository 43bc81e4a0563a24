#pragma once
// The hyper-parameter form, generated from a model family's default parameters (Classifier::
// params() of a fresh model) and its specs (core/models/ParamSpecs.h), never from a switch on
// the family: each parameter gets the editor its type and spec call for (ParamFields.h), its
// one-line description, and a place under its group (data, network, optimiser, early stopping,
// compute) in the basic section or in the advanced one, shown on demand. Spin boxes and
// drop-downs ignore the mouse wheel until focused (scrolling the form never edits it), and a
// parameter that is not used as things stand (logreg's C while cross-validation chooses C) is
// disabled with the reason instead of being silently replaced.
#include <QWidget>
#include <map>
#include <nlohmann/json.hpp>

#include "core/common/ParamSpec.h"
#include "ui/workbench/ParamFields.h"

class QCheckBox;
class QFormLayout;
class QLabel;
class QVBoxLayout;

namespace tweetlab::ui {

class ParamsForm : public QWidget {
  Q_OBJECT

 public:
  explicit ParamsForm(QWidget* parent = nullptr);

  // Rebuilds the form for these defaults, described by `specs`.
  void setDefaults(const nlohmann::json& defaults, const ParamSpecs& specs = {});
  // The values as edited; throws InputError naming the field when one does not parse or is out
  // of its range.
  nlohmann::json params() const;
  // Sets one value by dotted key ("cv", "tfidf.min_df"); false if no such field.
  bool setValue(const std::string& dottedKey, const nlohmann::json& value);
  void setAdvancedShown(bool shown);

 private:
  struct Row {
    ParamField field;
    const ParamSpec* spec = nullptr;
    QLabel* description = nullptr;
  };
  void collect(const nlohmann::json& object, const std::string& prefix,
               std::vector<std::pair<std::string, nlohmann::json>>& out) const;
  void addRow(QFormLayout* layout, const std::string& key, Row& row);
  void updateUsage();  // enables or disables the parameters used only under a condition

  nlohmann::json defaults_;
  ParamSpecs specs_;
  std::map<std::string, Row> rows_;
  QVBoxLayout* layout_;
  QCheckBox* showAdvanced_ = nullptr;
  QWidget* advanced_ = nullptr;
};

}  // namespace tweetlab::ui
