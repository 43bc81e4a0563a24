#pragma once
// Where TweetLab finds the files it ships (sample data, language resources) at run time.
#include <filesystem>
#include <optional>
#include <string_view>

namespace tweetlab {

// Search order: $TWEETLAB_RESOURCE_DIR, <exe>/../share/tweetlab, <exe>/../../resources (build
// tree), the source tree's resources/ (compiled in). Returns the first that holds `relative`.
std::optional<std::filesystem::path> findResource(std::string_view relative);

// Like findResource but throws IoError naming every place it looked.
std::filesystem::path requireResource(std::string_view relative);

// The bundled Sentiment140 sample (resources/data/sentiment140_sample.csv).
std::filesystem::path bundledSamplePath();

}  // namespace tweetlab
