#include <gtest/gtest.h>

#include "core/common/Errors.h"
#include "core/models/Classifier.h"

namespace tweetlab::models {
namespace {

TEST(ClassifierFactory, MakesEveryListedFamily) {
  for (const auto& family : classifierFamilies()) {
    auto model = makeClassifier(family);
    ASSERT_NE(model, nullptr);
    EXPECT_EQ(model->family(), family);
  }
}

TEST(ClassifierFactory, UnknownFamilyNamesTheKnownOnes) {
  try {
    makeClassifier("svm");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("logreg"), std::string::npos);
  }
}

TEST(ClassifierFactory, ParamsReachTheModel) {
  auto model = makeClassifier("logreg", {{"C", 3.0}, {"cv", 0}});
  EXPECT_DOUBLE_EQ(model->params()["C"].get<double>(), 3.0);
  EXPECT_THROW(makeClassifier("fasttext", {{"dim", 0}}), InputError);
}

}  // namespace
}  // namespace tweetlab::models
