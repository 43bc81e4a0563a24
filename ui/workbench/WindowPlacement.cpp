#include "ui/workbench/WindowPlacement.h"

#include <QGuiApplication>
#include <QScreen>
#include <QWidget>
#include <algorithm>

namespace tweetlab::ui {

QRect fitOnScreen(const QRect& client, const QMargins& frame, const QRect& available,
                  const QSize& minimum) {
  const QRect room = available.marginsRemoved(frame);  // where the client area may go
  const int width = std::max(minimum.width(), std::min(client.width(), room.width()));
  const int height = std::max(minimum.height(), std::min(client.height(), room.height()));
  // Keep the position when it fits; otherwise slide in from the right/bottom, then the left/top.
  int x = std::min(client.x(), room.right() + 1 - width);
  int y = std::min(client.y(), room.bottom() + 1 - height);
  x = std::max(x, room.left());
  y = std::max(y, room.top());
  return {x, y, width, height};
}

void placeWindow(QWidget* window, const QByteArray& saved) {
  QScreen* screen = nullptr;
  if (saved.isEmpty() || !window->restoreGeometry(saved)) {
    screen = window->screen() ? window->screen() : QGuiApplication::primaryScreen();
    // First start: centred on the primary screen.
    QRect wanted({0, 0}, kPreferredWindowSize);
    if (screen) wanted.moveCenter(screen->availableGeometry().center());
    window->setGeometry(wanted);
  }
  // The screen the restored window is on, or the nearest one (a monitor unplugged since).
  screen = QGuiApplication::screenAt(window->geometry().center());
  if (!screen) screen = window->screen() ? window->screen() : QGuiApplication::primaryScreen();
  if (!screen) return;
  window->setGeometry(
      fitOnScreen(window->geometry(), kAssumedFrame, screen->availableGeometry(),
                  window->minimumSizeHint().boundedTo(screen->availableGeometry().size())));
}

}  // namespace tweetlab::ui
