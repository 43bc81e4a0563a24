#include "core/models/ParamSpecs.h"

namespace tweetlab::models {
namespace {

using G = ParamGroup;

ParamSpec number(std::string key, std::string description, G group, std::optional<double> min,
                 std::optional<double> max = std::nullopt, bool advanced = false) {
  ParamSpec s;
  s.key = std::move(key);
  s.description = std::move(description);
  s.group = group;
  s.min = min;
  s.max = max;
  s.advanced = advanced;
  return s;
}

ParamSpec choice(std::string key, std::string description, G group,
                 std::vector<std::string> choices, bool advanced = false) {
  ParamSpec s;
  s.key = std::move(key);
  s.description = std::move(description);
  s.group = group;
  s.choices = std::move(choices);
  s.advanced = advanced;
  return s;
}

ParamSpec flag(std::string key, std::string description, G group, bool advanced = false) {
  ParamSpec s;
  s.key = std::move(key);
  s.description = std::move(description);
  s.group = group;
  s.advanced = advanced;
  return s;
}

ParamSpec device() {
  auto s = choice("device", "Where it trains: auto takes a GPU when there is one", G::Compute,
                  {"auto", "cpu", "cuda"});
  s.otherChoices = true;  // cuda:1, ...
  return s;
}

ParamSpec threads(double min = 0) {
  return number(
      "threads",
      min == 0 ? "CPU threads; 0 = all cores" : "CPU threads (more is faster, not repeatable)",
      G::Compute, min, 1024, true);
}

// The epoch loop's settings (core/train/TrainerOptions.h), shared by cnn, bilstm and bert.
void addTrainer(ParamSpecs& specs) {
  specs.push_back(number("epochs", "Passes over the training data", G::Optimiser, 1, 1000));
  specs.push_back(number("batch_size", "Tweets per optimiser step", G::Optimiser, 1, 65536));
  specs.push_back(flag("batch_per_rank",
                       "Distributed runs: the batch size is each rank's, not the total", G::Compute,
                       /*advanced=*/true));
  specs.push_back(number("lr", "Learning rate", G::Optimiser, 1e-8, 10));
  specs.push_back(number("weight_decay", "L2 penalty on the weights", G::Optimiser, 0, 1,
                         /*advanced=*/true));
  specs.push_back(choice("lr_schedule", "How the learning rate changes over the epochs",
                         G::Optimiser, {"none", "step", "plateau", "linear"}, true));
  specs.push_back(number("warmup_ratio", "Share of the steps spent warming the rate up",
                         G::Optimiser, 0, 0.99, true));
  specs.push_back(number("step_epochs", "Epochs between rate cuts (step schedule)", G::Optimiser, 1,
                         1000, true));
  specs.push_back(number("lr_factor", "Rate multiplier at each cut (step, plateau)", G::Optimiser,
                         0.001, 1, true));
  specs.push_back(number("clip_norm", "Gradient norm clipped to this; 0 = no clipping",
                         G::Optimiser, 0, 1000, true));
  specs.push_back(number("grad_accumulation", "Batches summed per optimiser step", G::Optimiser, 1,
                         1024, true));
  specs.push_back(number("patience",
                         "Stop after this many epochs without a better validation "
                         "loss; 0 = never",
                         G::EarlyStopping, 0, 1000));
  specs.push_back(
      flag("restore_best", "Keep the weights of the best validation epoch", G::EarlyStopping));
  specs.push_back(
      number("seed", "Seed of initialisation and shuffling", G::Compute, 0, std::nullopt, true));
}

ParamSpecs logreg() {
  ParamSpecs s;
  s.push_back(choice("tfidf.analyzer", "Terms are words, or character n-grams within words",
                     G::Data, {"word", "char_wb"}));
  s.push_back(number("tfidf.ngram_min", "Shortest n-gram", G::Data, 1, 10));
  s.push_back(number("tfidf.ngram_max", "Longest n-gram", G::Data, 1, 10));
  s.push_back(
      number("tfidf.min_df", "Terms in fewer tweets are dropped", G::Data, 1, std::nullopt, true));
  s.push_back(number("tfidf.max_df", "Terms in more than this share of tweets are dropped", G::Data,
                     0.001, 1, true));
  s.push_back(number("tfidf.max_features", "Keep the most frequent terms; 0 = all", G::Data, 0,
                     std::nullopt, true));
  s.push_back(flag("tfidf.sublinear_tf", "1 + log(count) instead of the count", G::Data, true));
  s.push_back(flag("tfidf.smooth_idf", "Add one to document frequencies", G::Data, true));
  s.push_back(flag("tfidf.l2_normalize", "Scale each tweet's vector to length 1", G::Data, true));
  auto c = number("C", "Inverse regularisation strength", G::Optimiser, 1e-6, 1e6);
  c.usedWhileKey = "cv";
  c.usedWhileBelow = 2;
  c.unusedNote = "cross-validation chooses C from c_grid; set cv to 0 to use this C";
  s.push_back(c);
  s.push_back(
      number("cv", "Cross-validation folds choosing C; 0 or 1 = none", G::Optimiser, 0, 20));
  s.push_back(number("c_grid", "The values of C cross-validation tries", G::Optimiser, 1e-6, 1e6));
  s.push_back(choice("cv_scoring", "What cross-validation maximises", G::Optimiser,
                     {"accuracy", "roc_auc"}, true));
  s.push_back(choice("class_weight", "Weigh classes by their rarity", G::Optimiser,
                     {"none", "balanced"}, true));
  s.push_back(number("tol", "Solver tolerance", G::Optimiser, 1e-12, 1, true));
  s.push_back(number("seed", "Seed of the fold assignment", G::Compute, 0, std::nullopt, true));
  s.push_back(threads());
  return s;
}

ParamSpecs fasttext() {
  ParamSpecs s;
  s.push_back(number("dim", "Size of the word vectors", G::Network, 1, 10000));
  s.push_back(number("word_ngrams", "Longest word n-gram", G::Data, 1, 10));
  s.push_back(
      number("min_count", "Words seen fewer times are ignored", G::Data, 1, std::nullopt, true));
  s.push_back(number("buckets", "Hash buckets for n-grams", G::Data, 0, 1e8, true));
  s.push_back(number("minn", "Shortest character n-gram; 0 = none", G::Data, 0, 16, true));
  s.push_back(number("maxn", "Longest character n-gram; 0 = none", G::Data, 0, 16, true));
  s.push_back(number("epochs", "Passes over the training data", G::Optimiser, 1, 1000));
  s.push_back(number("lr", "Learning rate", G::Optimiser, 1e-6, 10));
  s.push_back(number("seed", "Seed of initialisation", G::Compute, 0, std::nullopt, true));
  s.push_back(threads(1));
  return s;
}

ParamSpecs deep(bool cnn) {
  ParamSpecs s;
  s.push_back(number("max_length", "Tokens kept per tweet", G::Data, 1, 4096));
  s.push_back(number("min_count", "Rarer tokens become <unk>", G::Data, 1, std::nullopt, true));
  s.push_back(number("max_vocab", "Vocabulary size", G::Data, 3, 1e7, true));
  s.push_back(choice("tokenizer", "Words, or subwords learnt on the training part", G::Data,
                     {"word", "sentencepiece"}, true));
  s.push_back(number("subword_vocab", "Subword pieces (sentencepiece)", G::Data, 16, 1e6, true));
  s.push_back(choice("subword_model", "Subword algorithm (sentencepiece)", G::Data,
                     {"unigram", "bpe"}, true));
  auto embedding =
      choice("embedding", "Word vectors learnt on the training part, random, or GloVe from a file",
             G::Network, {"word2vec", "word2vec:cbow", "fasttext", "fasttext:cbow", "random"});
  embedding.otherChoices = true;  // glove:PATH
  embedding.path = ParamSpec::Path::File;
  s.push_back(embedding);
  s.push_back(number("dim", "Size of the word vectors", G::Network, 1, 4096));
  s.push_back(
      flag("freeze_embeddings", "Keep the word vectors fixed while training", G::Network, true));
  s.push_back(number("embedding_epochs", "Passes when learning the word vectors", G::Network, 1,
                     1000, true));
  s.push_back(number("embedding_window", "Context words each side (word vectors)", G::Network, 1,
                     100, true));
  s.push_back(
      number("embedding_negative", "Negative samples (word vectors)", G::Network, 1, 100, true));
  if (cnn) {
    s.push_back(number("filters", "Filters per kernel width", G::Network, 1, 10000));
    s.push_back(number("kernel_sizes", "Kernel widths in tokens", G::Network, 1, 64));
  } else {
    s.push_back(number("hidden", "LSTM units per direction", G::Network, 1, 10000));
    s.push_back(number("layers", "Stacked LSTM layers", G::Network, 1, 16));
    s.push_back(choice("pooling", "How the states over time become one vector", G::Network,
                       {"max", "mean"}, true));
  }
  s.push_back(number("dropout", "Dropout before the output layer", G::Network, 0, 0.99));
  addTrainer(s);
  s.push_back(device());
  s.push_back(threads());
  return s;
}

ParamSpecs bert() {
  ParamSpecs s;
  ParamSpec checkpoint;
  checkpoint.key = "bert";
  checkpoint.description = "Hugging Face checkpoint directory (config.json, vocab.txt, weights)";
  checkpoint.group = G::Network;
  checkpoint.path = ParamSpec::Path::Directory;
  s.push_back(checkpoint);
  s.push_back(choice("mode", "finetune trains all of BERT; features trains a small head on it",
                     G::Network, {"finetune", "features"}));
  s.push_back(choice("pooling", "The tweet's vector: [CLS] or the mean of the tokens", G::Network,
                     {"cls", "mean"}, true));
  s.push_back(number("max_length", "Word pieces kept per tweet", G::Data, 2, 4096));
  s.push_back(
      number("dropout", "Dropout before the classification layer", G::Network, 0, 0.99, true));
  s.push_back(number("head_hidden", "Head units (features mode); 0 = linear head", G::Network, 0,
                     10000, true));
  s.push_back(number("head_epochs", "Head epochs (features mode)", G::Optimiser, 1, 10000, true));
  s.push_back(
      number("head_lr", "Head learning rate (features mode)", G::Optimiser, 1e-8, 10, true));
  addTrainer(s);
  s.push_back(device());
  s.push_back(threads());
  return s;
}

}  // namespace

ParamSpecs classifierParamSpecs(std::string_view family) {
  if (family == "logreg") return logreg();
  if (family == "fasttext") return fasttext();
  if (family == "cnn") return deep(true);
  if (family == "bilstm") return deep(false);
  if (family == "bert") return bert();
  return {};
}

}  // namespace tweetlab::models
