#include "ui/workbench/ParamsForm.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleValidator>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

#include "core/common/Errors.h"
#include "core/common/Numbers.h"
#include "core/train/Devices.h"

namespace tweetlab::ui {
namespace {

QString numberText(double v) {
  return QString::fromStdString(formatDouble(v));
}

bool looksLikeFile(const std::string& key) {
  return key.find("path") != std::string::npos || key.find("glove") != std::string::npos ||
         key == "bert";
}

nlohmann::json parseNumber(const std::string& key, const QString& text) {
  auto v = parseDouble(text.trimmed().toStdString());
  if (!v) throw InputError("parameter " + key + ": '" + text.toStdString() + "' is not a number");
  return *v;
}

}  // namespace

ParamsForm::ParamsForm(QWidget* parent) : QWidget(parent) {
  new QFormLayout(this);
}

void ParamsForm::setDefaults(const nlohmann::json& defaults) {
  defaults_ = defaults;
  readers_.clear();
  writers_.clear();
  auto* old = layout();
  // count() first: QFormLayout::takeAt warns on an empty layout instead of returning null quietly.
  while (old->count() > 0) {
    auto* item = old->takeAt(0);
    delete item->widget();
    delete item;
  }
  addFields(static_cast<QFormLayout*>(old), defaults, "");
}

void ParamsForm::addFields(QFormLayout* layout, const nlohmann::json& object,
                           const std::string& prefix) {
  for (const auto& [key, value] : object.items()) {
    const std::string dotted = prefix.empty() ? key : prefix + "." + key;
    const QString label = QString::fromStdString(key);
    if (value.is_object()) {
      auto* group = new QGroupBox(label);
      auto* inner = new QFormLayout(group);
      addFields(inner, value, dotted);
      layout->addRow(group);
    } else if (value.is_boolean()) {
      auto* box = new QCheckBox;
      box->setChecked(value.get<bool>());
      box->setObjectName(QString::fromStdString("param_" + dotted));
      readers_[dotted] = [box] { return nlohmann::json(box->isChecked()); };
      writers_[dotted] = [box](const nlohmann::json& v) { box->setChecked(v.get<bool>()); };
      layout->addRow(label, box);
    } else if (value.is_number_integer() || value.is_number_unsigned()) {
      auto* spin = new QSpinBox;
      spin->setRange(value.is_number_unsigned() ? 0 : -1'000'000'000, 1'000'000'000);
      spin->setValue(value.get<int>());
      spin->setObjectName(QString::fromStdString("param_" + dotted));
      readers_[dotted] = [spin] { return nlohmann::json(spin->value()); };
      writers_[dotted] = [spin](const nlohmann::json& v) { spin->setValue(v.get<int>()); };
      layout->addRow(label, spin);
    } else if (value.is_number()) {
      auto* edit = new QLineEdit(numberText(value.get<double>()));
      edit->setObjectName(QString::fromStdString("param_" + dotted));
      readers_[dotted] = [edit, dotted] { return parseNumber(dotted, edit->text()); };
      writers_[dotted] = [edit](const nlohmann::json& v) {
        edit->setText(numberText(v.get<double>()));
      };
      layout->addRow(label, edit);
    } else if (value.is_array()) {
      QStringList items;
      for (const auto& item : value)
        items << (item.is_number() ? numberText(item.get<double>())
                                   : QString::fromStdString(item.dump()));
      auto* edit = new QLineEdit(items.join(", "));
      edit->setObjectName(QString::fromStdString("param_" + dotted));
      edit->setToolTip(tr("Comma-separated list"));
      readers_[dotted] = [edit, dotted] {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& part : edit->text().split(',', Qt::SkipEmptyParts))
          list.push_back(parseNumber(dotted, part));
        return list;
      };
      writers_[dotted] = [edit](const nlohmann::json& v) {
        QStringList parts;
        for (const auto& item : v) parts << numberText(item.get<double>());
        edit->setText(parts.join(", "));
      };
      layout->addRow(label, edit);
    } else if (key == "mode" && value.is_string()) {
      // BERT: fine-tune end to end, or frozen features with a small head.
      auto* combo = new QComboBox;
      combo->addItems({"finetune", "features"});
      combo->setCurrentText(QString::fromStdString(value.get<std::string>()));
      combo->setObjectName(QString::fromStdString("param_" + dotted));
      combo->setToolTip(
          tr("finetune trains the whole BERT; features freezes it and trains a small head on its "
             "vectors"));
      readers_[dotted] = [combo] { return nlohmann::json(combo->currentText().toStdString()); };
      writers_[dotted] = [combo](const nlohmann::json& v) {
        combo->setCurrentText(QString::fromStdString(v.get<std::string>()));
      };
      layout->addRow(label, combo);
    } else if (key == "device" && value.is_string()) {
      // Where cnn/bilstm/bert train: what this build and machine offer (core/train/Devices.h).
      auto* combo = new QComboBox;
      combo->setEditable(true);
      combo->addItem(QStringLiteral("auto"));
      for (const auto& d : train::availableDevices()) combo->addItem(QString::fromStdString(d));
      combo->setCurrentText(QString::fromStdString(value.get<std::string>()));
      combo->setObjectName(QString::fromStdString("param_" + dotted));
      combo->setToolTip(tr("auto takes the GPU when there is one; this machine: %1")
                            .arg(QString::fromStdString(train::deviceSummary())));
      readers_[dotted] = [combo] {
        return nlohmann::json(combo->currentText().trimmed().toStdString());
      };
      writers_[dotted] = [combo](const nlohmann::json& v) {
        combo->setCurrentText(QString::fromStdString(v.get<std::string>()));
      };
      layout->addRow(label, combo);
    } else if (key == "embedding") {
      // Trained-on-the-data embeddings by name, or pretrained GloVe vectors from a file.
      auto* combo = new QComboBox;
      combo->setEditable(true);
      combo->addItems({"word2vec", "word2vec-cbow", "fasttext", "random"});
      combo->setCurrentText(
          QString::fromStdString(value.is_string() ? value.get<std::string>() : ""));
      combo->setObjectName(QString::fromStdString("param_" + dotted));
      combo->setToolTip(
          tr("word2vec / fasttext are trained on the training split; glove:PATH loads vectors"));
      readers_[dotted] = [combo] {
        return nlohmann::json(combo->currentText().trimmed().toStdString());
      };
      writers_[dotted] = [combo](const nlohmann::json& v) {
        combo->setCurrentText(QString::fromStdString(v.get<std::string>()));
      };
      auto* row = new QWidget;
      auto* h = new QHBoxLayout(row);
      h->setContentsMargins(0, 0, 0, 0);
      auto* browse = new QPushButton(tr("GloVe…"));
      browse->setObjectName("browseGlove");
      browse->setToolTip(tr("Choose a GloVe vectors file (.txt or .gz)"));
      connect(browse, &QPushButton::clicked, this, [this, combo] {
        const auto file = QFileDialog::getOpenFileName(
            this, tr("GloVe vectors"), QString(), tr("GloVe vectors (*.txt *.gz);;All files (*)"));
        if (!file.isEmpty()) combo->setCurrentText(QStringLiteral("glove:") + file);
      });
      h->addWidget(combo, 1);
      h->addWidget(browse);
      layout->addRow(label, row);
    } else {
      auto* edit = new QLineEdit(
          value.is_string() ? QString::fromStdString(value.get<std::string>()) : QString());
      edit->setObjectName(QString::fromStdString("param_" + dotted));
      readers_[dotted] = [edit] { return nlohmann::json(edit->text().trimmed().toStdString()); };
      writers_[dotted] = [edit](const nlohmann::json& v) {
        edit->setText(QString::fromStdString(v.get<std::string>()));
      };
      if (looksLikeFile(key)) {
        auto* row = new QWidget;
        auto* h = new QHBoxLayout(row);
        h->setContentsMargins(0, 0, 0, 0);
        auto* browse = new QPushButton(tr("…"));
        // A BERT checkpoint is a directory (config.json, vocab.txt, weights), not one file.
        const bool directory = key == "bert";
        browse->setObjectName(QString::fromStdString("browse_" + dotted));
        browse->setToolTip(directory ? tr("Choose a Hugging Face BERT checkpoint directory")
                                     : tr("Choose a file"));
        edit->setPlaceholderText(
            directory ? tr("directory with config.json, vocab.txt, model.safetensors") : QString());
        connect(browse, &QPushButton::clicked, this, [this, edit, directory] {
          const auto path =
              directory ? QFileDialog::getExistingDirectory(this, tr("BERT checkpoint directory"))
                        : QFileDialog::getOpenFileName(this, tr("Choose a file"));
          if (path.isEmpty()) return;
          edit->setText(path);
        });
        h->addWidget(edit, 1);
        h->addWidget(browse);
        layout->addRow(label, row);
      } else {
        layout->addRow(label, edit);
      }
    }
  }
}

nlohmann::json ParamsForm::params() const {
  nlohmann::json out = defaults_;
  for (const auto& [dotted, read] : readers_) {
    out[nlohmann::json::json_pointer(
        "/" + QString::fromStdString(dotted).replace('.', '/').toStdString())] = read();
  }
  return out;
}

bool ParamsForm::setValue(const std::string& dottedKey, const nlohmann::json& value) {
  auto it = writers_.find(dottedKey);
  if (it == writers_.end()) return false;
  it->second(value);
  return true;
}

}  // namespace tweetlab::ui
