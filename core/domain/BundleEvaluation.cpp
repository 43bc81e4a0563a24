#include "core/domain/BundleEvaluation.h"

#include "core/common/AsciiCase.h"
#include "core/common/Json.h"
#include "core/common/Numbers.h"
#include "core/eval/Stopwatch.h"
#include "core/tracking/RecordBuilder.h"

namespace tweetlab::domain {

std::string setNameFromPath(const std::filesystem::path& file) {
  std::string name;
  // ASCII letters and digits only (std::isalnum would follow the C locale and keep bytes of a
  // UTF-8 name under a Latin-1 one): a set name becomes metric keys, which MLflow restricts.
  for (const char raw : file.stem().string()) {
    const char c = asciiLower(raw);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      name.push_back(c);
    } else if (!name.empty() && name.back() != '_') {
      name.push_back('_');
    }
  }
  while (!name.empty() && name.back() == '_') name.pop_back();
  if (name.empty() || !(name[0] >= 'a' && name[0] <= 'z')) name = "set_" + name;
  if (name == "val" || name == "test" || name == "train") name += "_set";
  return name.substr(0, 40);
}

BundleEvaluation evaluateBundle(const bundle::Predictor& predictor,
                                const std::filesystem::path& bundlePath,
                                std::vector<sources::EvaluationSet> sets) {
  BundleEvaluation out;
  out.bundlePath = bundlePath;
  out.manifest = predictor.manifest();
  for (auto& set : sets) {
    BundleSetResult r;
    eval::Stopwatch clock;
    const auto raw = predictor.rawProbabilities(set.dataset.texts());
    const auto scores = predictor.calibrate(raw);
    r.predictSeconds = clock.seconds();
    const auto labels = set.dataset.labels();
    r.evaluation = eval::evaluateSet(set.name, labels, scores, predictor.threshold());
    if (out.manifest.calibration) r.before = eval::evaluateSet(set.name, labels, raw, 0.5);
    r.set = std::move(set);
    out.sets.push_back(std::move(r));
  }
  return out;
}

nlohmann::json BundleEvaluation::toJson() const {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& s : sets) {
    auto j = s.evaluation.toJson();
    j["path"] = s.set.path.string();
    j["digest"] = s.set.digest;
    j["predict_time_s"] = s.predictSeconds;
    if (s.before) j["before_calibration"] = s.before->toJson();
    list.push_back(std::move(j));
  }
  return {{"bundle",
           {{"path", bundlePath.string()},
            {"name", manifest.name},
            {"version", manifest.version},
            {"family", manifest.family},
            {"threshold", manifest.threshold},
            {"calibration",
             manifest.calibration ? nlohmann::json(manifest.calibration->describe()) : nullptr}}},
          {"sets", list}};
}

tracking::RunRecord BundleEvaluation::record() const {
  tracking::RunRecord r;
  r.runName = "evaluate " + manifest.name + " " + manifest.version;
  r.spec = {{"kind", "evaluation"}, {"bundle", bundlePath.string()}};
  r.tags[kRunKindTag] = "evaluation";
  r.tags[tracking::tag::kModelFamily] = manifest.family;
  r.tags[tracking::tag::kPreprocessing] = text::toString(manifest.preprocessing.morphology);
  r.tags["tweetlab.bundle.version"] = manifest.version;
  r.params["bundle.path"] = bundlePath.string();
  r.params["bundle.name"] = manifest.name;
  r.params["bundle.version"] = manifest.version;
  r.params["bundle.family"] = manifest.family;
  r.params["bundle.threshold"] = formatDouble(manifest.threshold);
  r.params["bundle.calibration"] =
      manifest.calibration ? manifest.calibration->describe() : std::string("none");
  for (const auto& [k, v] : tracking::flattenParams(manifest.params, "model.params"))
    r.params[k] = v;
  for (const auto& s : sets) {
    const auto& name = s.evaluation.name;
    for (const auto& [key, value] : s.evaluation.trackedMetrics()) r.metrics[key] = value;
    r.params["eval." + name + ".path"] = s.set.path.string();
    r.params["eval." + name + ".digest"] = s.set.digest;
    r.spec["data"].push_back({{"name", name}, {"path", s.set.path.string()}});
    if (!s.evaluation.warnings.empty()) {
      std::string joined;
      for (const auto& w : s.evaluation.warnings) joined += (joined.empty() ? "" : "; ") + w;
      r.tags["tweetlab.eval." + name + ".warnings"] = joined;
    }
  }
  r.status = tracking::RunStatus::Finished;
  return r;
}

tracking::ArtifactWriter BundleEvaluation::artifactWriter() const {
  return [self = *this](const std::filesystem::path& dir, tracking::PlotRenderer* renderer,
                        std::vector<std::string>& notes) {
    writeJsonFile(dir / "evaluation.json", self.toJson());
    if (!renderer) {
      notes.push_back("no plots: no plot renderer available in this program");
      return;
    }
    std::vector<tracking::ReliabilityPlot> plots;
    for (const auto& s : self.sets) {
      if (s.before)
        plots.push_back({s.evaluation.name + " before calibration", s.before->reliability});
      plots.push_back({s.evaluation.name, s.evaluation.reliability});
    }
    try {
      renderer->renderReliability(plots, "Reliability: " + self.manifest.name,
                                  dir / "plots/reliability.png");
    } catch (const std::exception& e) {
      notes.push_back(std::string("no reliability plot: ") + e.what());
    }
  };
}

}  // namespace tweetlab::domain
