#include "ui/workbench/HelpDialogs.h"

#include <QDialog>
#include <QFile>
#include <QFileInfo>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>
#include <QtGlobal>

#include "app/common/VersionReport.h"
#include "core/common/Resources.h"

namespace tweetlab::ui {

QString aboutText() {
  return QString::fromStdString(app::versionReport(
      "TweetLab", {{"Qt", std::string(qVersion()) + " (built with " QT_VERSION_STR ")"}}));
}

QString userGuidePath() {
  // Installed next to the sample data; in a build tree the resources folder's sibling docs/.
  for (const char* relative : {"doc/user-guide.md", "../docs/user-guide.md"}) {
    if (const auto found = findResource(relative))
      return QFileInfo(QString::fromStdString(found->string())).canonicalFilePath();
  }
  return {};
}

QWidget* showUserGuide(QWidget* parent) {
  const QString path = userGuidePath();
  QFile file(path);
  if (path.isEmpty() || !file.open(QIODevice::ReadOnly)) return nullptr;
  auto* dialog = new QDialog(parent);
  dialog->setObjectName("userGuide");
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setWindowTitle(QObject::tr("TweetLab user guide"));
  auto* browser = new QTextBrowser;
  browser->setOpenExternalLinks(true);
  browser->setSearchPaths({QFileInfo(path).absolutePath()});  // screenshots/*.png
  browser->setMarkdown(QString::fromUtf8(file.readAll()));
  auto* layout = new QVBoxLayout(dialog);
  layout->addWidget(browser);
  dialog->resize(900, 640);
  dialog->show();
  return dialog;
}

}  // namespace tweetlab::ui
