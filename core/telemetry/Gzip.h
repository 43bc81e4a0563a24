#pragma once
// gzip (RFC 1952) of a request body: the ingestion service is sent Content-Encoding: gzip, as
// the 2.x SDK always does.
#include <string>
#include <string_view>

namespace tweetlab::telemetry {

std::string gzipCompress(std::string_view bytes);
// IoError when `bytes` is not a complete gzip stream (used by the test ingestion server).
std::string gzipDecompress(std::string_view bytes);

}  // namespace tweetlab::telemetry
