#include "core/text/WordNet.h"

#include <array>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "core/common/Errors.h"
#include "core/common/Resources.h"
#include "core/common/StringHash.h"

namespace tweetlab::text {
namespace {

constexpr std::array<Pos, 4> kAllPos{Pos::Noun, Pos::Verb, Pos::Adjective, Pos::Adverb};

using LemmaSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;
using ExceptionMap =
    std::unordered_map<std::string, std::vector<std::string>, StringHash, std::equal_to<>>;

std::size_t index(Pos pos) {
  return static_cast<std::size_t>(pos);
}

char posLetter(Pos pos) {
  switch (pos) {
    case Pos::Noun:
      return 'n';
    case Pos::Verb:
      return 'v';
    case Pos::Adjective:
      return 'a';
    case Pos::Adverb:
      return 'r';
  }
  return '?';
}

std::vector<std::filesystem::path> requiredFiles(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (Pos pos : kAllPos) {
    files.push_back(dir / ("index." + std::string(toString(pos))));
    files.push_back(dir / (std::string(toString(pos)) + ".exc"));
  }
  return files;
}

// The first required file `dir` lacks, or nullopt when it holds them all.
std::optional<std::filesystem::path> firstMissing(const std::filesystem::path& dir) {
  for (const auto& file : requiredFiles(dir)) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) return file;
  }
  return std::nullopt;
}

std::string readAll(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError("WordNet: cannot open " + file.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw IoError("WordNet: error while reading " + file.string());
  return std::move(buffer).str();
}

template <typename Fn>
void forEachLine(std::string_view text, Fn&& fn) {
  std::size_t lineNo = 0;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    fn(text.substr(start, end - start), ++lineNo);
    start = end + 1;
  }
}

// Whitespace-separated fields, as Python's str.split() (which NLTK uses) sees them.
std::vector<std::string_view> fields(std::string_view line, std::size_t maxFields) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size() && out.size() < maxFields) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

LemmaSet loadIndex(const std::filesystem::path& file, Pos pos) {
  const std::string text = readAll(file);
  LemmaSet lemmas;
  lemmas.reserve(text.size() / 40);
  forEachLine(text, [&](std::string_view line, std::size_t lineNo) {
    if (line.empty() || line.front() == ' ') return;  // the licence header lines start with spaces
    const auto f = fields(line, 2);
    if (f.size() < 2 || f[1].size() != 1 || f[1][0] != posLetter(pos)) {
      throw IoError("WordNet: " + file.string() + " line " + std::to_string(lineNo) +
                    " is not an index entry of part of speech '" + std::string(1, posLetter(pos)) +
                    "'");
    }
    lemmas.emplace(f[0]);
  });
  if (lemmas.empty()) throw IoError("WordNet: " + file.string() + " holds no index entries");
  return lemmas;
}

ExceptionMap loadExceptions(const std::filesystem::path& file) {
  const std::string text = readAll(file);
  ExceptionMap map;
  forEachLine(text, [&](std::string_view line, std::size_t) {
    auto f = fields(line, 64);
    if (f.empty()) return;
    // Like NLTK, a later line for the same form replaces an earlier one.
    map[std::string(f[0])] = std::vector<std::string>(f.begin() + 1, f.end());
  });
  return map;
}

}  // namespace

struct WordNet::Data {
  std::filesystem::path directory;
  std::array<LemmaSet, 4> lemmas;
  std::array<ExceptionMap, 4> exceptions;
};

std::string_view toString(Pos pos) {
  switch (pos) {
    case Pos::Noun:
      return "noun";
    case Pos::Verb:
      return "verb";
    case Pos::Adjective:
      return "adj";
    case Pos::Adverb:
      return "adv";
  }
  return "noun";
}

WordNet::WordNet(Key, std::unique_ptr<Data> data) : data_(std::move(data)) {}
WordNet::~WordNet() = default;

std::shared_ptr<const WordNet> WordNet::load(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::path key = std::filesystem::weakly_canonical(dir, ec);
  if (ec) key = dir;

  // Held while loading so two threads asking at once load the dictionary once.
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const WordNet>> cache;
  const std::lock_guard lock(mutex);
  if (auto it = cache.find(key.string()); it != cache.end()) return it->second;

  if (!std::filesystem::is_directory(key, ec)) {
    throw IoError("WordNet: dictionary directory " + dir.string() + " does not exist");
  }
  if (auto missing = firstMissing(key)) {
    throw IoError("WordNet: " + dir.string() +
                  " is not a WordNet dictionary: " + missing->filename().string() + " is missing");
  }
  auto data = std::make_unique<Data>();
  data->directory = key;
  for (Pos pos : kAllPos) {
    const std::string suffix(toString(pos));
    data->lemmas[index(pos)] = loadIndex(key / ("index." + suffix), pos);
    data->exceptions[index(pos)] = loadExceptions(key / (suffix + ".exc"));
  }
  std::shared_ptr<const WordNet> loaded = std::make_shared<const WordNet>(Key{}, std::move(data));
  cache.emplace(key.string(), loaded);
  return loaded;
}

std::shared_ptr<const WordNet> WordNet::loadDefault() {
  return load(locate());
}

std::filesystem::path WordNet::locate() {
  static const std::array<std::filesystem::path, 1> kSystem{"/usr/share/wordnet"};
  return locate(kSystem);
}

std::filesystem::path WordNet::locate(std::span<const std::filesystem::path> systemDirs) {
  std::string looked;
  const auto holds = [&](const std::filesystem::path& dir, std::string_view label) {
    auto missing = firstMissing(dir);
    if (!missing) return true;
    looked +=
        "\n  " + dir.string() + std::string(label) + " (no " + missing->filename().string() + ")";
    return false;
  };

  if (const char* env = std::getenv("TWEETLAB_WORDNET_DIR"); env != nullptr && *env != '\0') {
    if (holds(env, " [$TWEETLAB_WORDNET_DIR]")) return env;
  } else {
    looked += "\n  $TWEETLAB_WORDNET_DIR (not set)";
  }
  try {
    const auto resource = requireResource("wordnet");
    if (holds(resource, " [TweetLab resource]")) return resource;
  } catch (const IoError& e) {
    looked += "\n  ";
    looked += e.what();
  }
  for (const auto& dir : systemDirs) {
    if (holds(dir, " [system]")) return dir;
  }
  throw IoError(
      "WordNet dictionary not found (install the wordnet-base package or set "
      "TWEETLAB_WORDNET_DIR to a directory with index.noun, noun.exc, ...); looked in:" +
      looked);
}

bool WordNet::hasLemma(std::string_view lemma, Pos pos) const {
  return data_->lemmas[index(pos)].contains(lemma);
}

const std::vector<std::string>* WordNet::exceptions(std::string_view form, Pos pos) const {
  const auto& map = data_->exceptions[index(pos)];
  auto it = map.find(form);
  return it == map.end() ? nullptr : &it->second;
}

std::size_t WordNet::lemmaCount(Pos pos) const {
  return data_->lemmas[index(pos)].size();
}

const std::filesystem::path& WordNet::directory() const {
  return data_->directory;
}

}  // namespace tweetlab::text
