// Where a request ends and whether it is within limits, decided on bytes alone.
#include <gtest/gtest.h>

#include "app/serve/RequestFramer.h"

namespace tweetlab::serve {
namespace {

using State = Framing::State;

FramingLimits small() {
  FramingLimits l;
  l.maxHeaderBytes = 1024;
  l.maxHeaderCount = 8;
  l.maxBodyBytes = 100;
  return l;
}

// Feeds `bytes` one byte more at a time, as a slow client would deliver them.
Framing byteByByte(const std::string& bytes, FramingLimits limits = small()) {
  RequestFramer framer(limits);
  Framing last;
  for (std::size_t n = 1; n <= bytes.size(); ++n) {
    last = framer.feed(std::string_view(bytes).substr(0, n));
    if (last.state != State::NeedMore) break;
  }
  return last;
}

TEST(RequestFramer, FramesRequestsWithAndWithoutBodies) {
  const std::string get = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
  auto f = byteByByte(get + "GET /next");
  EXPECT_EQ(f.state, State::Complete);
  EXPECT_EQ(f.requestBytes, get.size());
  EXPECT_EQ(f.method, "GET");
  EXPECT_EQ(f.target, "/health");

  const std::string post = "POST /predict HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello";
  f = byteByByte(post + "extra");
  EXPECT_EQ(f.state, State::Complete);
  EXPECT_EQ(f.requestBytes, post.size());

  const std::string chunked =
      "POST /p HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3;ext=1\r\n, "
      "w\r\n0\r\n\r\n";
  f = byteByByte(chunked + "GET");
  EXPECT_EQ(f.state, State::Complete);
  EXPECT_EQ(f.requestBytes, chunked.size());
}

TEST(RequestFramer, ABodyOverTheLimitIsRefusedDeclaredOrChunked) {
  auto f = byteByByte("POST /p HTTP/1.1\r\nContent-Length: 101\r\n\r\n");
  EXPECT_EQ(f.state, State::Rejected);
  EXPECT_EQ(f.status, 413);
  // Chunked: refused as soon as the chunk sizes add up to more, before the data arrives.
  f = byteByByte("POST /p HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n50\r\n" +
                 std::string(80, 'a') + "\r\n20\r\n");
  EXPECT_EQ(f.state, State::Rejected);
  EXPECT_EQ(f.status, 413);
  EXPECT_EQ(f.code, "payload_too_large");
  f = byteByByte("POST /p HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n");
  EXPECT_EQ(f.status, 400);  // a size that does not fit
}

TEST(RequestFramer, HeadsOverTheLimitsAreRefusedWithoutWaitingForTheirEnd) {
  std::string flood = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 9; ++i) flood += "X-" + std::to_string(i) + ": y\r\n";
  auto f = byteByByte(flood + "\r\n");
  EXPECT_EQ(f.state, State::Rejected);
  EXPECT_EQ(f.status, 431);
  // An endless header line: refused at the byte limit.
  RequestFramer framer(small());
  const std::string endless = "GET / HTTP/1.1\r\nX: " + std::string(2000, 'a');
  f = framer.feed(endless);
  EXPECT_EQ(f.status, 431);
  EXPECT_EQ(f.code, "request_header_fields_too_large");
}

TEST(RequestFramer, AmbiguousOrUnsupportedFramingIsRefused) {
  EXPECT_EQ(byteByByte("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n")
                .status,
            400);
  EXPECT_EQ(byteByByte("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n").status,
            400);
  EXPECT_EQ(byteByByte("POST / HTTP/1.1\r\nContent-Length: +3\r\n\r\n").status, 400);
  EXPECT_EQ(byteByByte("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n").status, 501);
  EXPECT_EQ(
      byteByByte("POST / HTTP/1.1\r\nContent-Encoding: gzip\r\nContent-Length: 1\r\n\r\nx").status,
      415);
  EXPECT_EQ(
      byteByByte("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\nT: 1\r\n\r\n")
          .status,
      400);  // trailers
  EXPECT_EQ(byteByByte("NOT A REQUEST\r\n\r\n").status, 400);
  EXPECT_EQ(byteByByte("GET / HTTP/1.1\r\n folded\r\n\r\n").status, 400);
  // Equal repeated lengths are fine.
  EXPECT_EQ(byteByByte("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx").state,
            State::Complete);
}

TEST(RequestFramer, SaysWhenTheClientWaitsFor100Continue) {
  RequestFramer framer(small());
  const std::string head = "POST /p HTTP/1.1\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n";
  EXPECT_TRUE(framer.feed(head).expectsContinue);
  EXPECT_FALSE(framer.feed(head + "ab").expectsContinue);
  EXPECT_EQ(framer.feed(head + "abcd").state, State::Complete);
  framer.reset();
  EXPECT_EQ(framer.feed("GET").state, State::NeedMore);
}

}  // namespace
}  // namespace tweetlab::serve
