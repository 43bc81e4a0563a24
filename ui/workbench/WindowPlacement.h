#pragma once
// Where the main window opens: the first time as large as it is comfortable (1280×800) but never
// larger than the screen's free area, title bar included (a 1366×768 laptop); afterwards where it
// was, moved and shrunk onto the screen if that screen is now smaller or gone.
#include <QByteArray>
#include <QMargins>
#include <QRect>
#include <QSize>

class QWidget;

namespace tweetlab::ui {

// The size the first window asks for before the screen limits it.
inline constexpr QSize kPreferredWindowSize{1280, 800};
// The frame around the client area before the window manager has said what it is.
inline constexpr QMargins kAssumedFrame{2, 34, 2, 2};

// `client` (the geometry without the frame) changed as little as possible so that it plus
// `frame` lies inside `available`; never smaller than `minimum` (the layout's own minimum).
QRect fitOnScreen(const QRect& client, const QMargins& frame, const QRect& available,
                  const QSize& minimum = {});

// Restores `saved` (QWidget::saveGeometry) or sizes a first window, then fits it on its screen.
void placeWindow(QWidget* window, const QByteArray& saved);

}  // namespace tweetlab::ui
