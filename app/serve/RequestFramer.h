#pragma once
// Where one HTTP/1.1 request ends in the bytes a connection has received, and whether it stays
// within the server's limits — decided before any of it reaches cpp-httplib, whose own reader
// buffers a request line or a chunked body of any length and reads headers without a count.
// The front end (BoundedHttpServer) receives bytes without blocking a worker and hands a
// request to one only once it is complete, so a client that trickles its request (slowloris)
// or floods headers costs a buffer, never a thread.
//
// Framing follows RFC 9112: a request-line and headers up to an empty line; then a body of
// Content-Length bytes, or chunked (no trailers: cpp-httplib does not read them), or none.
// Refused, each with the status to answer: a head over the byte or header-count limit (431),
// a body over the limit whether declared or chunked (413), Content-Length together with
// Transfer-Encoding or given twice differently (400, the ground of request smuggling), a
// transfer coding other than chunked (501), a compressed body (415: inflating it could
// exceed any limit).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tweetlab::serve {

struct FramingLimits {
  std::size_t maxHeaderBytes = 16 * 1024;  // request line + headers + the empty line
  std::size_t maxHeaderCount = 64;
  std::size_t maxBodyBytes = 1 << 20;  // payload, without chunk framing
};

struct Framing {
  enum class State { NeedMore, Complete, Rejected };
  State state = State::NeedMore;
  std::size_t requestBytes = 0;  // Complete: bytes from the start of the buffer to its end
  bool expectsContinue = false;  // head read, body awaited, the client sent Expect: 100-continue
  int status = 0;                // Rejected: the HTTP status to answer
  std::string code;              // Rejected: machine-readable code
  std::string message;           // Rejected: one line for the client
  std::string method;            // once the request line is read (for logs and metrics)
  std::string target;
  // Where each Content-Type header line naming a form type (application/x-www-form-urlencoded,
  // multipart/form-data) starts, from the first byte of the request. cpp-httplib parses such
  // bodies itself (and refuses urlencoded ones over 8 KB), but the API reads every body as JSON
  // whatever its type: the front end renames these headers before cpp-httplib sees them.
  std::vector<std::size_t> formContentTypes;
};

// Renames the Content-Type headers `framing` found to X-Original-Content-Type in the request at
// the start of `request`; returns how many bytes the request grew by.
std::size_t renameFormContentTypes(std::string& request, const Framing& framing);

class RequestFramer {
 public:
  explicit RequestFramer(FramingLimits limits = {});

  // `bytes` holds everything received for this request so far, from its first byte on (the
  // same prefix each call, possibly longer). Work already done is not repeated.
  const Framing& feed(std::string_view bytes);
  // The result of the last feed().
  const Framing& current() const { return framing_; }
  // For the next request on the connection.
  void reset();

 private:
  enum class Phase { Head, Body, ChunkSize, ChunkData, LastChunkEnd, Done };
  void reject(int status, std::string code, std::string message);
  void noteRequestLine(std::string_view bytes);
  void parseHead(std::string_view head);
  void frameChunks(std::string_view bytes);

  FramingLimits limits_;
  Framing framing_;
  Phase phase_ = Phase::Head;
  std::size_t scanned_ = 0;     // head: bytes already searched for the empty line
  std::size_t bodyStart_ = 0;   // first byte after the head
  std::size_t bodyLength_ = 0;  // Content-Length
  bool chunked_ = false;
  bool expectContinue_ = false;
  std::size_t chunkPos_ = 0;   // chunked: where the next chunk-size line or data starts
  std::size_t chunkSize_ = 0;  // chunked: size of the chunk being read
  std::size_t payload_ = 0;    // chunked: payload bytes so far
};

}  // namespace tweetlab::serve
