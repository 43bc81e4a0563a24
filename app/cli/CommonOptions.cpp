#include "app/cli/CommonOptions.h"

#include <cmath>
#include <cstdio>

#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/common/Resources.h"

namespace tweetlab::cli {

const std::set<std::string> kDataOptions{"data",         "format",    "text-column",
                                         "label-column", "label-map", "encoding",
                                         "sample",       "split",     "seed"};
const std::set<std::string> kPreprocessOptions{"preprocess"};
const std::set<std::string> kPreprocessFlags{"stopwords",      "keep-case",    "keep-urls",
                                             "keep-mentions",  "keep-repeats", "keep-numbers",
                                             "replace-numbers"};

const std::set<std::string> kSourceOptions{"add", "eval"};

const char* const kSourcesHelp =
    "Training sources and evaluation sets (repeatable):\n"
    "  --add FILE[:WEIGHT]    mix FILE's labelled rows into the training part only (never\n"
    "                         validation or test), each counting WEIGHT (1): a labelled CSV/TSV/\n"
    "                         JSONL, the Try page's CSV export, or a feedback log "
    "(feedback.jsonl:\n"
    "                         accepted -> the predicted label, rejected -> the other)\n"
    "  --eval NAME=FILE       score the model on FILE too, tracked as NAME_accuracy,\n"
    "                         NAME_balanced_accuracy, NAME_roc_auc, NAME_ece, ... (e.g.\n"
    "                         --eval target=airline.csv; CSV with text,label columns)\n\n";

const char* const kDataHelp =
    "Data:\n"
    "  --data FILE            dataset (Sentiment140 CSV, CSV/TSV with header, JSON Lines);\n"
    "                         'sample' = the bundled Sentiment140 sample\n"
    "  --format F             auto|sentiment140|csv|tsv|jsonl            (auto)\n"
    "  --text-column NAME     text column of a generic CSV/TSV/JSONL     (text)\n"
    "  --label-column NAME    label column (0/1, 0/4, negative/positive)  (label)\n"
    "  --label-map V=L,...    read label value V as L: positive|negative|neutral|skip\n"
    "                         (e.g. happy=positive,sad=negative)\n"
    "  --encoding E           auto|utf-8|latin-1                         (auto)\n"
    "  --sample N             balanced sample of N tweets, 0 = all       (16000)\n"
    "  --split T,V,E          train/validation/test ratios          (0.7,0.15,0.15)\n"
    "  --seed S               seed for sampling, splitting and models     (42)\n";

const char* const kPreprocessHelp =
    "Preprocessing:\n"
    "  --preprocess M         none|stem|lemma                            (none)\n"
    "  --stopwords            remove English stop words (negations are kept)\n"
    "  --keep-case --keep-urls --keep-mentions --keep-repeats   switch a normaliser rule off\n"
    "  --replace-numbers      numbers -> <number>\n";

experiment::DataSpec dataSpecFrom(const Args& args, experiment::DataSpec base) {
  if (auto path = args.get("data")) {
    base.path = (*path == "sample") ? bundledSamplePath() : std::filesystem::path(*path);
  }
  if (auto format = args.get("format")) base.read.format = experiment::parseFormat(*format);
  if (auto encoding = args.get("encoding"))
    base.read.encoding = experiment::parseEncoding(*encoding);
  base.read.textColumn = args.get("text-column", base.read.textColumn);
  base.read.labelColumn = args.get("label-column", base.read.labelColumn);
  if (auto map = args.get("label-map")) {
    for (std::size_t start = 0; start <= map->size();) {
      const auto end = std::min(map->find(',', start), map->size());
      const auto pair = map->substr(start, end - start);
      const auto eq = pair.rfind('=');
      if (eq == std::string::npos)
        throw UsageError("--label-map wants VALUE=LABEL pairs, not '" + pair + "'");
      base.read.labelMap[data::labelMapKey(pair.substr(0, eq))] =
          data::parseLabelName(pair.substr(eq + 1));
      start = end + 1;
    }
  }
  const long sample = args.getInt("sample", static_cast<long>(base.sample));
  if (sample < 0) throw UsageError("--sample must be >= 0");
  base.sample = static_cast<std::size_t>(sample);
  if (auto split = args.get("split")) base.split = data::SplitRatios::parse(*split);
  const long seed = args.getInt("seed", static_cast<long>(base.seed));
  if (seed < 0) throw UsageError("--seed must be >= 0");
  base.seed = static_cast<std::uint64_t>(seed);
  for (const auto& add : args.all("add")) base.add.push_back(sources::parseSourceArgument(add));
  for (const auto& set : args.all("eval")) {
    auto spec = sources::parseEvalArgument(set);
    for (const auto& existing : base.eval) {
      if (existing.name == spec.name)
        throw UsageError("evaluation set '" + spec.name + "' is named twice");
    }
    base.eval.push_back(std::move(spec));
  }
  return base;
}

text::PreprocessConfig preprocessFrom(const Args& args, text::PreprocessConfig base) {
  if (auto mode = args.get("preprocess")) base.morphology = text::morphologyFromString(*mode);
  if (args.has("stopwords")) base.removeStopwords = true;
  if (args.has("keep-case")) base.normalizer.lowercase = false;
  if (args.has("keep-urls")) base.normalizer.replaceUrls = false;
  if (args.has("keep-mentions")) base.normalizer.replaceMentions = false;
  if (args.has("keep-repeats")) base.normalizer.squeezeRepeats = false;
  if (args.has("replace-numbers")) base.normalizer.replaceNumbers = true;
  return base;
}

nlohmann::json paramsFrom(const Args& args, nlohmann::json base) {
  if (base.is_null()) base = nlohmann::json::object();
  for (const auto& pair : args.all("param")) {
    const auto eq = pair.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError("--param expects key=value, not '" + pair + "'");
    const auto key = pair.substr(0, eq);
    const auto value = pair.substr(eq + 1);
    auto parsed = tryParseJson(value);
    base[key] = parsed ? std::move(*parsed) : nlohmann::json(value);
  }
  return base;
}

std::vector<std::string> splitList(const std::string& list) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= list.size()) {
    auto end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    if (end > start) items.push_back(list.substr(start, end - start));
    start = end + 1;
  }
  return items;
}

std::string fixed(double value, int decimals) {
  if (!std::isfinite(value)) return "n/a";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

}  // namespace tweetlab::cli
