#include "core/telemetry/IngestionTransport.h"

#include <httplib.h>

#include "core/common/Errors.h"
#include "core/telemetry/Gzip.h"

namespace tweetlab::telemetry {
namespace {

bool isHttpUrl(const std::string& url) {
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

// "scheme://host[:port]" and "/path..." of an absolute URL; nullopt without a host.
std::optional<std::pair<std::string, std::string>> splitUrl(const std::string& url) {
  const auto schemeEnd = url.find("://");
  if (schemeEnd == std::string::npos) return std::nullopt;
  const auto pathStart = url.find('/', schemeEnd + 3);
  const auto hostEnd = std::min(pathStart, url.find('?', schemeEnd + 3));
  if (hostEnd == schemeEnd + 3) return std::nullopt;
  if (pathStart == std::string::npos) return std::pair{url.substr(0, hostEnd), std::string("/")};
  return std::pair{url.substr(0, pathStart), url.substr(pathStart)};
}

}  // namespace

std::optional<std::string> resolveLocation(const std::string& url, const std::string& location) {
  if (location.empty()) return std::nullopt;
  if (location.find("://") != std::string::npos) {
    if (!isHttpUrl(location) || !splitUrl(location)) return std::nullopt;
    return location;
  }
  const auto parts = splitUrl(url);
  if (!parts) return std::nullopt;
  const auto& [base, path] = *parts;
  if (location.rfind("//", 0) == 0) return base.substr(0, base.find("://") + 1) + location;
  if (location.front() == '/') return base + location;
  // Relative to the directory of the path that answered.
  const auto dir = path.substr(0, path.substr(0, path.find('?')).rfind('/') + 1);
  return base + dir + location;
}

IngestionTransport::IngestionTransport(const std::string& trackUrl, TransportOptions options)
    : options_(std::move(options)) {
  const auto schemeEnd = trackUrl.find("://");
  if (schemeEnd == std::string::npos) throw InputError("ingestion URL without scheme: " + trackUrl);
  const auto pathStart = trackUrl.find('/', schemeEnd + 3);
  if (pathStart == std::string::npos || pathStart == schemeEnd + 3) {
    throw InputError("ingestion URL without host or path: " + trackUrl);
  }
  target_ = {trackUrl.substr(0, pathStart), trackUrl.substr(pathStart)};
}

IngestionTransport::~IngestionTransport() = default;

std::string IngestionTransport::url() const {
  const std::lock_guard lock(mutex_);
  return target_.schemeHostPort + target_.path;
}

std::shared_ptr<httplib::Client> IngestionTransport::clientFor(const std::string& schemeHostPort) {
  const std::lock_guard lock(mutex_);
  const bool main = schemeHostPort == target_.schemeHostPort;
  auto& slot = main ? client_ : detour_;
  if (!main && detourHost_ != schemeHostPort) {
    detour_.reset();
    detourHost_ = schemeHostPort;
  }
  if (!slot) {
    auto client = std::make_shared<httplib::Client>(schemeHostPort);
    if (!client->is_valid()) return nullptr;
    const auto split = [](std::chrono::milliseconds d) {
      return std::pair{static_cast<time_t>(d.count() / 1000),
                       static_cast<time_t>((d.count() % 1000) * 1000)};
    };
    const auto [cs, cus] = split(options_.connectTimeout);
    const auto [rs, rus] = split(options_.requestTimeout);
    client->set_connection_timeout(cs, cus);
    client->set_read_timeout(rs, rus);
    client->set_write_timeout(rs, rus);
    client->set_keep_alive(true);
    if (!options_.caCertPath.empty()) client->set_ca_cert_path(options_.caCertPath.c_str());
    slot = std::move(client);
  }
  return slot;
}

TransportResponse IngestionTransport::postOnce(const Target& target,
                                               const std::string& compressed) {
  auto client = clientFor(target.schemeHostPort);
  TransportResponse r;
  if (!client) {
    r.error = "invalid ingestion endpoint " + target.schemeHostPort;
    return r;
  }
  httplib::Headers headers{{"Content-Encoding", "gzip"}};
  auto result = client->Post(target.path.c_str(), headers, compressed, "application/x-json-stream");
  if (!result) {
    // Start over with a fresh connection next time (the old one may be half-closed).
    {
      const std::lock_guard lock(mutex_);
      if (client_ == client) client_.reset();
      if (detour_ == client) detour_.reset();
    }
    r.error = httplib::to_string(result.error());
    // Depending on where OpenSSL notices, a refused certificate is a verification error or a
    // failed handshake with a verify result other than X509_V_OK (0).
    r.untrustedCertificate = result.error() == httplib::Error::SSLServerVerification ||
                             (result.error() == httplib::Error::SSLConnection &&
                              client->get_openssl_verify_result() != 0);
    if (r.untrustedCertificate) {
      r.error = "the HTTPS certificate of " + target.schemeHostPort + " is not trusted";
    }
    return r;
  }
  r.status = result->status;
  r.body = result->body;
  r.retryAfter = result->get_header_value("Retry-After");
  if (r.status == 307 || r.status == 308) r.movedTo = result->get_header_value("Location");
  return r;
}

TransportResponse IngestionTransport::post(const std::vector<std::string>& envelopes) {
  std::string body;
  for (const auto& e : envelopes) {
    body += e;
    body += '\n';
  }
  const std::string compressed = gzipCompress(body);

  Target target;
  {
    const std::lock_guard lock(mutex_);
    target = target_;
  }
  std::string moved;
  for (int hop = 0;; ++hop) {
    auto response = postOnce(target, compressed);
    if (response.status != 307 && response.status != 308) {
      response.movedTo = moved;
      return response;
    }
    const std::string location = std::move(response.movedTo);
    response.movedTo = moved;
    const std::string from = target.schemeHostPort + target.path;
    if (location.empty()) {
      response.error = "HTTP " + std::to_string(response.status) + " without a Location header";
      return response;
    }
    if (hop >= kMaxRedirects) {
      response.error =
          "more than " + std::to_string(kMaxRedirects) + " redirects (last to " + location + ")";
      return response;
    }
    const auto next = resolveLocation(from, location);
    const auto parts = next ? splitUrl(*next) : std::nullopt;
    if (!parts) {
      response.error = "redirect to '" + location.substr(0, 200) + "' is not an http(s) URL";
      return response;
    }
    const Target to{parts->first, parts->second};
    if (response.status == 308) {
      const std::lock_guard lock(mutex_);
      // Only the endpoint this post started from moves (a 308 further down a 307 detour does
      // not speak for the configured endpoint).
      if (target_.schemeHostPort == target.schemeHostPort && target_.path == target.path) {
        if (target_.schemeHostPort != to.schemeHostPort) client_.reset();
        target_ = to;
        moved = *next;
      }
    }
    target = to;
  }
}

void IngestionTransport::abort() {
  std::shared_ptr<httplib::Client> client, detour;
  {
    const std::lock_guard lock(mutex_);
    client = client_;
    detour = detour_;
  }
  if (client) client->stop();
  if (detour) detour->stop();
}

}  // namespace tweetlab::telemetry
