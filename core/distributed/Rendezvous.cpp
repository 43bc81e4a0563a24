#include "core/distributed/Rendezvous.h"

#include <charconv>
#include <cstdlib>

#include "core/common/Errors.h"

namespace tweetlab::distributed {
namespace {

// The whole text as a decimal integer, or nullopt.
std::optional<long long> parseInt(std::string_view text) {
  long long value = 0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  const auto [at, error] = std::from_chars(begin, end, value);
  if (text.empty() || error != std::errc() || at != end) return std::nullopt;
  return value;
}

const char* const kExpected =
    "--distributed joins the process group from torchrun's MASTER_ADDR, MASTER_PORT, "
    "WORLD_SIZE and RANK, or from a Slurm task (srun sets SLURM_PROCID, SLURM_NTASKS and "
    "SLURM_JOB_NODELIST)";

long long integer(const Environment& env, const std::string& name, long long min, long long max) {
  const auto text = env(name);
  if (!text) throw InputError(name + " is not set; " + kExpected);
  const auto value = parseInt(*text);
  if (!value || *value < min || *value > max) {
    throw InputError(name + " must be an integer in [" + std::to_string(min) + ", " +
                     std::to_string(max) + "], not '" + *text + "'");
  }
  return *value;
}

// Splits at the commas that are not inside brackets.
std::vector<std::string> topLevelItems(std::string_view list) {
  std::vector<std::string> items;
  int depth = 0;
  std::string current;
  for (char c : list) {
    if (c == '[') ++depth;
    if (c == ']') --depth;
    if (depth < 0) throw InputError("host list '" + std::string(list) + "': unbalanced ']'");
    if (c == ',' && depth == 0) {
      if (!current.empty()) items.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (depth != 0) throw InputError("host list '" + std::string(list) + "': unbalanced '['");
  if (!current.empty()) items.push_back(current);
  return items;
}

// "01-03,07" -> 01, 02, 03, 07 (the width of the lower bound is kept, as Slurm does).
std::vector<std::string> expandRange(const std::string& inside, std::string_view whole) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= inside.size()) {
    const auto comma = inside.find(',', start);
    const auto part =
        inside.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const auto dash = part.find('-');
    const auto lowText = part.substr(0, dash);
    const auto low = parseInt(lowText);
    const auto high = dash == std::string::npos ? low : parseInt(part.substr(dash + 1));
    if (lowText.empty() || !low || !high || *low < 0 || *high < *low || *high - *low > 100000) {
      throw InputError("host list '" + std::string(whole) + "': bad range '" + part + "'");
    }
    for (long long i = *low; i <= *high; ++i) {
      auto number = std::to_string(i);
      if (number.size() < lowText.size()) number.insert(0, lowText.size() - number.size(), '0');
      out.push_back(number);
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

void expandItem(const std::string& item, std::string_view whole, std::vector<std::string>& out) {
  const auto open = item.find('[');
  if (open == std::string::npos) {
    out.push_back(item);
    return;
  }
  const auto close = item.find(']', open);
  if (close == std::string::npos) {
    throw InputError("host list '" + std::string(whole) + "': unbalanced '['");
  }
  const auto prefix = item.substr(0, open);
  const auto rest = item.substr(close + 1);
  for (const auto& number : expandRange(item.substr(open + 1, close - open - 1), whole))
    expandItem(prefix + number + rest, whole, out);
}

}  // namespace

Environment processEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
  };
}

int slurmDefaultPort(long long jobId) {
  return 20000 + static_cast<int>(jobId % 20000);
}

std::vector<std::string> expandHostlist(std::string_view list) {
  std::vector<std::string> hosts;
  for (const auto& item : topLevelItems(list)) expandItem(item, list, hosts);
  return hosts;
}

Rendezvous rendezvousFromEnvironment(const Environment& env) {
  Rendezvous r;
  if (env("WORLD_SIZE") || env("RANK")) {
    r.source = "torchrun";
    r.worldSize = static_cast<int>(integer(env, "WORLD_SIZE", 1, 65536));
    r.rank = static_cast<int>(integer(env, "RANK", 0, r.worldSize - 1));
    r.localRank = env("LOCAL_RANK") ? static_cast<int>(integer(env, "LOCAL_RANK", 0, 65535)) : 0;
    const auto address = env("MASTER_ADDR");
    if (!address) throw InputError(std::string("MASTER_ADDR is not set; ") + kExpected);
    r.masterAddress = *address;
    r.masterPort = static_cast<int>(integer(env, "MASTER_PORT", 1, 65535));
    return r;
  }
  if (env("SLURM_PROCID") && env("SLURM_NTASKS")) {
    r.source = "slurm";
    r.worldSize = static_cast<int>(integer(env, "SLURM_NTASKS", 1, 65536));
    r.rank = static_cast<int>(integer(env, "SLURM_PROCID", 0, r.worldSize - 1));
    r.localRank =
        env("SLURM_LOCALID") ? static_cast<int>(integer(env, "SLURM_LOCALID", 0, 65535)) : 0;
    if (const auto address = env("MASTER_ADDR")) {
      r.masterAddress = *address;
    } else {
      const auto nodes = env("SLURM_JOB_NODELIST");
      if (!nodes) throw InputError(std::string("SLURM_JOB_NODELIST is not set; ") + kExpected);
      const auto hosts = expandHostlist(*nodes);
      if (hosts.empty()) throw InputError("SLURM_JOB_NODELIST is empty");
      r.masterAddress = hosts.front();
    }
    r.masterPort = env("MASTER_PORT")
                       ? static_cast<int>(integer(env, "MASTER_PORT", 1, 65535))
                       : slurmDefaultPort(integer(env, "SLURM_JOB_ID", 0, (1LL << 40)));
    return r;
  }
  throw InputError(kExpected);
}

}  // namespace tweetlab::distributed
