#include "ui/workbench/RunsTableModel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <cmath>
#include <limits>

namespace tweetlab::ui {
namespace {

double metricOf(const tracking::RunSummary& run, const char* key) {
  const auto it = run.metrics.find(key);
  return it == run.metrics.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
}

}  // namespace

RunsTableModel::RunsTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void RunsTableModel::setRuns(std::vector<tracking::RunSummary> runs) {
  beginResetModel();
  runs_ = std::move(runs);
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
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunsTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  static const char* names[] = {"Run",     "Model",    "Preprocessing", "Status",
                                "Started", "Accuracy", "ROC AUC",       "F1",
                                "Fit (s)", "ms/tweet", "MLflow",        "Id"};
  return tr(names[section]);
}

QVariant RunsTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid()) return {};
  const auto& r = runs_[static_cast<std::size_t>(index.row())];
  auto metric = [&](const char* key, int decimals) -> QVariant {
    const double v = metricOf(r, key);
    if (role == Qt::UserRole)
      return std::isfinite(v) ? QVariant(v) : QVariant(-std::numeric_limits<double>::infinity());
    if (role == Qt::DisplayRole)
      return std::isfinite(v) ? QString::number(v, 'f', decimals) : QStringLiteral("–");
    if (role == Qt::TextAlignmentRole) return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
  };
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
    default:
      break;
  }
  if (role == Qt::ForegroundRole && index.column() == Status) {
    if (r.status == tracking::RunStatus::Failed) return QBrush(QColor(198, 40, 40));
    if (r.status == tracking::RunStatus::Killed) return QBrush(QColor(239, 108, 0));
    return {};
  }
  if (role != Qt::DisplayRole && role != Qt::UserRole && role != Qt::ToolTipRole) return {};
  switch (index.column()) {
    case Name:
      return QString::fromStdString(r.runName);
    case Family:
      return QString::fromStdString(r.modelFamily);
    case Preprocessing:
      return QString::fromStdString(r.preprocessing);
    case Status:
      if (role == Qt::ToolTipRole) return QString::fromStdString(r.error);
      return QString::fromStdString(tracking::toString(r.status));
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

}  // namespace tweetlab::ui
