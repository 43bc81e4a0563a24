#pragma once
// A form generated from a model family's default parameters (Classifier::params() of a fresh
// model), so every family the registry knows gets sensible defaults and validation without the
// GUI switching on the model type. Booleans -> check boxes, integers -> spin boxes, numbers ->
// validated fields, lists of numbers -> "a, b, c", nested objects -> a sub-group, file-like
// strings (…path, embedding, glove) get a file picker, "bert" a directory picker (a checkpoint
// directory) and "mode" the choice finetune | features.
#include <QWidget>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>

class QFormLayout;

namespace tweetlab::ui {

class ParamsForm : public QWidget {
  Q_OBJECT

 public:
  explicit ParamsForm(QWidget* parent = nullptr);

  // Rebuilds the form for these defaults.
  void setDefaults(const nlohmann::json& defaults);
  // The values as edited; throws InputError naming the field when one does not parse.
  nlohmann::json params() const;
  // Sets one value by dotted key ("cv", "tfidf.min_df"); false if no such field.
  bool setValue(const std::string& dottedKey, const nlohmann::json& value);

 private:
  using Reader = std::function<nlohmann::json()>;
  using Writer = std::function<void(const nlohmann::json&)>;
  void addFields(QFormLayout* layout, const nlohmann::json& object, const std::string& prefix);

  nlohmann::json defaults_;
  std::map<std::string, Reader> readers_;
  std::map<std::string, Writer> writers_;
};

}  // namespace tweetlab::ui
