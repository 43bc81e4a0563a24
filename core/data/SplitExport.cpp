#include "core/data/SplitExport.h"

#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/data/Digest.h"

namespace tweetlab::data {
namespace fs = std::filesystem;

void writeCsv(const fs::path& file, const Dataset& dataset) {
  std::string out = "text,label\n";
  for (const auto& row : dataset.rows) {
    out.push_back('"');
    for (char c : row.text) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out += row.label == kPositive ? "\",1\n" : "\",0\n";
  }
  writeFileAtomically(file, out);
}

void exportSplit(const DatasetSplit& split, const fs::path& directory) {
  std::error_code ec;
  fs::create_directories(directory, ec);
  if (ec) throw IoError(directory.string() + ": cannot create directory: " + ec.message());
  nlohmann::json parts = nlohmann::json::object();
  for (const auto& [name, part] : {std::pair<const char*, const Dataset*>{"train", &split.train},
                                   {"val", &split.val},
                                   {"test", &split.test}}) {
    writeCsv(directory / (std::string(name) + ".csv"), *part);
    const auto counts = part->labelCounts();
    parts[name] = {{"rows", part->size()},
                   {"negative", counts[0]},
                   {"positive", counts[1]},
                   {"sha256", datasetDigest(*part)}};
  }
  writeJsonFile(directory / "split.json",
                {{"dataset_digest", split.digest},
                 {"seed", split.seed},
                 {"ratios", {split.ratios.train, split.ratios.val, split.ratios.test}},
                 {"parts", parts}});
}

}  // namespace tweetlab::data
