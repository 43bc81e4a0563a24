#include "ui/workbench/SmoothingControl.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <cmath>

#include "ui/workbench/AppSettings.h"

namespace tweetlab::ui {

SmoothingControl::SmoothingControl(QWidget* parent)
    : QWidget(parent), slider_(new QSlider(Qt::Horizontal)), value_(new QLabel) {
  setObjectName("lossSmoothing");
  slider_->setObjectName("lossSmoothingSlider");
  slider_->setRange(0, 99);  // hundredths: 0.99 is as smooth as a per-batch curve gets useful
  slider_->setMaximumWidth(160);
  slider_->setValue(static_cast<int>(std::lround(AppSettings().lossSmoothing() * 100)));
  value_->setText(QString::number(weight(), 'f', 2));
  value_->setMinimumWidth(value_->fontMetrics().horizontalAdvance(QStringLiteral("0.00")));
  const QString why =
      tr("Smoothing of the per-batch loss: an exponential moving average of the "
         "raw losses (drawn faded behind), 0 = raw, 0.99 = very smooth.");
  auto* caption = new QLabel(tr("Batch loss smoothing"));
  for (QWidget* w : {static_cast<QWidget*>(caption), static_cast<QWidget*>(slider_),
                     static_cast<QWidget*>(value_)})
    w->setToolTip(why);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(caption);
  layout->addWidget(slider_);
  layout->addWidget(value_);
  connect(slider_, &QSlider::valueChanged, this, [this] {
    value_->setText(QString::number(weight(), 'f', 2));
    AppSettings().setLossSmoothing(weight());
    emit weightChanged(weight());
  });
}

double SmoothingControl::weight() const {
  return slider_->value() / 100.0;
}

void SmoothingControl::setWeight(double weight) {
  slider_->setValue(static_cast<int>(std::lround(weight * 100)));
}

}  // namespace tweetlab::ui
