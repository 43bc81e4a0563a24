#include "core/telemetry/FeedbackDelivery.h"

#include <unordered_set>

#include "core/common/Errors.h"
#include "core/telemetry/AppInsightsFeedbackForwarder.h"
#include "core/telemetry/FeedbackLog.h"
#include "core/telemetry/OfflineStore.h"

namespace tweetlab::telemetry {
namespace {

// The feedback_id property of an envelope trackFeedback() made; "" for anything else.
std::string feedbackIdOf(const std::string& envelope) {
  const auto j = nlohmann::json::parse(envelope, nullptr, false);
  if (!j.is_object()) return {};
  const auto* props = &j;
  for (const char* key : {"data", "baseData", "properties"}) {
    if (!props->is_object() || !props->contains(key)) return {};
    props = &(*props)[key];
  }
  const auto it = props->find("feedback_id");
  return it != props->end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

FeedbackDelivery::FeedbackDelivery(FeedbackDeliveryOptions options, DeliveryListener listener)
    : options_(std::move(options)) {
  if (options_.client.storageDir.empty()) {
    throw InputError("feedback delivery needs an offline queue directory");
  }
  if (options_.ledger.empty()) options_.ledger = options_.client.storageDir / "delivered.ledger";
  // Before the client starts (it sends the offline store at once): what is settled, and what
  // already waits on disk, so that a replayed record is neither of them.
  OfflineStore probe(options_.client.storageDir, options_.client.storeLimits);
  ledger_ = std::make_unique<DeliveryLedger>(options_.ledger);
  std::unordered_set<std::string> waiting;
  for (const auto& envelope : probe.allItems()) {
    if (auto id = feedbackIdOf(envelope); !id.empty()) waiting.insert(std::move(id));
  }
  std::vector<FeedbackRecord> pending;
  std::vector<std::string> keep;  // settled ids at or after the new "through"
  std::uint64_t firstOpen = 0;
  bool open = false;
  const auto end = FeedbackLog::visitFrom(
      options_.feedbackLog, ledger_->through(),
      [&](const FeedbackRecord& record, std::uint64_t offset) {
        if (record.forwardTo != kApplicationInsightsRoute || record.id.empty()) return;
        const bool settled = ledger_->settled(record.id);
        if (!settled && !open) {
          open = true;
          firstOpen = offset;
        }
        if (settled && open) keep.push_back(record.id);
        if (!settled && waiting.count(record.id) == 0) pending.push_back(record);
      });
  // Everything before the first record still in the air is settled: forget those ids.
  const auto through = open ? firstOpen : end;
  if (through > ledger_->through()) ledger_->compact(through, keep);

  client_ = std::make_unique<AppInsightsClient>(
      options_.client, [this, listener = std::move(listener)](const DeliveryEvent& event) {
        settle(event);
        if (listener) listener(event);
      });
  for (const auto& record : pending) send(record);
  replayed_ = pending.size();
}

FeedbackDelivery::~FeedbackDelivery() {
  // The client's thread calls settle(): stop it while the ledger is still here.
  client_->close(std::chrono::seconds(3));
}

bool FeedbackDelivery::prepare(FeedbackRecord& record) const {
  if (record.accepted && !options_.sendValidations) return false;
  record.forwardTo = kApplicationInsightsRoute;
  return true;
}

void FeedbackDelivery::send(const FeedbackRecord& record, const Properties& more) noexcept {
  if (record.forwardTo != kApplicationInsightsRoute) return;
  try {
    if (more.empty()) {
      trackFeedback(*client_, record, options_.extra, options_.sendValidations);
      return;
    }
    Properties extra = options_.extra;
    for (const auto& [key, value] : more) extra[key] = value;
    trackFeedback(*client_, record, extra, options_.sendValidations);
  } catch (...) {
    // The feedback log holds the record and it is not in the ledger: the next start sends it.
  }
}

void FeedbackDelivery::settle(const DeliveryEvent& event) {
  if (event.envelopes.empty()) return;
  std::vector<std::string> ids;
  for (const auto& envelope : event.envelopes) {
    if (auto id = feedbackIdOf(envelope); !id.empty()) ids.push_back(std::move(id));
  }
  try {
    ledger_->add(ids);
  } catch (const std::exception&) {
    // Not recorded: the next start sends these again (a duplicate, never a loss).
  }
}

}  // namespace tweetlab::telemetry
