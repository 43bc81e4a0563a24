#include "ui/workbench/ClusterPanel.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStandardPaths>
#include <QTimer>
#include <QVBoxLayout>

#include "core/cluster/SlurmGrid.h"
#include "core/common/Platform.h"
#include "ui/workbench/AppSettings.h"

namespace tweetlab::ui {
namespace {

// tweetlab-cli as the nodes will run it: $TWEETLAB_CLI when set, beside this program when
// installed, in the build tree's app/cli otherwise, else on PATH.
std::filesystem::path cliProgram() {
  if (const auto set = qEnvironmentVariable("TWEETLAB_CLI"); !set.isEmpty())
    return set.toStdString();
  const auto here = platform::executablePath().parent_path();
  for (const auto& candidate :
       {here / "tweetlab-cli", here.parent_path() / "cli" / "tweetlab-cli"}) {
    if (std::filesystem::exists(candidate)) return std::filesystem::absolute(candidate);
  }
  return QStandardPaths::findExecutable(QStringLiteral("tweetlab-cli")).toStdString();
}

}  // namespace

ClusterPanel::ClusterPanel(SpecSource specs, QWidget* parent)
    : QWidget(parent), specs_(std::move(specs)), timer_(new QTimer(this)) {
  send_ = new QPushButton(tr("Send to &cluster"));
  send_->setObjectName("sendToCluster");
  send_->setToolTip(
      tr("Submit the queue (or the form) as one Slurm job array; runs land in MLflow"));
  status_ = new QLabel;
  status_->setObjectName("clusterStatus");
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(send_);
  layout->addWidget(status_);
  timer_->setInterval(10'000);
  connect(timer_, &QTimer::timeout, this, &ClusterPanel::poll);
  connect(send_, &QPushButton::clicked, this, &ClusterPanel::send);
  reloadSettings();
}

void ClusterPanel::setPollInterval(int milliseconds) {
  timer_->setInterval(milliseconds);
}

void ClusterPanel::reloadSettings() {
  setVisible(AppSettings().executor() == QStringLiteral("slurm"));
}

void ClusterPanel::send() {
  AppSettings settings;
  cluster::GridSubmission submission;
  try {
    submission.specs = specs_();
  } catch (const std::exception& e) {
    status_->setText(
        tr("<b>Check the parameters:</b> %1").arg(QString::fromUtf8(e.what()).toHtmlEscaped()));
    return;
  }
  for (auto& spec : submission.specs) spec.data.path = std::filesystem::absolute(spec.data.path);
  auto& r = submission.resources;
  r.partition = settings.slurmPartition().toStdString();
  r.time = settings.slurmTime().toStdString();
  r.cpusPerTask = settings.slurmCpusPerTask();
  r.mem = settings.slurmMemory().toStdString();
  r.gres = settings.slurmGres().toStdString();
  r.ntasks = std::max(1, settings.slurmTasks());
  submission.trackingUri = settings.trackingUri().toStdString();
  submission.experiment = settings.experimentName().toStdString();
  submission.program = cliProgram();
  submission.workDir =
      std::filesystem::path(settings.gridDirectory().toStdString()) /
      QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")).toStdString();
  send_->setEnabled(false);
  status_->setText(tr("Submitting %1 experiments to Slurm…").arg(submission.specs.size()));
  runner_.run(
      [submission] { return cluster::submitGrid(submission); },
      [this](const cluster::SubmittedGrid& done) {
        send_->setEnabled(true);
        job_ = QString::fromStdString(done.jobId);
        states_.clear();
        status_->setText(tr("Job %1: %2 tasks submitted (files in %3)")
                             .arg(job_)
                             .arg(done.tasks)
                             .arg(QString::fromStdString(done.workDir.string()).toHtmlEscaped()));
        emit submitted(job_, static_cast<int>(done.tasks));
        emit statusMessage(tr("Grid sent to Slurm as job %1").arg(job_));
        timer_->start();
        poll();
      },
      [this](const QString& error) {
        send_->setEnabled(true);
        status_->setText(tr("<b>Not submitted:</b> %1").arg(error.toHtmlEscaped()));
      });
}

void ClusterPanel::poll() {
  if (job_.isEmpty() || polling_) return;
  polling_ = true;
  const auto job = job_;
  poller_.run([name = job.toStdString()] { return cluster::gridTaskStates(name); },
              [this, job](const std::vector<cluster::TaskState>& states) {
                polling_ = false;
                if (job != job_) return;  // another grid was sent meanwhile
                std::map<QString, int> counts;
                bool ended = !states.empty();
                for (const auto& s : states) {
                  const auto state = QString::fromStdString(s.state);
                  ++counts[state];
                  ended = ended && cluster::isFinalState(s.state);
                  const auto before = states_.find(s.task);
                  const bool changed = before == states_.end() || before->second != state;
                  states_[s.task] = state;
                  if (changed && cluster::isFinalState(s.state)) emit taskEnded(job, s.task, state);
                }
                QStringList parts;
                for (const auto& [state, n] : counts)
                  parts << QStringLiteral("%1 %2").arg(n).arg(state);
                status_->setText(tr("Job %1: %2").arg(job, parts.join(QStringLiteral(", "))));
                if (ended) {
                  timer_->stop();
                  emit allEnded(job);
                  emit statusMessage(
                      tr("Slurm job %1 ended: %2").arg(job, parts.join(QStringLiteral(", "))));
                }
              },
              [this, job](const QString& error) {
                polling_ = false;
                if (job == job_) status_->setText(tr("Job %1: %2").arg(job, error.toHtmlEscaped()));
              });
}

}  // namespace tweetlab::ui
