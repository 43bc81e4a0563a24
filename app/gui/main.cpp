// tweetlab: the workbench GUI.
#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <iostream>

#include "core/common/Version.h"
#include "ui/workbench/AppSettings.h"
#include "ui/workbench/DataPage.h"
#include "ui/workbench/MainWindow.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName("TweetLab");
  QApplication::setApplicationName("TweetLab");
  QApplication::setApplicationVersion(QString::fromLatin1(tweetlab::kVersion));

  QCommandLineParser parser;
  parser.setApplicationDescription("TweetLab: a workbench for tweet sentiment models");
  parser.addHelpOption();
  QCommandLineOption version("version", "Print the version and exit.");
  QCommandLineOption sample("sample", "Open the bundled Sentiment140 sample at start.");
  QCommandLineOption data("data", "Open FILE at start.", "FILE");
  QCommandLineOption quitAfter("quit-after", "Quit after MS milliseconds (smoke tests).", "MS");
  parser.addOptions({version, sample, data, quitAfter});
  parser.process(app);
  if (parser.isSet(version)) {
    std::cout << "tweetlab " << tweetlab::kVersion << " (commit " << tweetlab::kGitCommit << ", Qt "
              << qVersion() << ")\n";
    return 0;
  }

  tweetlab::ui::MainWindow window;
  window.show();
  if (parser.isSet(data)) {
    window.dataPage()->openFile(parser.value(data));
  } else if (parser.isSet(sample) || tweetlab::ui::AppSettings().lastDataset().isEmpty()) {
    window.dataPage()->openBundledSample();
  } else {
    window.dataPage()->openFile(tweetlab::ui::AppSettings().lastDataset());
  }
  if (parser.isSet(quitAfter)) QTimer::singleShot(parser.value(quitAfter).toInt(), &app, &QApplication::quit);
  return QApplication::exec();
}
