// Issue 19 problem 2: on a 1366×768 screen the first window fits with its title bar, and on every
// page every control is inside the window and shown whole (nothing to scroll the window for, no
// clipped button). Controls inside a scrolling list or form are checked against its viewport.
#include <gtest/gtest.h>

#include <QAbstractButton>
#include <QAbstractScrollArea>
#include <QComboBox>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLineEdit>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableView>
#include <QTableWidget>
#include <QToolButton>

#include "tests/support/TempDir.h"
#include "tests/ui/UiTestSupport.h"
#include "ui/workbench/AppSettings.h"
#include "ui/workbench/DataPage.h"
#include "ui/workbench/MainWindow.h"
#include "ui/workbench/TrainPage.h"
#include "ui/workbench/WindowPlacement.h"

namespace tweetlab::ui {
namespace {

using testing::waitUntil;

// The nearest ancestor that scrolls its content, or null.
QAbstractScrollArea* scrollingAncestor(QWidget* widget, QWidget* stop) {
  for (auto* w = widget->parentWidget(); w && w != stop; w = w->parentWidget()) {
    if (auto* area = qobject_cast<QAbstractScrollArea*>(w)) return area;
  }
  return nullptr;
}

// Every visible button, drop-down and field of `page`: inside `window` (or its scroll viewport)
// and at least as wide as it needs to show its text.
void expectEveryControlReachable(QWidget* window, QWidget* page, const QString& name) {
  QList<QWidget*> controls;
  for (auto* w : page->findChildren<QAbstractButton*>()) controls << w;
  for (auto* w : page->findChildren<QComboBox*>()) controls << w;
  for (auto* w : page->findChildren<QLineEdit*>()) {
    if (!qobject_cast<QComboBox*>(w->parentWidget())) controls << w;  // a combo's own edit
  }
  for (auto* control : controls) {
    if (!control->isVisibleTo(window) || !control->isVisible()) continue;
    // Buttons inside item views and tab bars are the views' business.
    if (control->parentWidget() && control->parentWidget()->inherits("QTabBar")) continue;
    // So are a scroll area's own buttons (a table's corner button, scroll arrows).
    if (qobject_cast<QAbstractButton*>(control) && control->parentWidget() &&
        control->parentWidget()->inherits("QAbstractScrollArea"))
      continue;
    const auto where = name.toStdString() + ": " + control->metaObject()->className() + " '" +
                       control->objectName().toStdString() + "' " +
                       (qobject_cast<QAbstractButton*>(control)
                            ? qobject_cast<QAbstractButton*>(control)->text().toStdString()
                            : std::string());
    QWidget* frame = window;
    if (auto* area = scrollingAncestor(control, page)) frame = area->viewport();
    const QRect rect(control->mapTo(window, QPoint(0, 0)), control->size());
    const QRect visible(frame->mapTo(window, QPoint(0, 0)), frame->size());
    if (frame == window) {
      EXPECT_TRUE(visible.contains(rect)) << where << " lies outside the window";
    } else {
      // In a scrolling form the control may be scrolled out vertically, never cut horizontally.
      EXPECT_GE(rect.left(), visible.left()) << where << " is cut on the left";
      EXPECT_LE(rect.right(), visible.right()) << where << " is cut on the right";
    }
    if (qobject_cast<QAbstractButton*>(control)) {
      EXPECT_GE(control->width(), control->minimumSizeHint().width()) << where << " is clipped";
    }
  }
}

TEST(SmallScreenTest, EveryPageFitsA1366x768ScreenWithoutScrollingTheWindow) {
  testing::TempDir dataDir;
  QSettings().clear();
  AppSettings().setDataDirectory(QString::fromStdString(dataDir.path().string()));
  const QRect screen = QGuiApplication::primaryScreen()->availableGeometry();
  ASSERT_EQ(screen.size(), QSize(1366, 768));

  MainWindow window;
  window.show();
  ASSERT_TRUE(waitUntil([&] { return window.isVisible(); }, 5000));
  EXPECT_TRUE(screen.contains(window.frameGeometry()))
      << "frame " << window.frameGeometry().width() << "x" << window.frameGeometry().height()
      << ", the window needs at least " << window.minimumSizeHint().width() << "x"
      << window.minimumSizeHint().height();
  window.dataPage()->findChild<QSpinBox*>("sampleSize")->setValue(2000);
  bool ready = false;
  QObject::connect(window.dataPage(), &DataPage::dataReady, [&ready] { ready = true; });
  window.dataPage()->openBundledSample();
  ASSERT_TRUE(waitUntil([&] { return ready; }, 60000));

  auto* pages = window.findChild<QStackedWidget*>();
  ASSERT_NE(pages, nullptr);
  for (int i = 0; i < pages->count(); ++i) {
    auto* page = pages->widget(i);
    window.showPage(page);
    QCoreApplication::processEvents();
    const QString name = page->metaObject()->className();
    EXPECT_TRUE(screen.contains(window.frameGeometry()))
        << name.toStdString() << " grew the window (it needs at least "
        << page->minimumSizeHint().width() << "x" << page->minimumSizeHint().height() << ")";
    EXPECT_LE(page->minimumSizeHint().height(), pages->height())
        << name.toStdString() << " needs " << page->minimumSizeHint().height() << " px";
    expectEveryControlReachable(&window, page, name);
  }
}

// Issue 19: the Data page's rows get the height at 1366x768. The label mapping, a table of its
// own above them, left room for five rows; folded to one line when every label reads the usual
// way, it leaves at least twelve. A file whose labels are skipped still shows it open.
TEST(SmallScreenTest, TheDataTableShowsAtLeastTwelveRowsAt1366x768) {
  testing::TempDir dataDir;
  QSettings().clear();
  AppSettings().setDataDirectory(QString::fromStdString(dataDir.path().string()));
  MainWindow window;
  window.show();
  ASSERT_TRUE(waitUntil([&] { return window.isVisible(); }, 5000));
  auto* data = window.dataPage();
  window.showPage(data);
  data->findChild<QSpinBox*>("sampleSize")->setValue(2000);
  bool ready = false;
  QObject::connect(data, &DataPage::dataReady, [&ready] { ready = true; });
  data->openBundledSample();
  ASSERT_TRUE(waitUntil([&] { return ready; }, 60000));
  QCoreApplication::processEvents();

  auto* table = data->findChild<QTableView*>("dataTable");
  ASSERT_NE(table, nullptr);
  const int rowHeight = table->verticalHeader()->defaultSectionSize();
  const int rows = table->viewport()->height() / rowHeight;
  EXPECT_GE(rows, 12) << "the data table is " << table->viewport()->height() << " px high";
  auto* toggle = data->findChild<QToolButton*>("labelMapToggle");
  ASSERT_NE(toggle, nullptr);
  EXPECT_TRUE(toggle->isVisible()) << "the mapping is one click away";
  EXPECT_TRUE(toggle->text().contains("all read")) << toggle->text().toStdString();
  EXPECT_FALSE(data->findChild<QTableWidget*>("labelMapping")->isVisible());
  toggle->click();
  EXPECT_TRUE(data->findChild<QTableWidget*>("labelMapping")->isVisible());
}

TEST(SmallScreenTest, AWindowSavedOnALargerScreenIsFittedOntoThisOne) {
  testing::TempDir dataDir;
  QSettings().clear();
  AppSettings().setDataDirectory(QString::fromStdString(dataDir.path().string()));
  {
    QWidget huge;  // where a 2560x1600 monitor left it
    huge.setGeometry(2000, 1500, 3000, 2000);
    AppSettings().setWindowGeometry(huge.saveGeometry());
  }
  MainWindow window;
  window.show();
  ASSERT_TRUE(waitUntil([&] { return window.isVisible(); }, 5000));
  const QRect screen = QGuiApplication::primaryScreen()->availableGeometry();
  EXPECT_TRUE(screen.contains(window.frameGeometry()))
      << "frame " << window.frameGeometry().x() << "," << window.frameGeometry().y() << " "
      << window.frameGeometry().width() << "x" << window.frameGeometry().height();
  EXPECT_TRUE(screen.contains(window.geometry().marginsAdded(kAssumedFrame)))
      << "no room left for a real title bar";
}

// Issue 19 problem 9: every family's parameter form shows without a horizontal scrollbar and
// without a clipped button, at the Train page's size on this screen.
TEST(SmallScreenTest, EveryFamilysParameterFormFitsItsWidth) {
  testing::TempDir dataDir;
  QSettings().clear();
  AppSettings().setDataDirectory(QString::fromStdString(dataDir.path().string()));
  MainWindow window;
  window.show();
  window.showPage(window.trainPage());
  auto* family = window.trainPage()->findChild<QComboBox*>("modelFamily");
  ASSERT_NE(family, nullptr);
  for (int i = 0; i < family->count(); ++i) {
    window.trainPage()->selectFamily(family->itemText(i));
    QCoreApplication::processEvents();
    auto* form = window.trainPage()->findChild<QScrollArea*>("paramsScroll");
    ASSERT_NE(form, nullptr);
    EXPECT_FALSE(form->horizontalScrollBar()->isVisible())
        << family->itemText(i).toStdString() << ": the form scrolls sideways";
    expectEveryControlReachable(&window, window.trainPage(), family->itemText(i));
  }
}

}  // namespace
}  // namespace tweetlab::ui
