#include "core/common/Json.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>
#include <system_error>

#include "core/common/ErrorText.h"
#include "core/common/Errors.h"
#include "core/common/RegularFile.h"

namespace tweetlab {
namespace {

using nlohmann::json;

// nlohmann's own DOM builder with a depth count in front: parsing stops at the first array or
// object that would be nested deeper than the limit. (The library's parser is iterative; only
// what is done with a parsed value afterwards recurses, so bounding the parse is enough.)
class DepthBoundedBuilder : public nlohmann::detail::json_sax_dom_parser<json> {
  using Base = nlohmann::detail::json_sax_dom_parser<json>;

 public:
  DepthBoundedBuilder(json& result, std::size_t maxDepth)
      : Base(result, /*allow_exceptions=*/false), maxDepth_(maxDepth) {}

  bool start_object(std::size_t n) { return enter() && Base::start_object(n); }
  bool start_array(std::size_t n) { return enter() && Base::start_array(n); }
  bool end_object() {
    --depth_;
    return Base::end_object();
  }
  bool end_array() {
    --depth_;
    return Base::end_array();
  }
  bool parse_error(std::size_t position, const std::string& token,
                   const nlohmann::detail::exception& e) {
    error_ = e.what();
    return Base::parse_error(position, token, e);
  }

  bool tooDeep() const { return tooDeep_; }
  const std::string& error() const { return error_; }

 private:
  bool enter() {
    if (++depth_ <= maxDepth_) return true;
    tooDeep_ = true;
    return false;
  }

  std::size_t maxDepth_;
  std::size_t depth_ = 0;
  bool tooDeep_ = false;
  std::string error_;
};

// nlohmann's messages start with "[json.exception.parse_error.101] " and quote the last token
// read, which may be megabytes long or hold control characters: keep one short line.
std::string shortParseError(std::string message) {
  if (message.rfind("[json.exception.", 0) == 0) {
    const auto close = message.find("] ");
    if (close != std::string::npos) message.erase(0, close + 2);
  }
  for (char& c : message) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  constexpr std::size_t kMax = 160;
  if (message.size() > kMax) message = message.substr(0, kMax) + "...";
  return message;
}

}  // namespace

std::string describeJsonError(const json::exception& e) {
  return shortParseError(e.what());
}

std::optional<json> tryParseJson(std::string_view text, std::string* error, std::size_t maxDepth) {
  json result;
  DepthBoundedBuilder builder(result, maxDepth);
  bool ok = false;
  try {
    ok = json::sax_parse(text, &builder);
  } catch (const json::exception& e) {  // e.g. a container larger than max_size()
    if (error) *error = shortParseError(e.what());
    return std::nullopt;
  }
  if (ok) return result;
  if (error) {
    *error = builder.tooDeep() ? "JSON nested deeper than " + std::to_string(maxDepth) + " levels"
                               : "not valid JSON (" + shortParseError(builder.error()) + ")";
  }
  return std::nullopt;
}

json parseJson(std::string_view text, std::string_view source, std::size_t maxDepth) {
  std::string error;
  auto parsed = tryParseJson(text, &error, maxDepth);
  if (!parsed) throw FormatError(std::string(source) + ": " + error);
  return std::move(*parsed);
}

json readJsonFile(const std::filesystem::path& file, std::uint64_t maxBytes) {
  return parseJson(readRegularFile(file, maxBytes, "JSON file"), file.string());
}

void writeJsonFile(const std::filesystem::path& file, const json& value) {
  writeFileAtomically(file, value.dump(2, ' ', false, json::error_handler_t::replace) + "\n");
}

void writeFileAtomically(const std::filesystem::path& file, std::string_view bytes) {
  std::error_code ec;
  if (file.has_parent_path()) {
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec) throw IoError("cannot create " + file.parent_path().string() + ": " + ec.message());
  }
  auto tmp = file;
  tmp += ".tmp";
  const auto fail = [&](const std::string& what, int err) {
    std::filesystem::remove(tmp, ec);
    throw IoError(what + ": " + writeErrorText(err));
  };
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) fail("cannot write " + tmp.string(), errno);
    errno = 0;
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) fail("writing " + file.string() + " failed", errno);
    out.close();
    if (out.fail()) fail("writing " + file.string() + " failed", errno);
  }
  std::filesystem::rename(tmp, file, ec);
  if (ec) {
    const auto why = ec.message();
    std::filesystem::remove(tmp, ec);
    throw IoError("cannot move " + tmp.string() + " to " + file.string() + ": " + why);
  }
}

}  // namespace tweetlab
