#pragma once
// Locale-independent number text. Qt's QCoreApplication calls setlocale(LC_ALL, ""), after which
// printf/strtod would write and read "0,5" under a German locale; model files must not change
// with the user's locale, so everything written to disk goes through these.
#include <optional>
#include <string>
#include <string_view>

namespace tweetlab {

// Shortest text that reads back to the same double ("0.1", "1e-05", "nan", "inf").
std::string formatDouble(double value);
// The whole string must be a number; surrounding spaces allowed. nullopt otherwise.
std::optional<double> parseDouble(std::string_view text);

}  // namespace tweetlab
