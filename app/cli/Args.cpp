#include "app/cli/Args.h"

#include "core/common/Numbers.h"

namespace tweetlab::cli {

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& valued,
           const std::set<std::string>& flags) {
  bool onlyPositionals = false;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (onlyPositionals || arg.size() < 3 || arg.rfind("--", 0) != 0) {
      if (arg == "--") {
        onlyPositionals = true;
        continue;
      }
      positionals_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> inlineValue;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inlineValue = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (flags.count(name) != 0) {
      if (inlineValue) throw UsageError("--" + name + " takes no value");
      flagsSet_.insert(name);
    } else if (valued.count(name) != 0) {
      if (inlineValue) {
        values_[name].push_back(*inlineValue);
      } else if (i + 1 < argv.size()) {
        values_[name].push_back(argv[++i]);
      } else {
        throw UsageError("--" + name + " needs a value");
      }
    } else {
      throw UsageError("unknown option --" + name + " (see --help)");
    }
  }
}

bool Args::has(const std::string& name) const {
  return flagsSet_.count(name) != 0 || values_.count(name) != 0;
}

std::optional<std::string> Args::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second.back();
}

std::string Args::get(const std::string& name, const std::string& fallback) const {
  return get(name).value_or(fallback);
}

std::string Args::require(const std::string& name) const {
  auto value = get(name);
  if (!value || value->empty()) throw UsageError("--" + name + " is required (see --help)");
  return *value;
}

std::vector<std::string> Args::all(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

long Args::getInt(const std::string& name, long fallback) const {
  auto value = get(name);
  if (!value) return fallback;
  auto parsed = parseDouble(*value);
  if (!parsed || *parsed != static_cast<double>(static_cast<long>(*parsed))) {
    throw UsageError("--" + name + " expects a whole number, not '" + *value + "'");
  }
  return static_cast<long>(*parsed);
}

double Args::getDouble(const std::string& name, double fallback) const {
  auto value = get(name);
  if (!value) return fallback;
  auto parsed = parseDouble(*value);
  if (!parsed) throw UsageError("--" + name + " expects a number, not '" + *value + "'");
  return *parsed;
}

}  // namespace tweetlab::cli
