#pragma once
// Hyper-parameters of the "bert" family as one flat JSON object (keys in the comments).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace tweetlab::models {

enum class BertMode { FineTune, Features };
enum class BertPooling { Cls, Mean };

struct BertParams {
  std::string checkpoint;              // bert: Hugging Face checkpoint directory (required to fit)
  BertMode mode = BertMode::FineTune;  // mode: finetune | features
  // pooling: cls = the pooler's tanh(dense([CLS])) as BertForSequenceClassification uses it;
  // mean = average of the last layer over the real tokens
  BertPooling pooling = BertPooling::Cls;
  int maxLength = 64;    // max_length: word pieces incl. [CLS]/[SEP]; tweets rarely need more
  int batchSize = 32;    // batch_size: micro-batch
  int accumulation = 1;  // grad_accumulation: micro-batches per optimizer step
  // Fine-tuning (mode finetune)
  int epochs = 3;
  double learningRate = 5e-5;  // lr
  double warmupRatio = 0.1;    // warmup_ratio
  double weightDecay = 0.01;   // weight_decay (AdamW, not on biases / LayerNorm)
  double clipNorm = 1.0;       // clip_norm; 0 = off
  double dropout = 0.1;        // dropout before the classification layer
  // Frozen features (mode features): a small MLP on the pooled vectors
  int headHidden = 64;             // head_hidden; 0 = a linear (logistic) head
  int headEpochs = 30;             // head_epochs
  double headLearningRate = 1e-3;  // head_lr
  int patience = 3;                // early stopping on validation loss; 0 = off
  int threads = 0;                 // torch intra-op threads; 0 = all cores
  std::uint64_t seed = 0;
};

std::string toString(BertMode m);     // "finetune" | "features"
std::string toString(BertPooling p);  // "cls" | "mean"
nlohmann::json toJson(const BertParams& p);
// InputError naming the key for a wrong type or value. Unknown keys are ignored. An empty object
// asks for the defaults (what the GUI's form starts from, with an empty checkpoint); any
// configured model must name its checkpoint directory, so a forgotten one is refused when the
// model is set up, before data is loaded or a run recorded.
BertParams bertParamsFrom(const nlohmann::json& j);

}  // namespace tweetlab::models
