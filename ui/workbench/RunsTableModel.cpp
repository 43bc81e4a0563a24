#include "ui/workbench/RunsTableModel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <cmath>
#include <iterator>
#include <limits>
#include <set>

#include "core/tracking/SplitScores.h"

namespace tweetlab::ui {
namespace {

double metricOf(const tracking::RunSummary& run, const std::string& key) {
  const auto it = run.metrics.find(key);
  return it == run.metrics.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
}

// "<set>_<metric>" for the metrics worth a column; the split metrics (val_, test_) have theirs.
bool isEvalSetMetric(const std::string& key, std::string& set) {
  for (const char* metric : {"_balanced_accuracy", "_roc_auc", "_macro_f1", "_accuracy", "_ece"}) {
    const std::string suffix(metric);
    if (key.size() > suffix.size() &&
        key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0) {
      set = key.substr(0, key.size() - suffix.size());
      if (set.size() > 9 && set.compare(set.size() - 9, 9, "_balanced") == 0) return false;
      return set != "val" && set != "test" && set != "train";
    }
  }
  return false;
}

// A split's row count: -1 (not recorded) shows as a dash and sorts first.
QVariant rowsCell(std::int64_t rows, int role) {
  if (role == Qt::UserRole) return QVariant::fromValue<qint64>(rows);
  if (role == Qt::DisplayRole) return rows < 0 ? QStringLiteral("–") : QString::number(rows);
  if (role == Qt::TextAlignmentRole) return int(Qt::AlignRight | Qt::AlignVCenter);
  return {};
}

bool isSystemTag(const std::string& key) {
  return key.rfind("tweetlab.", 0) == 0 || key.rfind("mlflow.", 0) == 0;
}

QString userTags(const tracking::RunSummary& run) {
  QStringList out;
  for (const auto& [key, value] : run.tags) {
    if (!isSystemTag(key)) out << QString::fromStdString(key + "=" + value);
  }
  return out.join(QStringLiteral(", "));
}

QString allTags(const tracking::RunSummary& run) {
  QStringList out;
  for (const auto& [key, value] : run.tags) out << QString::fromStdString(key + " = " + value);
  return out.join('\n');
}

}  // namespace

QString RunsTableModel::evalMetricAt(int column) const {
  const int i = column - ColumnCount;
  if (i < 0 || i >= static_cast<int>(evalMetrics_.size())) return {};
  return QString::fromStdString(evalMetrics_[static_cast<std::size_t>(i)]);
}

int RunsTableModel::columnOf(const QString& evalMetric) const {
  for (std::size_t i = 0; i < evalMetrics_.size(); ++i) {
    if (QString::fromStdString(evalMetrics_[i]) == evalMetric)
      return ColumnCount + static_cast<int>(i);
  }
  return -1;
}

RunsTableModel::RunsTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void RunsTableModel::setRuns(std::vector<tracking::RunSummary> runs, bool editable) {
  beginResetModel();
  runs_ = std::move(runs);
  editable_ = editable;
  std::set<std::string> keys;
  for (const auto& r : runs_) {
    for (const auto& [key, value] : r.metrics) {
      std::string set;
      if (isEvalSetMetric(key, set)) keys.insert(key);
    }
  }
  evalMetrics_.assign(keys.begin(), keys.end());
  endResetModel();
}

int RunsTableModel::rowOf(const QString& runId) const {
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    if (QString::fromStdString(runs_[i].id) == runId) return static_cast<int>(i);
  }
  return -1;
}

int RunsTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(runs_.size());
}
int RunsTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount + static_cast<int>(evalMetrics_.size());
}

QVariant RunsTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) return {};
  if (section >= ColumnCount) {
    if (role == Qt::DisplayRole) return evalMetricAt(section);
    if (role == Qt::ToolTipRole)
      return tr("Scored on the named evaluation set %1 (train --eval, evaluate, curve)")
          .arg(evalMetricAt(section).section('_', 0, 0));
    return {};
  }
  if (role != Qt::DisplayRole) return {};
  static const char* names[] = {
      "Run",      "Model",   "Preprocessing", "Data",     "Train rows", "Val rows", "Test rows",
      "Status",   "Failure", "Started",       "Accuracy", "ROC AUC",    "F1",       "Fit (s)",
      "ms/tweet", "Tags",    "Notes",         "MLflow",   "Id"};
  static_assert(std::size(names) == ColumnCount);
  return tr(names[section]);
}

QVariant RunsTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid()) return {};
  const auto& r = runs_[static_cast<std::size_t>(index.row())];
  auto metric = [&](const std::string& key, int decimals) -> QVariant {
    const double v = metricOf(r, key);
    // A score of a split part with too few rows is shown grey, with why (as on the Train page).
    if ((role == Qt::ForegroundRole || role == Qt::ToolTipRole) && std::isfinite(v)) {
      const auto warning = tracking::fewRowsWarning(r, key);
      if (warning.empty()) return {};
      if (role == Qt::ForegroundRole) return QBrush(Qt::darkGray);
      return tr("Scored on the %1 part: %2")
          .arg(QString::fromStdString(tracking::splitPartOf(key)), QString::fromStdString(warning));
    }
    if (role == Qt::UserRole)
      return std::isfinite(v) ? QVariant(v) : QVariant(-std::numeric_limits<double>::infinity());
    if (role == Qt::DisplayRole)
      return std::isfinite(v) ? QString::number(v, 'f', decimals) : QStringLiteral("–");
    if (role == Qt::TextAlignmentRole) return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
  };
  if (index.column() >= ColumnCount) {
    // A number from a set of fewer than 30 tweets is shown, but flagged: it is too noisy to rank
    // models by.
    const auto key = evalMetricAt(index.column()).toStdString();
    std::string set;
    isEvalSetMetric(key, set);
    const double rows = metricOf(r, set + "_rows");
    const bool few = std::isfinite(rows) && rows < 30 && std::isfinite(metricOf(r, key));
    if (few && role == Qt::DisplayRole) return metric(key, 4).toString() + QStringLiteral(" ⚠");
    if (few && role == Qt::ToolTipRole)
      return tr("only %1 tweets in '%2': too few to compare models on")
          .arg(rows)
          .arg(QString::fromStdString(set));
    return metric(key, 4);
  }
  switch (index.column()) {
    case Accuracy:
      return metric(tracking::metric::kAccuracy, 4);
    case RocAuc:
      return metric(tracking::metric::kRocAuc, 4);
    case F1:
      return metric(tracking::metric::kF1, 4);
    case FitTime:
      return metric(tracking::metric::kFitTime, 2);
    case MsPerTweet:
      return metric(tracking::metric::kPredictMsPerTweet, 4);
    case TrainRows:
      return rowsCell(r.trainRows, role);
    case ValRows:
      return rowsCell(r.validationRows, role);
    case TestRows:
      return rowsCell(r.testRows, role);
    default:
      break;
  }
  if (role == Qt::ForegroundRole && index.column() == Status) {
    if (r.status == tracking::RunStatus::Failed) return QBrush(QColor(198, 40, 40));
    if (r.status == tracking::RunStatus::Killed) return QBrush(QColor(239, 108, 0));
    return {};
  }
  if (role == Qt::EditRole && (index.column() == Name || index.column() == Notes))
    return QString::fromStdString(index.column() == Name ? r.runName : r.notes);
  if (role != Qt::DisplayRole && role != Qt::UserRole && role != Qt::ToolTipRole) return {};
  switch (index.column()) {
    case Name:
      return QString::fromStdString(r.runName);
    case Notes:
      if (role == Qt::ToolTipRole) return QString::fromStdString(r.notes);
      return QString::fromStdString(r.notes).section('\n', 0, 0);
    case Family:
      return QString::fromStdString(r.modelFamily);
    case Preprocessing:
      return QString::fromStdString(r.preprocessing);
    case Data:
      return QString::fromStdString(r.dataSource);
    case Status:
      if (role == Qt::ToolTipRole) return QString::fromStdString(r.error);
      return QString::fromStdString(tracking::toString(r.status));
    case Failure:
      if (role == Qt::ToolTipRole) return QString::fromStdString(r.error);
      return QString::fromStdString(r.error).section('\n', 0, 0);
    case Tags:
      return role == Qt::ToolTipRole ? allTags(r) : userTags(r);
    case Started:
      if (role == Qt::UserRole) return QVariant::fromValue<qint64>(r.startTimeMs);
      return QDateTime::fromMSecsSinceEpoch(r.startTimeMs)
          .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Mlflow:
      return r.mlflowRunId.empty() ? (r.pushPending ? tr("queued") : QString()) : tr("pushed");
    case Id:
      return QString::fromStdString(r.id);
    default:
      return {};
  }
}

Qt::ItemFlags RunsTableModel::flags(const QModelIndex& index) const {
  auto flags = QAbstractTableModel::flags(index);
  if (editable_ && index.isValid() && (index.column() == Name || index.column() == Notes) &&
      run(index.row()).status != tracking::RunStatus::Running)
    flags |= Qt::ItemIsEditable;
  return flags;
}

bool RunsTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (role != Qt::EditRole || !(flags(index) & Qt::ItemIsEditable)) return false;
  const bool name = index.column() == Name;
  const QString text = name ? value.toString().trimmed() : value.toString();
  if (name && text.isEmpty()) return false;  // a run always has a name to find it by
  auto& r = runs_[static_cast<std::size_t>(index.row())];
  auto& field = name ? r.runName : r.notes;
  if (field == text.toStdString()) return false;
  field = text.toStdString();
  emit dataChanged(index, index);
  emit runEdited(QString::fromStdString(r.id), index.column(), text);
  return true;
}

}  // namespace tweetlab::ui
