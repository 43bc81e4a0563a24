#include "core/common/Json.h"

#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

#include "core/common/Errors.h"

namespace tweetlab {

nlohmann::json readJsonFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError("cannot open " + file.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  try {
    return nlohmann::json::parse(buffer.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw FormatError(file.string() + ": not valid JSON (" + e.what() + ")");
  }
}

void writeJsonFile(const std::filesystem::path& file, const nlohmann::json& value) {
  writeFileAtomically(file, value.dump(2) + "\n");
}

void writeFileAtomically(const std::filesystem::path& file, std::string_view bytes) {
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  auto tmp = file;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw IoError("cannot write " + tmp.string());
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) throw IoError("writing " + tmp.string() + " failed (disk full?)");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, file, ec);
  if (ec)
    throw IoError("cannot move " + tmp.string() + " to " + file.string() + ": " + ec.message());
}

}  // namespace tweetlab
