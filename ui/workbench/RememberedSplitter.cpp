#include "ui/workbench/RememberedSplitter.h"

#include <QEvent>
#include <QSplitter>
#include <numeric>

#include "ui/workbench/AppSettings.h"

namespace tweetlab::ui {
namespace {

// Shares the splitter in `proportions` once it is shown at its real size, then leaves. setSizes()
// before the splitter is laid out does not last: the first layout shares the room by size hints.
class FirstSplit : public QObject {
 public:
  FirstSplit(QSplitter* splitter, QList<int> proportions)
      : QObject(splitter), proportions_(std::move(proportions)) {
    splitter->installEventFilter(this);
  }

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override {
    auto* splitter = static_cast<QSplitter*>(watched);
    // Laid out by the time it is shown (a page of a stack gets its size only then).
    const bool laidOut =
        event->type() == QEvent::Show || (event->type() == QEvent::Resize && splitter->isVisible());
    if (!laidOut) return false;
    const auto sizes = splitter->sizes();
    const int room = std::accumulate(sizes.begin(), sizes.end(), 0);
    const int parts = std::accumulate(proportions_.begin(), proportions_.end(), 0);
    if (room <= 0 || parts <= 0) return false;
    QList<int> shared;
    for (const int p : proportions_) shared << room * p / parts;
    splitter->setSizes(shared);
    splitter->removeEventFilter(this);
    deleteLater();
    return false;
  }

 private:
  QList<int> proportions_;
};

}  // namespace

void rememberSplitter(QSplitter* splitter, const QString& name, const QList<int>& defaultSizes) {
  splitter->setObjectName(name);
  const QByteArray saved = AppSettings().splitterState(name);
  if ((saved.isEmpty() || !splitter->restoreState(saved)) && !defaultSizes.isEmpty())
    new FirstSplit(splitter, defaultSizes);
  // Saved as the user drags (not at exit), so a killed session keeps the layout too.
  QObject::connect(splitter, &QSplitter::splitterMoved, splitter, [splitter, name] {
    AppSettings().setSplitterState(name, splitter->saveState());
  });
}

}  // namespace tweetlab::ui
