#include "core/telemetry/IngestionTransport.h"

#include <httplib.h>

#include "core/common/Errors.h"
#include "core/telemetry/Gzip.h"

namespace tweetlab::telemetry {

IngestionTransport::IngestionTransport(const std::string& trackUrl, TransportOptions options)
    : options_(std::move(options)) {
  const auto schemeEnd = trackUrl.find("://");
  if (schemeEnd == std::string::npos) throw InputError("ingestion URL without scheme: " + trackUrl);
  const auto pathStart = trackUrl.find('/', schemeEnd + 3);
  if (pathStart == std::string::npos || pathStart == schemeEnd + 3) {
    throw InputError("ingestion URL without host or path: " + trackUrl);
  }
  schemeHostPort_ = trackUrl.substr(0, pathStart);
  path_ = trackUrl.substr(pathStart);
}

IngestionTransport::~IngestionTransport() = default;

TransportResponse IngestionTransport::post(const std::vector<std::string>& envelopes) {
  std::string body;
  for (const auto& e : envelopes) {
    body += e;
    body += '\n';
  }
  const std::string compressed = gzipCompress(body);

  std::shared_ptr<httplib::Client> client;
  {
    std::lock_guard lock(clientMutex_);
    if (!client_) {
      client_ = std::make_shared<httplib::Client>(schemeHostPort_);
      if (!client_->is_valid()) {
        client_.reset();
        return {0, {}, {}, "invalid ingestion endpoint " + schemeHostPort_};
      }
      const auto split = [](std::chrono::milliseconds d) {
        return std::pair{static_cast<time_t>(d.count() / 1000),
                         static_cast<time_t>((d.count() % 1000) * 1000)};
      };
      const auto [cs, cus] = split(options_.connectTimeout);
      const auto [rs, rus] = split(options_.requestTimeout);
      client_->set_connection_timeout(cs, cus);
      client_->set_read_timeout(rs, rus);
      client_->set_write_timeout(rs, rus);
      client_->set_keep_alive(true);
      if (!options_.caCertPath.empty()) client_->set_ca_cert_path(options_.caCertPath.c_str());
    }
    client = client_;
  }
  httplib::Headers headers{{"Content-Encoding", "gzip"}};
  auto result = client->Post(path_.c_str(), headers, compressed, "application/x-json-stream");
  if (!result) {
    // Start over with a fresh connection next time (the old one may be half-closed).
    std::lock_guard lock(clientMutex_);
    if (client_ == client) client_.reset();
    return {0, {}, {}, httplib::to_string(result.error())};
  }
  return {result->status, result->body, result->get_header_value("Retry-After"), {}};
}

void IngestionTransport::abort() {
  std::shared_ptr<httplib::Client> client;
  {
    std::lock_guard lock(clientMutex_);
    client = client_;
  }
  if (client) client->stop();
}

}  // namespace tweetlab::telemetry
