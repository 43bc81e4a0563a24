#include "core/telemetry/DeliveryLedger.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/common/Errors.h"

namespace tweetlab::telemetry {

DeliveryLedger::DeliveryLedger(std::filesystem::path file) : file_(std::move(file)) {
  std::ifstream in(file_, std::ios::binary);
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    if (in.eof()) break;  // no '\n': torn by a crash, that id was never confirmed
    if (first && !line.empty() && line.front() == '{') {
      const auto header = nlohmann::json::parse(line, nullptr, false);
      if (header.is_object() && header.contains("through") &&
          header["through"].is_number_unsigned()) {
        through_ = header["through"].get<std::uint64_t>();
      }
    } else if (!line.empty()) {
      settled_.insert(line);
    }
    first = false;
  }
  open();
}

DeliveryLedger::~DeliveryLedger() = default;

void DeliveryLedger::open() {
  std::error_code ec;
  if (file_.has_parent_path()) std::filesystem::create_directories(file_.parent_path(), ec);
  const bool existed = std::filesystem::exists(file_, ec);
  out_ = std::make_unique<DurableFile>(file_, DurableFile::Mode::Append, 0600);
  if (!existed) syncDirectory(file_.has_parent_path() ? file_.parent_path() : ".");
  needsNewline_ = out_->endsMidLine();
}

void DeliveryLedger::add(const std::vector<std::string>& ids) {
  if (ids.empty()) return;
  std::string bytes;
  for (const auto& id : ids) {
    // Ids are ours (hex or UUID); a line break inside one would split it into two entries.
    if (id.empty() || id.find('\n') != std::string::npos) continue;
    bytes += id + '\n';
  }
  const std::lock_guard lock(mutex_);
  if (needsNewline_) bytes.insert(bytes.begin(), '\n');
  try {
    out_->write(bytes);
  } catch (const IoError&) {
    needsNewline_ = true;
    throw;
  }
  needsNewline_ = false;
  out_->sync();
  for (const auto& id : ids) settled_.insert(id);
}

bool DeliveryLedger::settled(const std::string& id) const {
  const std::lock_guard lock(mutex_);
  return settled_.count(id) > 0;
}

std::uint64_t DeliveryLedger::through() const {
  const std::lock_guard lock(mutex_);
  return through_;
}

void DeliveryLedger::compact(std::uint64_t through, const std::vector<std::string>& keep) {
  std::string bytes = nlohmann::json{{"through", through}}.dump() + "\n";
  for (const auto& id : keep) bytes += id + '\n';
  const std::lock_guard lock(mutex_);
  out_.reset();
  replaceFileDurably(file_, bytes, 0600);
  through_ = through;
  settled_ = {keep.begin(), keep.end()};
  open();
}

}  // namespace tweetlab::telemetry
