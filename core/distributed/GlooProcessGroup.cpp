#include "core/distributed/GlooProcessGroup.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include "core/common/Sha256.h"

// DistributedDataParallel's bucket assignment, exported by LibTorch (libtorch_cpu) and declared in
// c10d/reducer.hpp, which Debian's libtorch-dev cannot compile (it includes the distributed
// autograd headers the package leaves out): declared here as reducer.hpp declares it.
namespace c10d {
class Logger;
constexpr int kDefaultFirstBucketBytes = int(1024 * 1024);
constexpr int kDefaultBucketBytesCap = int(25 * 1024 * 1024);
TORCH_API std::tuple<std::vector<std::vector<size_t>>, std::vector<size_t>>
compute_bucket_assignment_by_size(const std::vector<at::Tensor>& tensors,
                                  const std::vector<size_t>& bucket_size,
                                  const std::vector<bool>& expect_sparse_gradient,
                                  const std::vector<int64_t>& tensor_indices,
                                  const c10::optional<std::weak_ptr<c10d::Logger>>& logger);
}  // namespace c10d

namespace tweetlab::distributed {
namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<std::uint8_t> bytes(const std::string& s) {
  return {s.begin(), s.end()};
}
std::string text(const std::vector<std::uint8_t>& b) {
  return {b.begin(), b.end()};
}

bool isLoopback(const std::string& host) {
  return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1";
}

// A value short enough to read in an error message.
std::string shown(const std::string& value) {
  return value.size() <= 64 ? value : "sha256 " + Sha256::of(value).substr(0, 16);
}

// One bucket: a flat buffer the gradients of its parameters are copied into, all-reduced in one
// call, and copied back from. The first bucket carries one more element: the step's row count.
struct Bucket {
  std::vector<std::size_t> parameters;  // indices into the parameter list
  torch::Tensor buffer;
  std::vector<torch::Tensor> views;  // one per parameter, shaped like it, into `buffer`
};

// An embedding table's gradient is zero but for the rows of the words in the batch (a BiLSTM
// over 18k words: 95 % of its parameters, ~10 % of the rows touched per step). Such a table
// (a matrix of at least this many rows) is exchanged as the union of the rows any rank touched,
// not whole: rows no rank touched are zero everywhere, so the result is the dense all-reduce's.
// A matrix whose union turns out dense at its first step (a wide linear layer) goes back to the
// buckets for good.
constexpr std::int64_t kRowSparseMinRows = 1024;
constexpr double kRowSparseMaxDensity = 0.5;

bool mayBeRowSparse(const torch::Tensor& parameter) {
  return parameter.dim() == 2 && parameter.size(0) >= kRowSparseMinRows;
}

}  // namespace

struct GlooProcessGroup::Impl {
  Rendezvous rendezvous;
  GroupOptions options;
  c10::intrusive_ptr<c10d::Store> store;  // "tweetlab/" keys
  c10::intrusive_ptr<c10d::ProcessGroupGloo> gloo;
  std::vector<Bucket> buckets;
  std::vector<std::size_t> rowSparse;  // parameters exchanged by rows (indices into the list)
  bool rowSparseChecked = false;       // the first step's densities have been seen
  std::vector<const void*> bucketedParameters;  // which tensors the buckets were built for
  std::size_t agreements = 0;                   // requireSame calls so far (key suffix)
  double gradientSeconds = 0;
  double gradientWaitSeconds = 0;
  double gradientBytes = 0;

  // What the other ranks left in the store before they stopped, as "; rank 1: <reason>".
  std::string peersFailures() {
    std::string found;
    for (int r = 0; r < rendezvous.worldSize; ++r) {
      if (r == rendezvous.rank) continue;
      try {
        const auto key = "failed/" + std::to_string(r);
        if (store->check({key}))
          found += "; rank " + std::to_string(r) + ": " + text(store->get(key));
      } catch (const std::exception&) {
        return found + "; rank 0's store is gone too (rank 0 stopped)";
      }
    }
    return found;
  }

  template <class F>
  auto guarded(const std::string& what, F&& f) {
    try {
      return f();
    } catch (const DistributedError&) {
      throw;
    } catch (const InputError&) {
      throw;
    } catch (const std::exception& e) {
      std::string reason = e.what();
      if (const auto line = reason.find('\n'); line != std::string::npos) reason.resize(line);
      throw DistributedError("rank " + std::to_string(rendezvous.rank) + " of " +
                             std::to_string(rendezvous.worldSize) + ": " + what +
                             " failed, a peer stopped or did not answer within " +
                             std::to_string(options.timeout.count() / 1000) + " s (" + reason +
                             ")" + peersFailures());
    }
  }

  void run(std::vector<torch::Tensor>& tensors, bool broadcast,
           c10d::ReduceOp op = c10d::ReduceOp::SUM) {
    c10::intrusive_ptr<c10d::Work> work;
    if (broadcast) {
      c10d::BroadcastOptions o;
      o.rootRank = 0;
      work = gloo->broadcast(tensors, o);
    } else {
      c10d::AllreduceOptions o;
      o.reduceOp = op;
      work = gloo->allreduce(tensors, o);
    }
    work->wait();
  }

  void buildBuckets(const std::vector<torch::Tensor>& parameters) {
    buckets.clear();
    bucketedParameters.clear();
    for (const auto& p : parameters) bucketedParameters.push_back(p.unsafeGetTensorImpl());
    if (!rowSparseChecked) {
      rowSparse.clear();
      for (std::size_t i = 0; i < parameters.size(); ++i) {
        if (mayBeRowSparse(parameters[i])) rowSparse.push_back(i);
      }
    }
    std::vector<torch::Tensor> dense;
    std::vector<std::size_t> denseIndex;
    for (std::size_t i = 0; i < parameters.size(); ++i) {
      if (std::find(rowSparse.begin(), rowSparse.end(), i) != rowSparse.end()) continue;
      dense.push_back(parameters[i]);
      denseIndex.push_back(i);
    }
    if (dense.empty()) {
      // The step's row count still needs a bucket to ride in.
      buckets.push_back(
          {{}, torch::zeros({1}, parameters.front().options().requires_grad(false)), {}});
      return;
    }
    // DDP's own assignment, and its order: parameters used last in the forward pass get their
    // gradients first, so their buckets go first.
    const std::vector<std::size_t> limits{static_cast<std::size_t>(c10d::kDefaultFirstBucketBytes),
                                          static_cast<std::size_t>(c10d::kDefaultBucketBytesCap)};
    auto [assignment, sizes] =
        c10d::compute_bucket_assignment_by_size(dense, limits, {}, {}, c10::nullopt);
    std::reverse(assignment.begin(), assignment.end());
    for (auto& indices : assignment) {
      for (auto& i : indices) i = denseIndex[i];
      Bucket bucket;
      bucket.parameters = indices;
      std::int64_t numel = buckets.empty() ? 1 : 0;
      for (auto i : indices) numel += parameters[i].numel();
      const auto& first = parameters[indices.front()];
      bucket.buffer = torch::zeros({numel}, first.options().requires_grad(false));
      std::int64_t offset = 0;
      for (auto i : indices) {
        const auto n = parameters[i].numel();
        bucket.views.push_back(bucket.buffer.narrow(0, offset, n).view(parameters[i].sizes()));
        offset += n;
      }
      buckets.push_back(std::move(bucket));
    }
  }

  bool sameParameters(const std::vector<torch::Tensor>& parameters) const {
    if (parameters.size() != bucketedParameters.size()) return false;
    for (std::size_t i = 0; i < parameters.size(); ++i) {
      if (parameters[i].unsafeGetTensorImpl() != bucketedParameters[i]) return false;
    }
    return true;
  }
};

GlooProcessGroup::GlooProcessGroup(const Rendezvous& rendezvous, const GroupOptions& options)
    : impl_(std::make_unique<Impl>()) {
  impl_->rendezvous = rendezvous;
  impl_->options = options;
  const auto where = rendezvous.masterAddress + ":" + std::to_string(rendezvous.masterPort);
  const auto waited = std::to_string(options.timeout.count() / 1000) + " s";
  c10::intrusive_ptr<c10d::Store> tcp;
  try {
    c10d::TCPStoreOptions o;
    o.port = static_cast<std::uint16_t>(rendezvous.masterPort);
    o.isServer = rendezvous.rank == 0;
    o.numWorkers = static_cast<std::size_t>(rendezvous.worldSize);
    o.waitWorkers = true;
    o.timeout = options.timeout;
    tcp = c10::make_intrusive<c10d::TCPStore>(rendezvous.masterAddress, o);
  } catch (const std::exception& e) {
    std::string reason = e.what();
    if (const auto line = reason.find('\n'); line != std::string::npos) reason.resize(line);
    throw DistributedError("rank " + std::to_string(rendezvous.rank) + " of " +
                           std::to_string(rendezvous.worldSize) + " (" + rendezvous.source +
                           "): the ranks did not all meet at " + where + " within " + waited +
                           " (" + reason + ")");
  }
  impl_->store = c10::make_intrusive<c10d::PrefixStore>("tweetlab", tcp);
  impl_->guarded("joining the Gloo process group at " + where, [&] {
    auto gloo = c10::make_intrusive<c10d::PrefixStore>("gloo", tcp);
    auto o = c10d::ProcessGroupGloo::Options::create(options.timeout);
    if (const char* ifname = std::getenv("GLOO_SOCKET_IFNAME")) {
      o->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(ifname));
    } else if (isLoopback(rendezvous.masterAddress)) {
      o->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
    } else {
      o->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    }
    o->threads = 2;  // two buckets in flight at once
    impl_->gloo =
        c10::make_intrusive<c10d::ProcessGroupGloo>(gloo, rendezvous.rank, rendezvous.worldSize, o);
    return 0;
  });
}

GlooProcessGroup::~GlooProcessGroup() = default;

int GlooProcessGroup::rank() const {
  return impl_->rendezvous.rank;
}
int GlooProcessGroup::size() const {
  return impl_->rendezvous.worldSize;
}
int GlooProcessGroup::localRank() const {
  return impl_->rendezvous.localRank;
}

void GlooProcessGroup::broadcastTensors(const std::vector<torch::Tensor>& tensors) {
  impl_->guarded("broadcasting rank 0's starting weights", [&] {
    for (const auto& t : tensors) {
      // Gloo sends contiguous memory: a non-contiguous tensor goes through a copy.
      std::vector<torch::Tensor> one{t.is_contiguous() ? t : t.contiguous()};
      impl_->run(one, true);
      if (!t.is_contiguous()) t.copy_(one.front());
    }
    return 0;
  });
}

void GlooProcessGroup::requireSame(std::string_view what, const std::string& value) {
  const auto prefix = "same/" + std::to_string(impl_->agreements++) + "/" + std::string(what) + "/";
  std::vector<std::string> values;
  impl_->guarded("comparing the " + std::string(what) + " of every rank", [&] {
    impl_->store->set(prefix + std::to_string(rank()), bytes(value));
    // Polled rather than a blocking get: a rank that failed before it got here (e.g. could not
    // read the data) has said so in the store, and the others stop now, not at the timeout.
    const auto deadline = std::chrono::steady_clock::now() + impl_->options.timeout;
    for (int r = 0; r < size(); ++r) {
      const auto key = prefix + std::to_string(r);
      while (!impl_->store->check({key})) {
        const auto failures = impl_->peersFailures();
        if (!failures.empty()) {
          throw DistributedError("rank " + std::to_string(rank()) + " of " +
                                 std::to_string(size()) + ": another rank stopped before the " +
                                 std::string(what) + " could be compared" + failures);
        }
        if (std::chrono::steady_clock::now() > deadline) {
          throw DistributedError("rank " + std::to_string(r) + " did not report its " +
                                 std::string(what) + " within " +
                                 std::to_string(impl_->options.timeout.count() / 1000) + " s");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      values.push_back(text(impl_->store->get(key)));
    }
    // Everyone has read every value before anyone acts on them: rank 0 serves the store, and a
    // rank 0 that stopped on a mismatch at once would take the values from the others.
    const auto waitFor = [&](const std::string& counter, std::int64_t count, std::int64_t seen) {
      while (seen < count) {
        if (std::chrono::steady_clock::now() > deadline) {
          throw DistributedError("the ranks did not all compare their " + std::string(what) +
                                 " within " +
                                 std::to_string(impl_->options.timeout.count() / 1000) + " s");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        seen = impl_->store->add(counter, 0);
      }
    };
    waitFor(prefix + "read", size(), impl_->store->add(prefix + "read", 1));
    // Seeing the full count is itself a store request: rank 0 must not stop (and take the store
    // with it) before every other rank has seen it, or that rank reports a broken pipe instead
    // of the mismatch. So the others say they are done with the store and rank 0 waits for it.
    if (isRoot()) {
      waitFor(prefix + "done", size() - 1, impl_->store->add(prefix + "done", 0));
    } else {
      impl_->store->add(prefix + "done", 1);
    }
    return 0;
  });
  for (int r = 1; r < size(); ++r) {
    if (values[static_cast<std::size_t>(r)] != values.front()) {
      throw InputError("the ranks differ in their " + std::string(what) + ": rank 0 has " +
                       shown(values.front()) + ", rank " + std::to_string(r) + " has " +
                       shown(values[static_cast<std::size_t>(r)]) +
                       "; every rank must read the same data with the same settings");
    }
  }
}

void GlooProcessGroup::gatherToRoot(std::vector<double>& values) {
  impl_->guarded("gathering the epoch's training scores", [&] {
    std::vector<torch::Tensor> longest{
        torch::tensor({static_cast<std::int64_t>(values.size())}, torch::kInt64)};
    impl_->run(longest, false, c10d::ReduceOp::MAX);
    const auto width = longest.front().item<std::int64_t>() + 1;
    auto mine = torch::zeros({width}, torch::kFloat64);
    mine[0] = static_cast<double>(values.size());
    std::copy(values.begin(), values.end(), mine.data_ptr<double>() + 1);
    std::vector<std::vector<torch::Tensor>> gathered(1);
    for (int r = 0; r < size(); ++r) gathered[0].push_back(torch::empty({width}, torch::kFloat64));
    std::vector<torch::Tensor> input{mine};
    impl_->gloo->allgather(gathered, input)->wait();
    if (!isRoot()) return 0;
    values.clear();
    for (const auto& t : gathered[0]) {
      const auto* p = t.data_ptr<double>();
      values.insert(values.end(), p + 1, p + 1 + static_cast<std::size_t>(p[0]));
    }
    return 0;
  });
}

void GlooProcessGroup::averageGradients(const std::vector<torch::Tensor>& parameters,
                                        std::size_t localRows) {
  if (parameters.empty()) return;
  const auto started = std::chrono::steady_clock::now();
  if (!impl_->sameParameters(parameters)) {
    impl_->rowSparseChecked = false;
    impl_->buildBuckets(parameters);
  }
  torch::NoGradGuard noGrad;
  // Each rank's gradient is the mean over its rows: weighted by them, summed over the ranks and
  // divided by all rows, it is the mean over the global batch, as one process computes it.
  const auto weight = static_cast<double>(localRows);
  std::vector<c10::intrusive_ptr<c10d::Work>> inFlight;
  std::vector<torch::Tensor> rowsOf;  // per row-sparse parameter: the union of touched rows
  torch::Tensor sparseBuffer;         // their gradient rows, one after another
  auto firstLaunched = started;
  impl_->guarded("all-reducing the gradients", [&] {
    // The dense buckets go first and travel while the row-sparse tables agree on their rows.
    for (std::size_t b = 0; b < impl_->buckets.size(); ++b) {
      auto& bucket = impl_->buckets[b];
      for (std::size_t k = 0; k < bucket.parameters.size(); ++k) {
        const auto& grad = parameters[bucket.parameters[k]].grad();
        if (grad.defined()) {
          bucket.views[k].copy_(grad);
        } else {
          bucket.views[k].zero_();  // not used in this rank's forward pass
        }
      }
      bucket.buffer.mul_(weight);
      if (b == 0) bucket.buffer[-1] = weight;
      std::vector<torch::Tensor> one{bucket.buffer};
      if (b == 0) firstLaunched = std::chrono::steady_clock::now();
      inFlight.push_back(impl_->gloo->allreduce(one));
      impl_->gradientBytes += static_cast<double>(bucket.buffer.nbytes());
    }
    if (impl_->rowSparse.empty()) {
      // The first bucket's all-reduce, launched first, ends once every rank has sent its share.
      inFlight.front()->wait();
      impl_->gradientWaitSeconds += secondsSince(firstLaunched);
      for (auto& work : inFlight) work->wait();
      return 0;
    }
    // Which rows each table has non-zero on any rank: this rank's, then the union (max). A row's
    // sum of magnitudes is 0 only when all its values are (NaN and inf rows count as non-zero);
    // 10x faster here than ne(0).any(1), which walks the table element by element.
    std::vector<torch::Tensor> masks;
    for (const auto i : impl_->rowSparse) {
      const auto& p = parameters[i];
      const auto& grad = p.grad();
      masks.push_back(grad.defined() ? grad.abs().sum(1).ne(0).to(torch::kUInt8)
                                     : torch::zeros({p.size(0)}, p.options().dtype(torch::kUInt8)));
    }
    std::vector<torch::Tensor> mask{torch::cat(masks)};
    c10d::AllreduceOptions anyRank;
    anyRank.reduceOp = c10d::ReduceOp::MAX;
    const auto arrived = std::chrono::steady_clock::now();
    impl_->gloo->allreduce(mask, anyRank)->wait();  // ends once every rank has sent its mask
    impl_->gradientWaitSeconds += secondsSince(arrived);
    std::vector<torch::Tensor> pieces;
    std::int64_t offset = 0;
    for (const auto i : impl_->rowSparse) {
      const auto& p = parameters[i];
      rowsOf.push_back(mask.front().narrow(0, offset, p.size(0)).nonzero().flatten());
      offset += p.size(0);
      const auto& grad = p.grad();
      pieces.push_back(grad.defined() ? grad.index_select(0, rowsOf.back()).flatten()
                                      : torch::zeros({rowsOf.back().numel() * p.size(1)},
                                                     p.options().requires_grad(false)));
    }
    sparseBuffer = torch::cat(pieces).mul_(weight);
    std::vector<torch::Tensor> one{sparseBuffer};
    inFlight.push_back(impl_->gloo->allreduce(one));
    impl_->gradientBytes +=
        static_cast<double>(sparseBuffer.nbytes()) + static_cast<double>(mask.front().nbytes());
    for (auto& work : inFlight) work->wait();
    return 0;
  });
  const double rows = impl_->buckets.front().buffer[-1].item<double>();
  for (auto& bucket : impl_->buckets) {
    bucket.buffer.div_(rows);
    for (std::size_t k = 0; k < bucket.parameters.size(); ++k) {
      auto parameter = parameters[bucket.parameters[k]];
      if (parameter.grad().defined()) {
        parameter.mutable_grad().copy_(bucket.views[k]);
      } else {
        parameter.mutable_grad() = bucket.views[k].clone();
      }
    }
  }
  if (!impl_->rowSparse.empty()) {
    sparseBuffer.div_(rows);
    std::int64_t offset = 0;
    bool anyDense = false;
    for (std::size_t s = 0; s < impl_->rowSparse.size(); ++s) {
      auto parameter = parameters[impl_->rowSparse[s]];
      const auto width = parameter.size(1);
      const auto n = rowsOf[s].numel();
      const auto summed = sparseBuffer.narrow(0, offset, n * width).view({n, width});
      offset += n * width;
      // The rows outside the union are zero in this rank's gradient already (its own non-zero
      // rows are in the union): only the union's rows are written.
      if (!parameter.grad().defined()) parameter.mutable_grad() = torch::zeros_like(parameter);
      parameter.mutable_grad().index_copy_(0, rowsOf[s], summed);
      // Every rank sees the same union, so every rank makes the same choice here.
      if (!impl_->rowSparseChecked &&
          static_cast<double>(n) > kRowSparseMaxDensity * static_cast<double>(parameter.size(0))) {
        impl_->rowSparse[s] = parameters.size();  // marked: back to the buckets
        anyDense = true;
      }
    }
    impl_->rowSparseChecked = true;
    if (anyDense) {
      std::erase(impl_->rowSparse, parameters.size());
      impl_->buildBuckets(parameters);
    }
  }
  impl_->gradientSeconds += secondsSince(started);
}

void GlooProcessGroup::broadcastFromRoot(std::span<std::int64_t> values) {
  impl_->guarded("receiving rank 0's decision", [&] {
    std::vector<torch::Tensor> one{
        torch::from_blob(values.data(), {static_cast<std::int64_t>(values.size())}, torch::kInt64)
            .clone()};
    impl_->run(one, true);
    std::copy(one.front().data_ptr<std::int64_t>(),
              one.front().data_ptr<std::int64_t>() + values.size(), values.begin());
    return 0;
  });
}

bool GlooProcessGroup::anyRank(bool local) {
  return impl_->guarded("checking whether a rank stopped", [&] {
    std::vector<torch::Tensor> one{torch::tensor({local ? 1 : 0}, torch::kInt32)};
    impl_->run(one, false, c10d::ReduceOp::MAX);
    return one.front().item<int>() != 0;
  });
}

void GlooProcessGroup::reportFailure(const std::string& message) noexcept {
  try {
    impl_->store->set("failed/" + std::to_string(rank()), bytes(message));
  } catch (...) {
    // The store went with rank 0: nobody is left to tell.
  }
}

double GlooProcessGroup::gradientSeconds() const {
  return impl_->gradientSeconds;
}

double GlooProcessGroup::gradientWaitSeconds() const {
  return impl_->gradientWaitSeconds;
}

double GlooProcessGroup::gradientMegabytes() const {
  return impl_->gradientBytes / 1e6;
}

std::size_t GlooProcessGroup::bucketCount() const {
  return impl_->buckets.size();
}

std::size_t GlooProcessGroup::rowSparseCount() const {
  return impl_->rowSparse.size();
}

}  // namespace tweetlab::distributed
