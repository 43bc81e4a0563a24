#pragma once
// A small, strict command-line parser: --name value, --name=value, boolean --flags, positionals.
// Unknown options are errors (a typo must not silently train the wrong model).
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace tweetlab::cli {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Args {
 public:
  // `valued`: options that take a value; `flags`: boolean options. Repeated valued options are kept
  // in order (see all()).
  Args(const std::vector<std::string>& argv, const std::set<std::string>& valued,
       const std::set<std::string>& flags);

  bool has(const std::string& name) const;
  std::optional<std::string> get(const std::string& name) const;
  std::string get(const std::string& name, const std::string& fallback) const;
  std::string require(const std::string& name) const;
  std::vector<std::string> all(const std::string& name) const;
  long getInt(const std::string& name, long fallback) const;
  double getDouble(const std::string& name, double fallback) const;
  const std::vector<std::string>& positionals() const { return positionals_; }

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::set<std::string> flagsSet_;
  std::vector<std::string> positionals_;
};

}  // namespace tweetlab::cli
