#pragma once
// SHA-256 of a dataset's content ("<label>\t<text>\n" per row, in order): recorded with every
// split so two runs can be shown to have used exactly the same rows.
#include <string>

#include "core/data/Dataset.h"

namespace tweetlab::data {

std::string datasetDigest(const Dataset& dataset);

}  // namespace tweetlab::data
