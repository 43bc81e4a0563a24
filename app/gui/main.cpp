// tweetlab: the workbench GUI.
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>
#include <iostream>
#include <string_view>

#include "app/common/OpenMpWaitPolicy.h"
#include "app/common/VersionReport.h"
#include "core/common/Version.h"
#include "ui/workbench/AppSettings.h"
#include "ui/workbench/DataPage.h"
#include "ui/workbench/MainWindow.h"

int main(int argc, char** argv) {
  tweetlab::app::preferPassiveOpenMpWait(argv);  // first: it may restart the program
  // Before QApplication: it aborts without a display, and --version must work over ssh too.
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--version") {
      std::cout << tweetlab::app::versionReport(
          "tweetlab", {{"Qt", std::string(qVersion()) + " (built with " QT_VERSION_STR ")"}});
      return 0;
    }
  }
  QApplication app(argc, argv);
  QApplication::setOrganizationName("TweetLab");
  QApplication::setApplicationName("TweetLab");
  QApplication::setApplicationVersion(QString::fromLatin1(tweetlab::kVersion));
  // Ties the window to installer/linux/org.tweetlab.TweetLab.desktop (Wayland app id, taskbar
  // icon); the icon comes from the hicolor theme the package installs it into.
  QGuiApplication::setDesktopFileName(QStringLiteral("org.tweetlab.TweetLab"));
  QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("org.tweetlab.TweetLab")));

  QCommandLineParser parser;
  parser.setApplicationDescription("TweetLab: a workbench for tweet sentiment models");
  parser.addHelpOption();
  // Handled above; declared so that --help lists it.
  QCommandLineOption version("version", "Print the version, git commit and library versions.");
  QCommandLineOption sample("sample", "Open the bundled Sentiment140 sample at start.");
  QCommandLineOption data("data", "Open FILE at start.", "FILE");
  QCommandLineOption quitAfter("quit-after", "Quit after MS milliseconds (smoke tests).", "MS");
  parser.addOptions({version, sample, data, quitAfter});
  // The desktop entry's "Exec=tweetlab %f" passes a file opened from a file manager this way.
  parser.addPositionalArgument("file", "Dataset to open at start (same as --data).", "[file]");
  parser.process(app);

  tweetlab::ui::MainWindow window;
  window.show();
  if (parser.isSet(data)) {
    window.dataPage()->openFile(parser.value(data));
  } else if (!parser.positionalArguments().isEmpty()) {
    window.dataPage()->openFile(parser.positionalArguments().constFirst());
  } else if (parser.isSet(sample) || tweetlab::ui::AppSettings().lastDataset().isEmpty()) {
    window.dataPage()->openBundledSample();
  } else {
    window.dataPage()->openFile(tweetlab::ui::AppSettings().lastDataset());
  }
  if (parser.isSet(quitAfter))
    QTimer::singleShot(parser.value(quitAfter).toInt(), &app, &QApplication::quit);
  return QApplication::exec();
}
