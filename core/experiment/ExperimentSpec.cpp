#include "core/experiment/ExperimentSpec.h"

#include "core/common/Errors.h"
#include "core/common/Json.h"

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

nlohmann::json toJson(const DataSpec& d) {
  return {{"path", d.path.string()},
          {"format", formatName(d.read.format)},
          {"text_column", d.read.textColumn},
          {"label_column", d.read.labelColumn},
          {"encoding", encodingName(d.read.encoding)},
          {"sample", d.sample},
          {"split", {d.split.train, d.split.val, d.split.test}},
          {"seed", d.seed}};
}

nlohmann::json toJson(const ExperimentSpec& s) {
  return {{"name", s.name},
          {"data", toJson(s.data)},
          {"preprocessing", s.preprocessing},
          {"model", {{"family", s.model.family}, {"params", s.model.params}}},
          {"threads", s.threads}};
}

ExperimentSpec experimentSpecFromJson(const nlohmann::json& j) {
  ExperimentSpec s;
  try {
    s.name = j.value("name", "");
    if (auto d = j.find("data"); d != j.end()) {
      s.data.path = d->value("path", "");
      s.data.read.format = parseFormat(d->value("format", "auto"));
      s.data.read.textColumn = d->value("text_column", s.data.read.textColumn);
      s.data.read.labelColumn = d->value("label_column", s.data.read.labelColumn);
      s.data.read.encoding = parseEncoding(d->value("encoding", "auto"));
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
    }
    if (j.contains("preprocessing"))
      s.preprocessing = j.at("preprocessing").get<text::PreprocessConfig>();
    if (auto m = j.find("model"); m != j.end()) {
      s.model.family = m->value("family", s.model.family);
      s.model.params = m->value("params", nlohmann::json::object());
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
