#pragma once
// Options shared by several commands: where the data is and how to sample/split it, and how to
// preprocess. One definition, so every command spells them the same.
#include <set>
#include <string>
#include <vector>

#include "app/cli/Args.h"
#include "core/experiment/ExperimentSpec.h"

namespace tweetlab::cli {

extern const std::set<std::string> kDataOptions;        // data, format, text-column, ... seed
extern const std::set<std::string> kPreprocessOptions;  // preprocess, stopwords, no-<rule>
extern const std::set<std::string> kPreprocessFlags;
extern const std::set<std::string> kSourceOptions;  // add, eval (repeatable)
extern const char* const kDataHelp;
extern const char* const kSourcesHelp;
extern const char* const kPreprocessHelp;

// Fills what the flags name; everything else keeps `base` (e.g. a spec file's values). Each --add
// and --eval is appended to the base's lists.
experiment::DataSpec dataSpecFrom(const Args& args, experiment::DataSpec base = {});
text::PreprocessConfig preprocessFrom(const Args& args, text::PreprocessConfig base = {});

// Merges --param key=value pairs (value parsed as JSON when it parses, else a string).
nlohmann::json paramsFrom(const Args& args, nlohmann::json base);

// "a,b,,c" -> {"a", "b", "c"}
std::vector<std::string> splitList(const std::string& list);

// "0.7650" style, or "n/a" for NaN.
std::string fixed(double value, int decimals = 4);

}  // namespace tweetlab::cli
