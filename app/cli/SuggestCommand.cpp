// tweetlab-cli suggest: which unlabelled target tweets a person should label next.
#include <fstream>
#include <iostream>

#include "app/cli/Commands.h"
#include "app/cli/CommonOptions.h"
#include "core/common/Errors.h"
#include "core/domain/LabelSelection.h"

namespace tweetlab::cli {

int runSuggest(const Argv& argv) {
  static const char* kHelp =
      "Usage: tweetlab-cli suggest --bundle B --pool UNLABELLED [--n 50]\n"
      "                            [--strategy uncertainty|diverse|random] [--seed S]\n"
      "                            [--text-column C] [--out FILE.csv] [--json]\n\n"
      "Ranks unlabelled tweets (a .txt with one tweet per line, or a CSV/JSONL with a text\n"
      "column) for labelling. uncertainty: the tweets whose calibrated P(positive) is closest to\n"
      "the bundle's threshold. diverse: uncertainty with a spread over the pool (k-means++\n"
      "seeding on TF-IDF among the most uncertain), so a batch does not ask about the same thing\n"
      "twice. random: a seeded sample (the baseline). Prints rank, pool line, P(positive) and the\n"
      "text; --out writes them as CSV (rank,line,p_positive,predicted,text).\n\n";
  Args args(argv, {"bundle", "pool", "n", "strategy", "seed", "text-column", "out", "threads"},
            {"help", "json"});
  if (args.has("help")) {
    std::cout << kHelp;
    return 0;
  }
  const auto predictor = bundle::Predictor::load(args.require("bundle"));
  data::ReadOptions read;
  read.textColumn = args.get("text-column", read.textColumn);
  const auto pool = sources::loadTextPool(args.require("pool"), read);
  domain::SelectionOptions options;
  options.strategy = domain::strategyFromString(args.get("strategy", "uncertainty"));
  const long n = args.getInt("n", 50);
  if (n <= 0) throw UsageError("--n must be > 0");
  options.n = static_cast<std::size_t>(n);
  const long seed = args.getInt("seed", 42);
  if (seed < 0) throw UsageError("--seed must be >= 0");
  options.seed = static_cast<std::uint64_t>(seed);
  const long threads = args.getInt("threads", 0);
  if (threads < 0) throw UsageError("--threads must be >= 0");
  const auto suggestions =
      domain::suggestForPool(*predictor, pool, options, static_cast<unsigned>(threads));
  const auto& labels = predictor->manifest().labelMap;
  const double threshold = predictor->threshold();
  const auto predicted = [&](double p) { return labels.at(p >= threshold ? 1 : 0); };

  if (auto out = args.get("out")) {
    std::ofstream file(*out, std::ios::binary | std::ios::trunc);
    if (!file) throw IoError("cannot write " + *out);
    file << "rank,line,p_positive,predicted,text\n";
    for (std::size_t i = 0; i < suggestions.size(); ++i) {
      const auto& s = suggestions[i];
      std::string quoted = "\"";
      for (char c : pool.tweets[s.index].text)
        quoted += (c == '"') ? std::string("\"\"") : std::string(1, c);
      file << i + 1 << "," << pool.tweets[s.index].line << "," << fixed(s.probability) << ","
           << predicted(s.probability) << "," << quoted << "\"\n";
    }
    if (!file) throw IoError("writing " + *out + " failed (disk full?)");
  }
  if (args.has("json")) {
    nlohmann::json list = nlohmann::json::array();
    for (std::size_t i = 0; i < suggestions.size(); ++i) {
      const auto& s = suggestions[i];
      list.push_back({{"rank", i + 1},
                      {"line", pool.tweets[s.index].line},
                      {"p_positive", s.probability},
                      {"predicted", predicted(s.probability)},
                      {"margin", s.margin},
                      {"text", pool.tweets[s.index].text}});
    }
    std::cout << nlohmann::json{{"strategy", domain::toString(options.strategy)},
                                {"threshold", threshold},
                                {"pool",
                                 {{"path", pool.file.string()},
                                  {"tweets", pool.tweets.size()},
                                  {"skipped", pool.skipped},
                                  {"duplicates", pool.duplicates}}},
                                {"suggestions", list}}
                     .dump(2)
              << "\n";
    return 0;
  }
  std::cerr << pool.file.filename().string() << ": " << pool.tweets.size() << " tweets ("
            << pool.skipped << " skipped, " << pool.duplicates << " repeated); "
            << domain::toString(options.strategy) << " around threshold " << fixed(threshold, 3)
            << "\n";
  for (std::size_t i = 0; i < suggestions.size(); ++i) {
    const auto& s = suggestions[i];
    std::cout << i + 1 << "\t" << pool.tweets[s.index].line << "\t" << fixed(s.probability) << "\t"
              << pool.tweets[s.index].text << "\n";
  }
  return 0;
}

}  // namespace tweetlab::cli
