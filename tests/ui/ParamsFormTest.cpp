// The typed parameter form (issue 19, problems 8 and 9): generated from each family's defaults and
// specs, with drop-downs for choices, descriptions, basic and advanced sections, ranges enforced,
// the mouse wheel never editing an unfocused field, and logreg's C not silently replaced by the
// cross-validated one (disabled with the reason, and the CV table shown after the run).
#include <gtest/gtest.h>

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTableWidget>
#include <QWheelEvent>

#include "core/common/Errors.h"
#include "core/models/Classifier.h"
#include "core/models/ParamSpecs.h"
#include "tests/ui/WorkbenchFixture.h"
#include "ui/workbench/ParamsForm.h"

namespace tweetlab::ui {
namespace {

using testing::waitUntil;

class ParamsFormTest : public WorkbenchFixture {
 protected:
  void SetUp() override {
    openWindow(/*recordRuns=*/true);
    window_->showPage(window_->trainPage());  // what is shown is what a user sees
  }
  ParamsForm* form() { return window_->trainPage()->paramsForm(); }
};

// One notch of the mouse wheel over `widget`, delivered as the window system would.
void wheel(QWidget* widget, int notches) {
  const QPointF at(widget->width() / 2.0, widget->height() / 2.0);
  QWheelEvent event(at, widget->mapToGlobal(at), QPoint(), QPoint(0, 120 * notches), Qt::NoButton,
                    Qt::NoModifier, Qt::NoScrollPhase, false);
  QApplication::sendEvent(widget, &event);
}

TEST_F(ParamsFormTest, EveryFamilysParametersAreDescribedAndChoicesAreDropDowns) {
  for (const auto& family : models::classifierFamilies()) {
    window_->trainPage()->selectFamily(QString::fromStdString(family));
    const auto defaults = models::makeClassifier(family)->params();
    // The form gives back the family's defaults untouched.
    if (family != "bert") {
      EXPECT_EQ(form()->params(), defaults) << family;
    }
    for (const auto& spec : models::classifierParamSpecs(family)) {
      // A parameter the defaults leave out (subword_vocab without the sentencepiece tokenizer)
      // has no field: the form is generated from the defaults.
      if (!defaults.contains(nlohmann::json::json_pointer(
              "/" + QString::fromStdString(spec.key).replace('.', '/').toStdString())))
        continue;
      auto* editor = form()->findChild<QWidget*>(QString::fromStdString("param_" + spec.key));
      ASSERT_NE(editor, nullptr) << family << " has no field for " << spec.key;
      EXPECT_FALSE(spec.description.empty()) << family << "." << spec.key;
      EXPECT_TRUE(editor->toolTip().contains(QString::fromStdString(spec.description)))
          << family << "." << spec.key;
      if (!spec.choices.empty()) {
        auto* combo = qobject_cast<QComboBox*>(editor);
        ASSERT_NE(combo, nullptr) << family << "." << spec.key << " is not a drop-down";
        EXPECT_EQ(combo->isEditable(), spec.otherChoices) << family << "." << spec.key;
      }
    }
  }
}

TEST_F(ParamsFormTest, AdvancedParametersWaitBehindTheirSwitchAndRangesAreEnforced) {
  window_->trainPage()->selectFamily("bilstm");
  QCoreApplication::processEvents();  // a new field on a shown form appears with the event loop
  auto* advanced = form()->findChild<QCheckBox*>("showAdvanced");
  ASSERT_NE(advanced, nullptr);
  auto* schedule = form()->findChild<QComboBox*>("param_lr_schedule");
  auto* epochs = form()->findChild<QSpinBox*>("param_epochs");
  ASSERT_NE(schedule, nullptr);
  ASSERT_NE(epochs, nullptr);
  EXPECT_TRUE(epochs->isVisible());     // basic
  EXPECT_FALSE(schedule->isVisible());  // advanced, hidden
  advanced->setChecked(true);
  QCoreApplication::processEvents();
  EXPECT_TRUE(schedule->isVisible());
  EXPECT_EQ(epochs->minimum(), 1);

  auto* lr = form()->findChild<QLineEdit*>("param_lr");
  ASSERT_NE(lr, nullptr);
  lr->setText("50");
  try {
    form()->params();
    ADD_FAILURE() << "an out-of-range learning rate was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("parameter lr"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("maximum"), std::string::npos) << e.what();
  }
}

TEST_F(ParamsFormTest, TheMouseWheelScrollsPastAFieldAndEditsItOnlyOnceFocused) {
  window_->showPage(window_->trainPage());
  window_->trainPage()->selectFamily("bilstm");
  auto* dim = form()->findChild<QSpinBox*>("param_dim");
  auto* pooling = form()->findChild<QComboBox*>("param_pooling");
  ASSERT_NE(dim, nullptr);
  ASSERT_NE(pooling, nullptr);
  const int before = dim->value();
  const int poolingBefore = pooling->currentIndex();
  wheel(dim, -3);
  wheel(pooling, -1);
  EXPECT_EQ(dim->value(), before);
  EXPECT_EQ(pooling->currentIndex(), poolingBefore);
  window_->activateWindow();
  dim->setFocus();
  ASSERT_TRUE(waitUntil([&] { return dim->hasFocus(); }, 2000));
  wheel(dim, 1);
  EXPECT_EQ(dim->value(), before + 1);
}

TEST_F(ParamsFormTest, ATypedCIsNeverSilentlyReplacedAndTheCvTableShowsTheChosenOne) {
  window_->trainPage()->selectFamily("logreg");
  auto* c = form()->findChild<QLineEdit*>("param_C");
  auto* cv = form()->findChild<QSpinBox*>("param_cv");
  auto* about = form()->findChild<QLabel*>("describe_C");
  ASSERT_NE(c, nullptr);
  ASSERT_NE(cv, nullptr);
  ASSERT_NE(about, nullptr);
  EXPECT_GE(cv->value(), 2);
  EXPECT_FALSE(c->isEnabled());
  EXPECT_TRUE(about->text().contains("cross-validation chooses C")) << about->text().toStdString();
  cv->setValue(0);
  EXPECT_TRUE(c->isEnabled());
  EXPECT_FALSE(about->text().contains("cross-validation chooses C"));
  cv->setValue(3);

  loadSample();
  window_->trainPage()->start();
  ASSERT_TRUE(waitUntil([&] { return window_->trainPage()->lastResult() != nullptr; }, 180000));
  const auto& report = window_->trainPage()->lastResult()->fitReport;
  auto* grid = window_->trainPage()->findChild<QTableWidget*>("cvGrid");
  ASSERT_NE(grid, nullptr);
  ASSERT_TRUE(grid->isVisible());
  ASSERT_EQ(grid->rowCount(), static_cast<int>(report["cv"]["grid"].size()));
  int marked = 0;
  for (int row = 0; row < grid->rowCount(); ++row)
    marked += grid->item(row, 0)->text().contains("✔") ? 1 : 0;
  EXPECT_EQ(marked, 1);
  EXPECT_EQ(window_->trainPage()->lastResult()->classifier->params()["C"], report["cv"]["best_C"]);
}

}  // namespace
}  // namespace tweetlab::ui
