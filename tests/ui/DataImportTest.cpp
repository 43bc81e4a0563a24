// Data import (issue 19, problems 7 and 11): binary files refused with a clear message and
// nothing of the previous file left under the new name; text and label columns picked from the
// file's header; unknown labels shown in an editable mapping instead of "0 training tweets";
// the preview never keeps another dataset's tweet.
#include <gtest/gtest.h>

#include <QComboBox>
#include <QLabel>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTextBrowser>

#include "tests/ui/WorkbenchFixture.h"

namespace tweetlab::ui {
namespace {

using testing::waitUntil;

class DataImportTest : public WorkbenchFixture {
 protected:
  void SetUp() override { openWindow(/*recordRuns=*/true); }

  // Opens `file` and waits for the load to end; returns the failure message ("" on success).
  QString open(const std::filesystem::path& file) {
    QString failure;
    bool ended = false;
    auto ok = QObject::connect(window_->dataPage(), &DataPage::dataReady, [&] { ended = true; });
    auto failed =
        QObject::connect(window_->dataPage(), &DataPage::loadFailed, [&](const QString& m) {
          failure = m;
          ended = true;
        });
    window_->dataPage()->openFile(QString::fromStdString(file.string()));
    EXPECT_TRUE(waitUntil([&] { return ended; }, 60000));
    QObject::disconnect(ok);
    QObject::disconnect(failed);
    return failure;
  }
  QString summary() { return window_->dataPage()->findChild<QLabel*>("loadSummary")->text(); }
  int tableRows() {
    return window_->dataPage()->findChild<QTableView*>("dataTable")->model()->rowCount();
  }
  QStringList items(const char* comboName) {
    auto* combo = window_->dataPage()->findChild<QComboBox*>(comboName);
    QStringList out;
    for (int i = 0; i < combo->count(); ++i) out << combo->itemText(i);
    return out;
  }
  // A CSV with `rows` rows labelled by `labels` in turn. Such a small file is used whole: a
  // balanced sample larger than the file is refused ("cannot sample 2000 balanced tweets").
  std::filesystem::path csv(const std::string& name, const std::string& header, int rows,
                            const std::vector<std::string>& labels) {
    std::string body = header + "\n";
    for (int i = 0; i < rows; ++i)
      body += std::to_string(i) + ",tweet number " + std::to_string(i) + " is here," +
              labels[static_cast<std::size_t>(i) % labels.size()] + "\n";
    window_->dataPage()->setSampleSize(0);
    return dataDir_.write(name, body);
  }
};

TEST_F(DataImportTest, APngIsRefusedClearlyAndTheOldTableDoesNotStayUnderItsName) {
  loadSample();
  ASSERT_GT(tableRows(), 0);
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  png += std::string(2000, '\0');
  const auto failure = open(dataDir_.write("photo.png", png));
  EXPECT_TRUE(failure.contains("photo.png is not a tweet dataset")) << failure.toStdString();
  EXPECT_TRUE(failure.contains("PNG image")) << failure.toStdString();
  EXPECT_FALSE(failure.contains("columns")) << failure.toStdString();
  EXPECT_TRUE(summary().contains("PNG image")) << summary().toStdString();
  EXPECT_EQ(tableRows(), 0);
  EXPECT_EQ(window_->dataPage()->preparedData(), nullptr);
  EXPECT_FALSE(window_->statusBar()->currentMessage().contains("ready"));
}

TEST_F(DataImportTest, ColumnsArePickedFromEachFilesOwnHeaderAndNeverCarryOver) {
  const auto airline = csv("airline.csv", "id,Tweet,airline_sentiment", 60, {"0", "1"});
  const auto failure = open(airline);
  EXPECT_TRUE(failure.contains("pick the label column")) << failure.toStdString();
  EXPECT_EQ(items("textColumn"), (QStringList{"id", "Tweet", "airline_sentiment"}));
  auto* text = window_->dataPage()->findChild<QComboBox*>("textColumn");
  auto* label = window_->dataPage()->findChild<QComboBox*>("labelColumn");
  EXPECT_FALSE(text->isEditable());
  EXPECT_EQ(text->currentText(), "Tweet");
  // No usual label name: the analyst picks it from the header, and the data loads.
  EXPECT_EQ(label->currentIndex(), -1);
  label->setCurrentText("airline_sentiment");
  bool ready = false;
  QObject::connect(window_->dataPage(), &DataPage::dataReady, [&ready] { ready = true; });
  emit label->activated(label->currentIndex());
  ASSERT_TRUE(waitUntil([&] { return ready; }, 60000));
  EXPECT_EQ(window_->dataPage()->preparedData()->spec.read.labelColumn, "airline_sentiment");

  const auto other = csv("other.csv", "n,body,sentiment", 60, {"negative", "positive"});
  EXPECT_EQ(open(other), "");
  EXPECT_EQ(items("textColumn"), (QStringList{"n", "body", "sentiment"}));
  EXPECT_EQ(items("labelColumn"), (QStringList{"n", "body", "sentiment"}));
  EXPECT_EQ(window_->dataPage()->preparedData()->spec.read.textColumn, "body");
  EXPECT_EQ(window_->dataPage()->preparedData()->spec.read.labelColumn, "sentiment");
}

TEST_F(DataImportTest, UnknownLabelsAreShownInAnEditableMappingNeverAsZeroTweetsReady) {
  const auto moods = csv("moods.csv", "id,text,label", 80, {"happy", "sad"});
  const auto failure = open(moods);
  EXPECT_TRUE(failure.contains("no usable rows")) << failure.toStdString();
  EXPECT_TRUE(failure.contains("'happy' (40)")) << failure.toStdString();
  EXPECT_FALSE(window_->statusBar()->currentMessage().contains("ready"))
      << window_->statusBar()->currentMessage().toStdString();
  EXPECT_FALSE(summary().contains("ready"));

  auto* mapping = window_->dataPage()->findChild<QTableWidget*>("labelMapping");
  ASSERT_NE(mapping, nullptr);
  ASSERT_TRUE(mapping->isVisible());
  ASSERT_EQ(mapping->rowCount(), 2);
  EXPECT_EQ(mapping->item(0, 0)->text(), "happy");
  EXPECT_EQ(mapping->item(0, 1)->text(), "40");
  auto* happy = window_->dataPage()->findChild<QComboBox*>("readAs_happy");
  auto* sad = window_->dataPage()->findChild<QComboBox*>("readAs_sad");
  ASSERT_NE(happy, nullptr);
  ASSERT_NE(sad, nullptr);
  EXPECT_EQ(happy->currentText(), "skip");

  std::shared_ptr<const experiment::PreparedData> prepared;
  QObject::connect(window_->dataPage(), &DataPage::dataReady,
                   [&prepared](auto data) { prepared = data; });
  // Two edits in a row: the second is not lost while the first one's load runs.
  sad->setCurrentIndex(sad->findText("negative"));
  happy->setCurrentIndex(happy->findText("positive"));
  ASSERT_TRUE(waitUntil(
      [&] {
        return prepared && prepared->split.train.size() > 0 &&
               prepared->spec.read.labelMap.size() == 2;
      },
      60000));
  EXPECT_EQ(prepared->report.rowsLoaded, 80u);
  EXPECT_TRUE(waitUntil(
      [&] { return window_->statusBar()->currentMessage().contains("Dataset ready"); }, 5000));
  EXPECT_FALSE(window_->statusBar()->currentMessage().contains(" 0 training"));
}

TEST_F(DataImportTest, TooFewRowsForASplitAreRefusedWithTheReason) {
  const auto five = csv("five.csv", "id,text,label", 5, {"0", "1"});
  window_->dataPage()->setSampleSize(0);
  const auto failure = open(five);
  EXPECT_TRUE(failure.contains("would mean nothing")) << failure.toStdString();
  EXPECT_EQ(window_->trainPage()->currentSpec().data.path, std::filesystem::path());
}

TEST_F(DataImportTest, ThePreviewNeverKeepsATweetOfThePreviousDataset) {
  loadSample();
  auto* table = window_->dataPage()->findChild<QTableView*>("dataTable");
  table->selectRow(0);
  auto* preview = window_->dataPage()->findChild<QTextBrowser*>("preprocessPreview");
  ASSERT_TRUE(waitUntil([&] { return !preview->toPlainText().isEmpty(); }, 30000));
  EXPECT_EQ(open(csv("other.csv", "id,text,label", 60, {"0", "1"})), "");
  EXPECT_TRUE(preview->toPlainText().isEmpty()) << preview->toPlainText().toStdString();
}

}  // namespace
}  // namespace tweetlab::ui
