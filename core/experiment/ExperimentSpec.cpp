#include "core/experiment/ExperimentSpec.h"

#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/eval/SetEvaluation.h"

namespace tweetlab::experiment {
namespace {

std::string formatName(data::Format f) {
  switch (f) {
    case data::Format::Sentiment140:
      return "sentiment140";
    case data::Format::Csv:
      return "csv";
    case data::Format::Tsv:
      return "tsv";
    case data::Format::JsonLines:
      return "jsonl";
    case data::Format::Auto:
      break;
  }
  return "auto";
}

std::string encodingName(data::Encoding e) {
  switch (e) {
    case data::Encoding::Utf8:
      return "utf-8";
    case data::Encoding::Latin1:
      return "latin-1";
    case data::Encoding::Auto:
      break;
  }
  return "auto";
}

}  // namespace

data::Format parseFormat(const std::string& s) {
  if (s == "auto") return data::Format::Auto;
  if (s == "sentiment140") return data::Format::Sentiment140;
  if (s == "csv") return data::Format::Csv;
  if (s == "tsv") return data::Format::Tsv;
  if (s == "jsonl") return data::Format::JsonLines;
  throw InputError("data.format must be auto, sentiment140, csv, tsv or jsonl, not '" + s + "'");
}

data::Encoding parseEncoding(const std::string& s) {
  if (s == "auto") return data::Encoding::Auto;
  if (s == "utf-8" || s == "utf8") return data::Encoding::Utf8;
  if (s == "latin-1" || s == "latin1" || s == "iso-8859-1") return data::Encoding::Latin1;
  throw InputError("data.encoding must be auto, utf-8 or latin-1, not '" + s + "'");
}

std::string ExperimentSpec::displayName() const {
  if (!name.empty()) return name;
  return model.family + " · " + text::toString(preprocessing.morphology);
}

nlohmann::json toJson(const data::ReadOptions& read) {
  nlohmann::json j = {{"format", formatName(read.format)},
                      {"text_column", read.textColumn},
                      {"label_column", read.labelColumn},
                      {"encoding", encodingName(read.encoding)}};
  // Only when set: specs and run records without a mapping keep their digest-relevant shape.
  if (!read.labelMap.empty()) {
    auto& map = j["label_map"] = nlohmann::json::object();
    for (const auto& [value, label] : read.labelMap) map[value] = data::labelName(label);
  }
  return j;
}

data::ReadOptions readOptionsFromJson(const nlohmann::json& j, data::ReadOptions base) {
  base.format = parseFormat(j.value("format", formatName(base.format)));
  base.textColumn = j.value("text_column", base.textColumn);
  base.labelColumn = j.value("label_column", base.labelColumn);
  base.encoding = parseEncoding(j.value("encoding", encodingName(base.encoding)));
  if (auto map = j.find("label_map"); map != j.end()) {
    if (!map->is_object())
      throw InputError("label_map must be an object: {\"value\": \"positive\", ...}");
    base.labelMap.clear();
    for (const auto& [value, label] : map->items()) {
      if (!label.is_string())
        throw InputError("label_map." + value + " must be positive, negative, neutral or skip");
      base.labelMap[data::labelMapKey(value)] = data::parseLabelName(label.get<std::string>());
    }
  }
  return base;
}

namespace {

nlohmann::json sourceJson(const sources::SourceSpec& s) {
  auto j = toJson(s.read);
  j["path"] = s.path.string();
  j["weight"] = s.weight;
  return j;
}

nlohmann::json evalSetJson(const sources::EvalSetSpec& s) {
  auto j = toJson(s.read);
  j["name"] = s.name;
  j["path"] = s.path.string();
  return j;
}

// "FILE[:WEIGHT]" or {"path", "weight", "format", ...}.
sources::SourceSpec sourceFromJson(const nlohmann::json& j) {
  if (j.is_string()) return sources::parseSourceArgument(j.get<std::string>());
  sources::SourceSpec s;
  s.path = j.at("path").get<std::string>();
  s.weight = j.value("weight", 1.0);
  s.read = readOptionsFromJson(j);
  sources::validateWeight(s.weight, s.path.string());
  return s;
}

// [{"name", "path", ...}] or the short form {"target": "file.csv", ...}.
std::vector<sources::EvalSetSpec> evalSetsFromJson(const nlohmann::json& j) {
  std::vector<sources::EvalSetSpec> sets;
  if (j.is_object()) {
    for (const auto& [name, path] : j.items())
      sets.push_back(sources::parseEvalArgument(name + "=" + path.get<std::string>()));
  } else {
    for (const auto& item : j) {
      sources::EvalSetSpec s;
      s.name = item.at("name").get<std::string>();
      s.path = item.at("path").get<std::string>();
      s.read = readOptionsFromJson(item);
      eval::validateSetName(s.name);
      sets.push_back(std::move(s));
    }
  }
  for (std::size_t i = 0; i < sets.size(); ++i) {
    for (std::size_t k = 0; k < i; ++k) {
      if (sets[k].name == sets[i].name)
        throw InputError("evaluation set '" + sets[i].name + "' is named twice");
    }
  }
  return sets;
}

}  // namespace

nlohmann::json toJson(const DataSpec& d) {
  auto j = toJson(d.read);
  j["path"] = d.path.string();
  j["sample"] = d.sample;
  j["split"] = {d.split.train, d.split.val, d.split.test};
  j["seed"] = d.seed;
  // Written only when used, so the spec (and its params) of a plain run stay as they were.
  if (!d.add.empty()) {
    j["add"] = nlohmann::json::array();
    for (const auto& s : d.add) j["add"].push_back(sourceJson(s));
  }
  if (!d.eval.empty()) {
    j["eval"] = nlohmann::json::array();
    for (const auto& s : d.eval) j["eval"].push_back(evalSetJson(s));
  }
  return j;
}

nlohmann::json toJson(const ExperimentSpec& s) {
  nlohmann::json model = {{"family", s.model.family}, {"params", s.model.params}};
  if (!s.model.init.empty()) model["init"] = s.model.init.string();
  return {{"name", s.name},
          {"data", toJson(s.data)},
          {"preprocessing", s.preprocessing},
          {"model", model},
          {"threads", s.threads}};
}

ExperimentSpec experimentSpecFromJson(const nlohmann::json& j) {
  ExperimentSpec s;
  try {
    s.name = j.value("name", "");
    if (auto d = j.find("data"); d != j.end()) {
      s.data.path = d->value("path", "");
      s.data.read = readOptionsFromJson(*d, s.data.read);
      s.data.sample = d->value("sample", s.data.sample);
      if (auto split = d->find("split"); split != d->end()) {
        if (split->is_string()) {
          s.data.split = data::SplitRatios::parse(split->get<std::string>());
        } else {
          auto r = split->get<std::vector<double>>();
          if (r.size() != 3)
            throw InputError("data.split must have three ratios (train, val, test)");
          s.data.split = data::SplitRatios{r[0], r[1], r[2]};
          s.data.split.validate();
        }
      }
      s.data.seed = d->value("seed", s.data.seed);
      if (auto add = d->find("add"); add != d->end()) {
        for (const auto& item : *add) s.data.add.push_back(sourceFromJson(item));
      }
      if (auto sets = d->find("eval"); sets != d->end()) s.data.eval = evalSetsFromJson(*sets);
    }
    if (j.contains("preprocessing"))
      s.preprocessing = j.at("preprocessing").get<text::PreprocessConfig>();
    if (auto m = j.find("model"); m != j.end()) {
      s.model.family = m->value("family", s.model.family);
      s.model.params = m->value("params", nlohmann::json::object());
      s.model.init = m->value("init", "");
    }
    s.threads = j.value("threads", s.threads);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(std::string("experiment spec: ") + e.what());
  }
  return s;
}

ExperimentSpec readExperimentSpec(const std::filesystem::path& file) {
  try {
    return experimentSpecFromJson(readJsonFile(file));
  } catch (const InputError& e) {
    throw InputError(file.string() + ": " + e.what());
  }
}

}  // namespace tweetlab::experiment
