#include "ui/workbench/ParamFields.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <limits>

#include "core/common/Errors.h"
#include "core/common/Numbers.h"
#include "core/train/Devices.h"
#include "ui/workbench/FileDialogs.h"

namespace tweetlab::ui {
namespace {

QString numberText(double v) {
  return QString::fromStdString(formatDouble(v));
}

// A number as typed, checked against the spec's range.
double checkedNumber(const std::string& key, const QString& text, const ParamSpec* spec) {
  const auto v = parseDouble(text.trimmed().toStdString());
  if (!v) throw InputError("parameter " + key + ": '" + text.toStdString() + "' is not a number");
  if (spec && spec->min && *v < *spec->min)
    throw InputError("parameter " + key + ": " + formatDouble(*v) + " is below the minimum " +
                     formatDouble(*spec->min));
  if (spec && spec->max && *v > *spec->max)
    throw InputError("parameter " + key + ": " + formatDouble(*v) + " is above the maximum " +
                     formatDouble(*spec->max));
  return *v;
}

int bound(const std::optional<double>& limit, int fallback) {
  if (!limit) return fallback;
  return static_cast<int>(std::clamp(*limit, -2e9, 2e9));
}

// `editor` with a browse button that fills it; the button's object name is `buttonName`.
QWidget* withBrowse(QWidget* editor, QPushButton* browse) {
  auto* row = new QWidget;
  auto* h = new QHBoxLayout(row);
  h->setContentsMargins(0, 0, 0, 0);
  h->addWidget(editor, 1);
  h->addWidget(browse);
  return row;
}

}  // namespace

ParamField makeParamField(const std::string& key, const nlohmann::json& value,
                          const ParamSpec* spec, QWidget* dialogParent) {
  ParamField field;
  const QString name = QString::fromStdString("param_" + key);
  if (value.is_boolean()) {
    auto* box = new QCheckBox;
    box->setChecked(value.get<bool>());
    field.editor = field.widget = box;
    field.read = [box] { return nlohmann::json(box->isChecked()); };
    field.write = [box](const nlohmann::json& v) { box->setChecked(v.get<bool>()); };
  } else if (value.is_number_integer() || value.is_number_unsigned()) {
    auto* spin = new QSpinBox;
    spin->setRange(
        bound(spec ? spec->min : std::nullopt, value.is_number_unsigned() ? 0 : -1'000'000'000),
        bound(spec ? spec->max : std::nullopt, 1'000'000'000));
    spin->setValue(value.get<int>());
    spin->setGroupSeparatorShown(spin->maximum() >= 10000);
    field.editor = field.widget = spin;
    field.read = [spin] { return nlohmann::json(spin->value()); };
    field.write = [spin](const nlohmann::json& v) { spin->setValue(v.get<int>()); };
  } else if (value.is_number()) {
    auto* edit = new QLineEdit(numberText(value.get<double>()));
    field.editor = field.widget = edit;
    field.read = [edit, key, spec] {
      return nlohmann::json(checkedNumber(key, edit->text(), spec));
    };
    field.write = [edit](const nlohmann::json& v) { edit->setText(numberText(v.get<double>())); };
  } else if (value.is_array()) {
    QStringList items;
    for (const auto& item : value)
      items << (item.is_number() ? numberText(item.get<double>())
                                 : QString::fromStdString(item.dump()));
    auto* edit = new QLineEdit(items.join(", "));
    edit->setPlaceholderText(QObject::tr("comma-separated numbers"));
    const bool integers = !value.empty() && value.front().is_number_integer();
    field.editor = field.widget = edit;
    field.read = [edit, key, spec, integers] {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& part : edit->text().split(',', Qt::SkipEmptyParts)) {
        const double v = checkedNumber(key, part, spec);
        if (integers) {
          list.push_back(static_cast<int>(v));
        } else {
          list.push_back(v);
        }
      }
      if (list.empty()) throw InputError("parameter " + key + ": give at least one number");
      return list;
    };
    field.write = [edit](const nlohmann::json& v) {
      QStringList parts;
      for (const auto& item : v) parts << numberText(item.get<double>());
      edit->setText(parts.join(", "));
    };
  } else if (spec && !spec->choices.empty()) {
    auto* combo = new QComboBox;
    for (const auto& c : spec->choices) combo->addItem(QString::fromStdString(c));
    combo->setEditable(spec->otherChoices);
    const QString current =
        QString::fromStdString(value.is_string() ? value.get<std::string>() : "");
    if (combo->findText(current) < 0 && !current.isEmpty()) combo->addItem(current);
    combo->setCurrentText(current);
    if (key == "device")
      combo->setToolTip(
          QObject::tr("This machine: %1").arg(QString::fromStdString(train::deviceSummary())));
    field.editor = combo;
    field.widget = combo;
    field.read = [combo] { return nlohmann::json(combo->currentText().trimmed().toStdString()); };
    field.write = [combo](const nlohmann::json& v) {
      const auto text = QString::fromStdString(v.get<std::string>());
      if (combo->findText(text) < 0) combo->addItem(text);
      combo->setCurrentText(text);
    };
    if (spec->path == ParamSpec::Path::File) {  // e.g. embedding: glove:PATH
      auto* browse = new QPushButton(QObject::tr("GloVe…"));
      browse->setObjectName("browseGlove");
      browse->setToolTip(QObject::tr("Choose a GloVe vectors file (.txt or .gz)"));
      QObject::connect(browse, &QPushButton::clicked, dialogParent, [dialogParent, combo] {
        const auto file =
            chooseOpenFile(dialogParent, QStringLiteral("glove"), QObject::tr("GloVe vectors"),
                           QObject::tr("GloVe vectors (*.txt *.gz);;All files (*)"));
        if (!file.isEmpty()) combo->setCurrentText(QStringLiteral("glove:") + file);
      });
      field.widget = withBrowse(combo, browse);
    }
  } else {
    auto* edit = new QLineEdit(value.is_string() ? QString::fromStdString(value.get<std::string>())
                                                 : QString());
    field.editor = field.widget = edit;
    field.read = [edit] { return nlohmann::json(edit->text().trimmed().toStdString()); };
    field.write = [edit](const nlohmann::json& v) {
      edit->setText(QString::fromStdString(v.get<std::string>()));
    };
    if (spec && spec->path != ParamSpec::Path::None) {
      const bool directory = spec->path == ParamSpec::Path::Directory;
      auto* browse = new QPushButton(QObject::tr("Browse…"));
      browse->setObjectName(QString::fromStdString("browse_" + key));
      browse->setToolTip(directory ? QObject::tr("Choose a directory")
                                   : QObject::tr("Choose a file"));
      if (directory)
        edit->setPlaceholderText(QObject::tr("directory with config.json, vocab.txt, weights"));
      QObject::connect(
          browse, &QPushButton::clicked, dialogParent, [dialogParent, edit, directory, key] {
            const QString kind = QString::fromStdString(key);
            const auto path =
                directory ? chooseDirectory(dialogParent, kind, QObject::tr("Choose a directory"))
                          : chooseOpenFile(dialogParent, kind, QObject::tr("Choose a file"));
            if (!path.isEmpty()) edit->setText(path);
          });
      field.widget = withBrowse(edit, browse);
    }
  }
  field.editor->setObjectName(name);
  return field;
}

}  // namespace tweetlab::ui
