#pragma once
// Hyper-parameters of the deep sequence models ("cnn", "bilstm"): vocabulary, embedding, network
// and trainer, as one flat JSON object (the keys in the comments). max_length 40, dropout 0.3 and
// 10 Word2Vec epochs were chosen on validation and SemEval-2017 accuracy for both architectures
// (docs/domain.md, "Defaults that transfer"; before 2026-12-02: 50, 0.5, 5). Unknown keys are
// ignored so that a spec written for one family can be reused for the other. The seed (a trainer
// key) also seeds the embedding training and SentencePiece.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/train/TrainerOptions.h"

namespace tweetlab::models {

enum class DeepArchitecture { Cnn, BiLstm };

struct DeepParams {
  DeepArchitecture architecture = DeepArchitecture::BiLstm;
  // Vocabulary and sequences
  int minCount = 2;      // min_count: rarer training tokens become <unk>
  int maxVocab = 50000;  // max_vocab: ids including <pad>/<unk>
  int maxLength = 40;    // max_length: tokens kept per text
  // Tokens: the preprocessed words, or SentencePiece subwords trained on the training split
  std::string tokenizer = "word";        // tokenizer: word | sentencepiece
  int subwordVocab = 8000;               // subword_vocab: pieces (sentencepiece)
  std::string subwordModel = "unigram";  // subword_model: unigram | bpe (sentencepiece)
  // Embeddings (core/embed)
  std::string embedding =
      "word2vec";  // embedding: word2vec[:cbow] | fasttext[:cbow] | glove:PATH | random
  int dim = 100;   // dim: embedding size (GloVe's file decides for glove)
  bool freezeEmbeddings = false;  // freeze_embeddings
  int embeddingEpochs = 10;       // embedding_epochs, embedding_window, embedding_negative
  int embeddingWindow = 5;
  int embeddingNegative = 5;
  // Network
  int hidden = 64;                        // hidden: LSTM units per direction
  int layers = 1;                         // layers: stacked LSTM layers
  std::string pooling = "max";            // pooling: max | mean over time (BiLSTM)
  int filters = 100;                      // filters: per kernel width (CNN)
  std::vector<int> kernelSizes{3, 4, 5};  // kernel_sizes (CNN)
  double dropout = 0.3;                   // dropout before the output layer
  // The training loop's settings (core/train/TrainerOptions.h: epochs, batch_size, lr,
  // weight_decay (Adam's L2), patience, restore_best, clip_norm, lr_schedule, lr_factor,
  // step_epochs, warmup_ratio, grad_accumulation, seed), with the deep models' defaults.
  train::TrainerOptions trainer;
  int threads = 0;  // torch intra-op threads; 0 = all cores
  // device: auto | cpu | cuda | cuda:N (core/train/DeviceName.h), where fit() trains; after a
  // fit, the device it trained on ("cpu", "cuda:0")
  std::string device = "auto";
};

std::string familyName(DeepArchitecture a);  // "cnn" | "bilstm"
nlohmann::json toJson(const DeepParams& p);
// InputError naming the key for wrong types or values (also an unknown embedding or pooling).
DeepParams deepParamsFrom(const nlohmann::json& j, DeepArchitecture architecture);

}  // namespace tweetlab::models
