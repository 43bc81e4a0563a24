#include "ui/workbench/LabelQueue.h"

#include <QComboBox>
#include <QDateTime>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QUuid>
#include <QVBoxLayout>

#include "core/telemetry/FeedbackLog.h"
#include "ui/workbench/BackgroundTask.h"
#include "ui/workbench/FileDialogs.h"

namespace tweetlab::ui {

LabelQueue::LabelQueue(QWidget* parent)
    : QWidget(parent),
      bundle_(new QLineEdit),
      pool_(new QLineEdit),
      strategy_(new QComboBox),
      size_(new QSpinBox),
      rankButton_(new QPushButton(tr("Rank the pool"))),
      tweet_(new QLabel),
      guess_(new QLabel),
      progress_(new QLabel),
      positive_(new QPushButton(tr("Positive"))),
      negative_(new QPushButton(tr("Negative"))),
      skip_(new QPushButton(tr("Skip"))),
      task_(new BackgroundTask(this)) {
  bundle_->setObjectName("queueBundle");
  bundle_->setPlaceholderText(tr("model bundle folder (ranks the pool)"));
  pool_->setObjectName("queuePool");
  pool_->setPlaceholderText(tr("unlabelled tweets: .txt (one per line), CSV or JSONL"));
  strategy_->setObjectName("queueStrategy");
  strategy_->addItems({"uncertainty", "diverse", "random"});
  size_->setObjectName("queueSize");
  size_->setRange(1, 10000);
  size_->setValue(50);
  rankButton_->setObjectName("rankPool");
  tweet_->setObjectName("queueTweet");
  tweet_->setWordWrap(true);
  tweet_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  QFont larger = tweet_->font();
  larger.setPointSizeF(larger.pointSizeF() * 1.2);
  tweet_->setFont(larger);
  guess_->setObjectName("queueGuess");
  progress_->setObjectName("queueProgress");
  positive_->setObjectName("queuePositive");
  negative_->setObjectName("queueNegative");
  skip_->setObjectName("queueSkip");

  auto* browseBundle = new QPushButton(tr("…"));
  connect(browseBundle, &QPushButton::clicked, this, [this] {
    const auto dir = chooseDirectory(this, QStringLiteral("bundle"), tr("Model bundle"));
    if (!dir.isEmpty()) setBundle(dir);
  });
  auto* browsePool = new QPushButton(tr("…"));
  connect(browsePool, &QPushButton::clicked, this, [this] {
    const auto file = chooseOpenFile(this, QStringLiteral("dataset"), tr("Unlabelled tweets"),
                                     tr("Tweets (*.txt *.csv *.tsv *.jsonl);;All files (*)"));
    if (!file.isEmpty()) setPool(file);
  });
  connect(rankButton_, &QPushButton::clicked, this, &LabelQueue::rank);
  connect(positive_, &QPushButton::clicked, this, &LabelQueue::labelPositive);
  connect(negative_, &QPushButton::clicked, this, &LabelQueue::labelNegative);
  connect(skip_, &QPushButton::clicked, this, &LabelQueue::skip);

  auto* sourceRow = new QHBoxLayout;
  sourceRow->addWidget(new QLabel(tr("Bundle")));
  sourceRow->addWidget(bundle_, 1);
  sourceRow->addWidget(browseBundle);
  sourceRow->addWidget(new QLabel(tr("Pool")));
  sourceRow->addWidget(pool_, 1);
  sourceRow->addWidget(browsePool);
  auto* rankRow = new QHBoxLayout;
  rankRow->addWidget(new QLabel(tr("Strategy")));
  rankRow->addWidget(strategy_);
  rankRow->addWidget(new QLabel(tr("Tweets")));
  rankRow->addWidget(size_);
  rankRow->addStretch();
  rankRow->addWidget(rankButton_);
  auto* answerRow = new QHBoxLayout;
  answerRow->addWidget(progress_, 1);
  answerRow->addWidget(positive_);
  answerRow->addWidget(negative_);
  answerRow->addWidget(skip_);

  auto* box = new QGroupBox(tr("Label next (what the model is least sure about)"));
  auto* inner = new QVBoxLayout(box);
  inner->addLayout(sourceRow);
  inner->addLayout(rankRow);
  inner->addWidget(tweet_);
  inner->addWidget(guess_);
  inner->addLayout(answerRow);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(box);

  connect(task_, &BackgroundTask::succeeded, this, [this] {
    rankButton_->setEnabled(true);
    predictor_ = std::move(ranking_->predictor);
    chosen_ = std::move(ranking_->pool);
    queue_ = std::move(ranking_->suggestions);
    ranking_.reset();
    position_ = 0;
    showCurrent();
    emit ranked(static_cast<int>(queue_.size()));
  });
  connect(task_, &BackgroundTask::failed, this, [this](const QString& message) {
    rankButton_->setEnabled(true);
    ranking_.reset();
    progress_->setText(tr("<b>Could not rank:</b> %1").arg(message.toHtmlEscaped()));
    emit failed(message);
  });
  showCurrent();
}

LabelQueue::~LabelQueue() = default;

void LabelQueue::setBundle(const QString& dir) {
  bundle_->setText(dir);
}
void LabelQueue::setPool(const QString& file) {
  pool_->setText(file);
}
void LabelQueue::setStrategy(const QString& strategy) {
  strategy_->setCurrentText(strategy);
}
void LabelQueue::setSize(int n) {
  size_->setValue(n);
}
bool LabelQueue::isRanking() const {
  return task_->isRunning();
}

void LabelQueue::rank() {
  if (task_->isRunning()) return;
  const auto bundleDir = bundle_->text().trimmed().toStdString();
  const auto poolFile = pool_->text().trimmed().toStdString();
  if (bundleDir.empty() || poolFile.empty()) {
    progress_->setText(tr("Choose a bundle and a pool of unlabelled tweets first."));
    return;
  }
  domain::SelectionOptions options;
  options.strategy = domain::strategyFromString(strategy_->currentText().toStdString());
  options.n = static_cast<std::size_t>(size_->value());
  rankButton_->setEnabled(false);
  progress_->setText(tr("Ranking…"));
  ranking_ = std::make_shared<Ranked>();
  task_->start([bundleDir, poolFile, options, out = ranking_](train::TrainObserver& observer) {
    observer.status("loading the bundle");
    out->predictor = bundle::Predictor::load(bundleDir);
    out->pool = sources::loadTextPool(poolFile);
    observer.status("ranking " + std::to_string(out->pool.tweets.size()) + " tweets");
    auto suggestions = domain::suggestForPool(*out->predictor, out->pool, options);
    // Keep only the chosen tweets' texts: the queue does not need the whole pool.
    sources::TextPool chosen;
    chosen.file = out->pool.file;
    for (auto& s : suggestions) {
      chosen.tweets.push_back(out->pool.tweets[s.index]);
      s.index = chosen.tweets.size() - 1;
    }
    out->pool = std::move(chosen);
    out->suggestions = std::move(suggestions);
  });
}

QString LabelQueue::currentText() const {
  if (position_ >= queue_.size()) return {};
  return QString::fromStdString(chosen_.tweets[queue_[position_].index].text);
}

void LabelQueue::showCurrent() {
  const bool any = position_ < queue_.size();
  positive_->setEnabled(any);
  negative_->setEnabled(any);
  skip_->setEnabled(any);
  if (!any) {
    tweet_->setText(queue_.empty() ? tr("Rank a pool to start labelling.")
                                   : tr("Queue done: rank again for more."));
    guess_->clear();
    progress_->setText(queue_.empty() ? QString()
                                      : tr("%1 tweets labelled or skipped").arg(queue_.size()));
    return;
  }
  const auto& s = queue_[position_];
  tweet_->setText(currentText());
  const auto& labels = predictor_->manifest().labelMap;
  const bool positive = s.probability >= predictor_->threshold();
  guess_->setText(tr("The model says <b>%1</b> (P(positive) %2, threshold %3)")
                      .arg(QString::fromStdString(labels.at(positive ? 1 : 0)))
                      .arg(s.probability, 0, 'f', 3)
                      .arg(predictor_->threshold(), 0, 'f', 3));
  progress_->setText(tr("%1 of %2").arg(position_ + 1).arg(queue_.size()));
}

void LabelQueue::skip() {
  if (position_ >= queue_.size()) return;
  ++position_;
  showCurrent();
}

void LabelQueue::answer(int label) {
  if (position_ >= queue_.size() || !predictor_) return;
  const auto& s = queue_[position_];
  const auto& manifest = predictor_->manifest();
  const bool predictedPositive = s.probability >= manifest.threshold;
  telemetry::FeedbackRecord record;
  record.id = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
  record.receivedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toStdString();
  record.text = currentText().toStdString();
  record.predicted = manifest.labelMap.at(predictedPositive ? 1 : 0);
  record.score = predictedPositive ? s.probability : 1.0 - s.probability;
  // The tester's label is the truth: the model's guess is accepted when they agree, so the log
  // maps back to the same label (core/sources/FeedbackDataset).
  record.accepted = (label == 1) == predictedPositive;
  record.modelName = manifest.name;
  record.modelVersion = manifest.version;
  ++position_;
  showCurrent();
  if (!log_) {
    emit failed(tr("No feedback log is open: set one in Settings"));
    return;
  }
  saver_.run([log = log_, record] { log->append(record); },
             [this, record] {
               emit labelled(record);
               emit statusMessage(tr("Labelled and saved to the feedback log"));
             },
             [this](const QString& problem) {
               emit failed(tr("The label could not be saved: %1").arg(problem));
             });
}

}  // namespace tweetlab::ui
