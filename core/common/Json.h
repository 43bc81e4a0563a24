#pragma once
// JSON files: read with errors that name the file, write atomically (temp file + rename) so a
// crash never leaves half a manifest or spec behind.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string_view>

namespace tweetlab {

nlohmann::json readJsonFile(const std::filesystem::path& file);
void writeJsonFile(const std::filesystem::path& file, const nlohmann::json& value);

// Writes bytes to `file` through a sibling temporary file and a rename.
void writeFileAtomically(const std::filesystem::path& file, std::string_view bytes);

}  // namespace tweetlab
