#pragma once
// Which split part a tracked score was measured on, and why it says little when that part had
// too few rows. The Runs table, the comparison report and `tweetlab-cli runs compare` flag such
// scores in the words the Train page and `tweetlab-cli train` use (eval::fewRowsWarning), so a
// run scored on 15 validation rows never tops a comparison unmarked.
#include <string>

#include "core/tracking/RunQuery.h"

namespace tweetlab::tracking {

// "validation" for accuracy, roc_auc, f1, precision, recall and log_loss, "test" for test_*,
// "" for any other metric (times, evaluation sets, which flag their own rows).
std::string splitPartOf(const std::string& metricKey);

// eval::fewRowsWarning for the part `metricKey` was scored on: "only 15 rows: each row moves a
// rate by 7 points, too few to compare models on"; "" when the metric is not a split score, the
// run did not record the part's rows, or the part had enough.
std::string fewRowsWarning(const RunSummary& run, const std::string& metricKey);

}  // namespace tweetlab::tracking
