#include "app/serve/RequestFramer.h"

#include <algorithm>
#include <cctype>

#include "core/common/AsciiCase.h"

namespace tweetlab::serve {
namespace {

constexpr std::size_t kMaxHeaderLine = 8192;  // cpp-httplib's CPPHTTPLIB_HEADER_MAX_LENGTH
constexpr std::size_t kMaxChunkSizeLine = 1024;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Printable ASCII only, for the method and target kept for logs (the rest of a hostile request
// line never reaches a log).
std::string shortAscii(std::string_view s, std::size_t max) {
  std::string out;
  for (char c : s.substr(0, max)) out.push_back(c > 0x20 && c < 0x7f ? c : '?');
  return out;
}

bool isToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

}  // namespace

RequestFramer::RequestFramer(FramingLimits limits) : limits_(limits) {}

std::size_t renameFormContentTypes(std::string& request, const Framing& framing) {
  static constexpr std::string_view kRenamed = "X-Original-Content-Type";
  static constexpr std::size_t kNameLength = 12;  // "Content-Type"
  std::size_t grown = 0;
  for (const auto at : framing.formContentTypes) {
    request.replace(at + grown, kNameLength, kRenamed);
    grown += kRenamed.size() - kNameLength;
  }
  return grown;
}

void RequestFramer::reset() {
  *this = RequestFramer(limits_);
}

void RequestFramer::reject(int status, std::string code, std::string message) {
  framing_.state = Framing::State::Rejected;
  framing_.status = status;
  framing_.code = std::move(code);
  framing_.message = std::move(message);
  framing_.expectsContinue = false;
  phase_ = Phase::Done;
}

const Framing& RequestFramer::feed(std::string_view bytes) {
  if (framing_.state != Framing::State::NeedMore) return framing_;
  if (phase_ == Phase::Head) {
    const auto from = scanned_ >= 3 ? scanned_ - 3 : 0;
    const auto end = bytes.find("\r\n\r\n", from);
    if (framing_.method.empty()) noteRequestLine(bytes);
    if (end == std::string_view::npos) {
      scanned_ = bytes.size();
      if (bytes.size() > limits_.maxHeaderBytes) {
        reject(
            431, "request_header_fields_too_large",
            "request line and headers exceed " + std::to_string(limits_.maxHeaderBytes) + " bytes");
      }
      return framing_;
    }
    bodyStart_ = end + 4;
    if (bodyStart_ > limits_.maxHeaderBytes) {
      reject(
          431, "request_header_fields_too_large",
          "request line and headers exceed " + std::to_string(limits_.maxHeaderBytes) + " bytes");
      return framing_;
    }
    parseHead(bytes.substr(0, end + 2));
    if (framing_.state == Framing::State::Rejected) return framing_;
    phase_ = chunked_ ? Phase::ChunkSize : Phase::Body;
    chunkPos_ = bodyStart_;
  }
  if (phase_ == Phase::Body) {
    if (bytes.size() >= bodyStart_ + bodyLength_) {
      framing_.state = Framing::State::Complete;
      framing_.requestBytes = bodyStart_ + bodyLength_;
      framing_.expectsContinue = false;
      phase_ = Phase::Done;
    } else {
      framing_.expectsContinue = expectContinue_ && bytes.size() == bodyStart_;
    }
    return framing_;
  }
  frameChunks(bytes);
  return framing_;
}

// The method and target for logs and metrics, as soon as the request line has arrived (a
// request refused before its head is complete is still counted under its route).
void RequestFramer::noteRequestLine(std::string_view bytes) {
  const auto eol = bytes.find("\r\n");
  if (eol == std::string_view::npos || eol > kMaxHeaderLine) return;
  const auto line = bytes.substr(0, eol);
  const auto sp1 = line.find(' ');
  if (sp1 == std::string_view::npos) return;
  const auto sp2 = line.find(' ', sp1 + 1);
  framing_.method = shortAscii(line.substr(0, sp1), 16);
  framing_.target =
      shortAscii(line.substr(sp1 + 1, sp2 == std::string_view::npos ? sp2 : sp2 - sp1 - 1), 200);
}

void RequestFramer::parseHead(std::string_view head) {
  std::size_t pos = 0;
  std::size_t count = 0;
  bool haveLength = false;
  std::string transferEncoding;
  bool encoded = false;
  while (pos < head.size()) {
    const auto eol = head.find("\r\n", pos);
    const auto line = head.substr(pos, eol - pos);
    pos = eol + 2;
    if (line.size() > kMaxHeaderLine) {
      return reject(
          431, "request_header_fields_too_large",
          "a request line or header exceeds " + std::to_string(kMaxHeaderLine) + " bytes");
    }
    if (count++ == 0) {  // the request line: METHOD SP TARGET SP VERSION
      const auto sp1 = line.find(' ');
      const auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
      if (sp2 == std::string_view::npos || !isToken(line.substr(0, sp1)) || sp2 == sp1 + 1 ||
          line.substr(sp2 + 1, 5) != "HTTP/") {
        return reject(400, "bad_request", "malformed request line");
      }
      framing_.method = shortAscii(line.substr(0, sp1), 16);
      framing_.target = shortAscii(line.substr(sp1 + 1, sp2 - sp1 - 1), 200);
      continue;
    }
    if (count - 1 > limits_.maxHeaderCount) {
      return reject(431, "request_header_fields_too_large",
                    "more than " + std::to_string(limits_.maxHeaderCount) + " header fields");
    }
    if (line.front() == ' ' || line.front() == '\t')
      return reject(400, "bad_request", "obsolete header line folding");
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || !isToken(line.substr(0, colon)))
      return reject(400, "bad_request", "malformed header field");
    const auto name = asciiLowered(line.substr(0, colon));
    const auto value = trim(line.substr(colon + 1));
    if (name == "content-length") {
      if (value.empty() || value.size() > 18 ||
          !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return reject(400, "bad_request", "malformed Content-Length");
      }
      const auto length = std::stoull(std::string(value));
      if (haveLength && length != bodyLength_)
        return reject(400, "bad_request", "conflicting Content-Length fields");
      haveLength = true;
      bodyLength_ = static_cast<std::size_t>(length);
    } else if (name == "transfer-encoding") {
      transferEncoding += (transferEncoding.empty() ? "" : ", ") + asciiLowered(value);
    } else if (name == "expect") {
      expectContinue_ = asciiLowered(value) == "100-continue";
    } else if (name == "content-encoding") {
      encoded = encoded || asciiLowered(value) != "identity";
    } else if (name == "content-type") {
      const auto type = asciiLowered(trim(value.substr(0, value.find(';'))));
      if (type == "application/x-www-form-urlencoded" || type == "multipart/form-data") {
        framing_.formContentTypes.push_back(static_cast<std::size_t>(line.data() - head.data()));
      }
    }
  }
  if (!transferEncoding.empty()) {
    if (haveLength) {
      return reject(400, "bad_request",
                    "both Content-Length and Transfer-Encoding: the body's length is ambiguous");
    }
    if (transferEncoding != "chunked") {
      return reject(501, "not_implemented",
                    "Transfer-Encoding other than chunked is not supported");
    }
    chunked_ = true;
  }
  if (encoded) {
    return reject(415, "unsupported_media_type",
                  "compressed request bodies (Content-Encoding) are not accepted");
  }
  if (bodyLength_ > limits_.maxBodyBytes) {
    return reject(413, "payload_too_large",
                  "request body exceeds " + std::to_string(limits_.maxBodyBytes) + " bytes");
  }
}

void RequestFramer::frameChunks(std::string_view bytes) {
  while (framing_.state == Framing::State::NeedMore) {
    if (phase_ == Phase::ChunkSize) {
      const auto eol = bytes.find("\r\n", chunkPos_);
      if (eol == std::string_view::npos) {
        if (bytes.size() - chunkPos_ > kMaxChunkSizeLine)
          reject(400, "bad_request", "chunk size line too long");
        framing_.expectsContinue = expectContinue_ && payload_ == 0 && bytes.size() == bodyStart_;
        return;
      }
      const auto line = bytes.substr(chunkPos_, eol - chunkPos_);
      std::size_t digits = 0;
      std::size_t size = 0;
      while (digits < line.size() && std::isxdigit(static_cast<unsigned char>(line[digits]))) {
        if (digits == 15) return reject(400, "bad_request", "malformed chunk size");
        const char c = asciiLower(line[digits]);
        size = size * 16 + static_cast<std::size_t>(c <= '9' ? c - '0' : c - 'a' + 10);
        ++digits;
      }
      const auto rest = trim(line.substr(digits));
      if (digits == 0 || (!rest.empty() && rest.front() != ';'))
        return reject(400, "bad_request", "malformed chunk size");
      chunkPos_ = eol + 2;
      if (size == 0) {
        phase_ = Phase::LastChunkEnd;
        continue;
      }
      if (size > limits_.maxBodyBytes - payload_) {
        return reject(413, "payload_too_large",
                      "request body exceeds " + std::to_string(limits_.maxBodyBytes) + " bytes");
      }
      payload_ += size;
      chunkSize_ = size;
      phase_ = Phase::ChunkData;
    } else if (phase_ == Phase::ChunkData) {
      if (bytes.size() < chunkPos_ + chunkSize_ + 2) return;
      if (bytes.substr(chunkPos_ + chunkSize_, 2) != "\r\n")
        return reject(400, "bad_request", "chunk data not followed by CRLF");
      chunkPos_ += chunkSize_ + 2;
      phase_ = Phase::ChunkSize;
    } else {  // LastChunkEnd
      if (bytes.size() < chunkPos_ + 2) return;
      if (bytes.substr(chunkPos_, 2) != "\r\n")
        return reject(400, "bad_request", "chunked trailer fields are not supported");
      framing_.state = Framing::State::Complete;
      framing_.requestBytes = chunkPos_ + 2;
      framing_.expectsContinue = false;
      phase_ = Phase::Done;
    }
  }
}

}  // namespace tweetlab::serve
