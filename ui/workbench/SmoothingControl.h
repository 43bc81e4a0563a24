#pragma once
// The smoothing slider beside a training-curve chart (TensorBoard's and W&B's): the weight of
// the per-batch loss' moving average, 0 = raw .. 0.99 = very smooth, shown as a number. The
// weight is remembered (AppSettings::lossSmoothing) and the control starts from it.
#include <QWidget>

class QLabel;
class QSlider;

namespace tweetlab::ui {

class SmoothingControl : public QWidget {
  Q_OBJECT

 public:
  explicit SmoothingControl(QWidget* parent = nullptr);

  double weight() const;
  void setWeight(double weight);  // as the slider would: shown, remembered, announced

 signals:
  void weightChanged(double weight);

 private:
  QSlider* slider_;
  QLabel* value_;
};

}  // namespace tweetlab::ui
