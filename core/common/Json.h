#pragma once
// JSON in and out. Text from outside (request bodies, data files, bundle manifests, answers from
// MLflow or Application Insights) is parsed with its nesting bounded: nlohmann::json copies,
// compares and prints values recursively, so a 200,000-deep array would overflow the stack the
// first time a handler copied it. Files are read through RegularFile (no FIFO or device, a size
// limit) with errors that name the file; they are written atomically (temp file + rename) so a
// crash never leaves half a manifest or spec behind.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace tweetlab {

// Deeper than any document TweetLab or its peers write (a manifest is 4 levels deep, an MLflow
// answer 5), far below what would strain the stack.
inline constexpr std::size_t kMaxJsonDepth = 64;
// JSON files TweetLab reads are manifests, specs and small model metadata.
inline constexpr std::uint64_t kMaxJsonFileBytes = 64ull << 20;

// Parses `text`; FormatError "<source>: not valid JSON (...)" or "<source>: JSON nested deeper
// than 64 levels". The message is one line of bounded length whatever the input.
nlohmann::json parseJson(std::string_view text, std::string_view source,
                         std::size_t maxDepth = kMaxJsonDepth);
// The same without exceptions: nullopt, and the reason in `error` when given.
std::optional<nlohmann::json> tryParseJson(std::string_view text, std::string* error = nullptr,
                                           std::size_t maxDepth = kMaxJsonDepth);

// A library exception as one short line for a user: "type must be number, but is string"
// without nlohmann's "[json.exception.type_error.302]" prefix, cut to ~160 characters.
std::string describeJsonError(const nlohmann::json::exception& e);

// IoError when the file cannot be read (missing, not a regular file, larger than maxBytes),
// FormatError naming it when it is not valid JSON.
nlohmann::json readJsonFile(const std::filesystem::path& file,
                            std::uint64_t maxBytes = kMaxJsonFileBytes);
void writeJsonFile(const std::filesystem::path& file, const nlohmann::json& value);

// Writes bytes to `file` through a sibling temporary file and a rename. IoError naming the file
// (and "disk full" when that is why) on failure, and then no temporary file is left behind.
void writeFileAtomically(const std::filesystem::path& file, std::string_view bytes);

}  // namespace tweetlab
