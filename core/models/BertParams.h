#pragma once
// Hyper-parameters of the "bert" family as one flat JSON object (keys in the comments).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/train/TrainerOptions.h"

namespace tweetlab::models {

enum class BertMode { FineTune, Features };
enum class BertPooling { Cls, Mean };

// Devlin et al.'s fine-tuning recipe, sized for a laptop (3 epochs, batch 32, 5e-5).
train::TrainerOptions bertTrainerDefaults();

struct BertParams {
  std::string checkpoint;              // bert: Hugging Face checkpoint directory (required to fit)
  BertMode mode = BertMode::FineTune;  // mode: finetune | features
  // pooling: cls = the pooler's tanh(dense([CLS])) as BertForSequenceClassification uses it;
  // mean = average of the last layer over the real tokens
  BertPooling pooling = BertPooling::Cls;
  int maxLength = 64;  // max_length: word pieces incl. [CLS]/[SEP]; tweets rarely need more
  // The training loop's settings (core/train/TrainerOptions.h), BERT's recipe by default: micro-
  // batches of batch_size, grad_accumulation micro-batches per AdamW step (weight_decay not on
  // biases and LayerNorm), lr with linear warm-up over warmup_ratio of the steps then linear decay
  // (lr_schedule linear), clip_norm 1, early stopping after `patience` epochs. Fine-tuning uses
  // them as they are; features mode trains its head for head_epochs at head_lr, without warm-up
  // or clipping.
  train::TrainerOptions trainer = bertTrainerDefaults();
  double dropout = 0.1;  // dropout before the classification layer
  // Frozen features (mode features): a small MLP on the pooled vectors
  int headHidden = 64;             // head_hidden; 0 = a linear (logistic) head
  int headEpochs = 30;             // head_epochs
  double headLearningRate = 1e-3;  // head_lr
  int threads = 0;                 // torch intra-op threads; 0 = all cores
  // device: auto | cpu | cuda | cuda:N (core/train/DeviceName.h), where fit() trains; after a
  // fit, the device it trained on ("cpu", "cuda:0")
  std::string device = "auto";
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
