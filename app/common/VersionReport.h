#pragma once
// What `tweetlab --version`, `tweetlab-cli --version` and `tweetlab-serve --version` print: the
// version (from the CMake project(), see core/common/Version.h), the git commit, the versions of
// the libraries this build uses, and where the resources were found. Support asks for exactly
// this when a model trains differently on two machines.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tweetlab::app {

using VersionEntry = std::pair<std::string, std::string>;  // library name, version/details

// Libraries every program links (LibTorch, BLAS, liblinear, fastText, Snowball, OpenSSL,
// cpp-httplib, nlohmann::json) plus the resource and WordNet locations as found from this process.
std::vector<VersionEntry> libraryVersions();

// The full report. The first line stays "<program> <version> (commit <hash>)" so that scripts can
// parse it; `extra` adds what only some programs link (Qt in the GUI and the CLI).
std::string versionReport(std::string_view program, const std::vector<VersionEntry>& extra = {});

}  // namespace tweetlab::app
