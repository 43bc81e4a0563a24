#include "core/sources/Composition.h"

#include <sstream>
#include <unordered_set>

#include "core/common/Numbers.h"
#include "core/data/Digest.h"

namespace tweetlab::sources {

double TrainingComposition::effectiveRows() const {
  double total = 0.0;
  for (const auto& p : parts) total += p.weight * static_cast<double>(p.rows);
  return total;
}

double TrainingComposition::positiveShare() const {
  double positives = 0.0;
  for (const auto& p : parts) positives += p.weight * static_cast<double>(p.positives);
  const double total = effectiveRows();
  return total > 0.0 ? positives / total : 0.0;
}

nlohmann::json TrainingComposition::toJson() const {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& p : parts) {
    list.push_back({{"name", p.name},
                    {"path", p.path},
                    {"kind", p.kind},
                    {"weight", p.weight},
                    {"digest", p.digest},
                    {"rows", p.rows},
                    {"positives", p.positives},
                    {"left_out_overlap", p.leftOutOverlap},
                    {"duplicates", p.duplicates},
                    {"conflicts", p.conflicts}});
  }
  return {
      {"sources", list}, {"effective_rows", effectiveRows()}, {"positive_share", positiveShare()}};
}

std::map<std::string, std::string> TrainingComposition::params() const {
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& p = parts[i];
    const auto prefix = "sources." + std::to_string(i) + ".";
    out[prefix + "name"] = p.name;
    out[prefix + "kind"] = p.kind;
    out[prefix + "path"] = p.path;
    out[prefix + "weight"] = formatDouble(p.weight);
    out[prefix + "digest"] = p.digest;
    out[prefix + "rows"] = std::to_string(p.rows);
  }
  return out;
}

std::string TrainingComposition::describe() const {
  std::ostringstream out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& p = parts[i];
    if (i > 0) out << " + ";
    out << p.name << " " << p.rows << " rows";
    if (p.weight != 1.0) out << " x" << formatDouble(p.weight);
  }
  return out.str();
}

SourcePart basePart(const data::Dataset& train) {
  SourcePart base;
  base.name = "base";
  base.kind = "base";
  base.rows = train.size();
  base.positives = train.labelCounts()[1];
  base.digest = data::datasetDigest(train);
  return base;
}

TrainingComposition composeTraining(data::DatasetSplit& split,
                                    const std::vector<LoadedSource>& sources) {
  TrainingComposition c;
  c.parts.push_back(basePart(split.train));
  if (sources.empty()) return c;

  std::unordered_set<std::string> heldOut;
  for (const auto* part : {&split.val, &split.test})
    for (const auto& row : part->rows) heldOut.insert(row.text);
  c.weights.assign(split.train.size(), 1.0);
  for (const auto& source : sources) {
    SourcePart p;
    p.name = source.spec.path.filename().string();
    p.path = source.spec.path.string();
    p.kind = source.kind;
    p.weight = source.spec.weight;
    p.duplicates = source.duplicates;
    p.conflicts = source.conflicts.size();
    data::Dataset used;
    for (const auto& row : source.dataset.rows) {
      if (heldOut.count(row.text)) {
        ++p.leftOutOverlap;
        continue;
      }
      used.rows.push_back(row);
    }
    p.rows = used.size();
    p.positives = used.labelCounts()[1];
    p.digest = data::datasetDigest(used);
    for (auto& row : used.rows) {
      split.train.rows.push_back(std::move(row));
      c.weights.push_back(p.weight);
    }
    c.parts.push_back(std::move(p));
  }
  bool allOne = true;
  for (double w : c.weights) allOne = allOne && w == 1.0;
  if (allOne) c.weights.clear();
  return c;
}

}  // namespace tweetlab::sources
