#include <iostream>
#include <optional>

#include "app/cli/Commands.h"
#include "app/cli/CommonOptions.h"
#include "app/cli/Placement.h"
#include "app/cli/ResultPrinter.h"
#include "app/cli/TerminalObserver.h"
#include "app/cli/TrackingFlags.h"
#include "core/bundle/Bundle.h"
#include "core/cluster/SlurmGrid.h"
#include "core/common/ErrorText.h"
#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/common/Numbers.h"
#include "core/experiment/Experiment.h"
#include "core/experiment/InitModel.h"
#include "core/models/Classifier.h"

namespace tweetlab::cli {
namespace {

const char* kHelp =
    "Usage: tweetlab-cli train --data FILE --model logreg|fasttext [options] [--out BUNDLE_DIR]\n"
    "       tweetlab-cli train --spec SPEC.json [options overriding the spec]\n\n"
    "Samples and splits the data, preprocesses, fits the model on the training split, scores it\n"
    "on validation (for comparing models) and test (the final check), and saves a bundle.\n\n"
    "Model:\n"
    "  --model F              logreg|fasttext|cnn|bilstm|bert            (logreg)\n"
    "  --cv K                 logreg: K-fold CV over --c-grid on the training split; 0 = off (5)\n"
    "  --C X                  logreg: C when CV is off                   (1)\n"
    "  --c-grid A,B,...       logreg: values of C tried by CV            (0.25,0.5,1,2,4)\n"
    "  --epochs N --dim N --lr X --word-ngrams N   fastText hyper-parameters (epochs, dim, lr\n"
    "                         also for cnn/bilstm; dim = embedding size)\n"
    "  --embedding E          cnn/bilstm: word2vec|word2vec:cbow|fasttext|fasttext:cbow|\n"
    "                         glove:PATH (.txt/.gz)|random              (word2vec)\n"
    "  --batch-size N --hidden N --max-length N --patience N --dropout X --pooling max|mean\n"
    "  --tokenizer T          cnn/bilstm: word|sentencepiece (subwords trained on the training\n"
    "                         split)                                     (word)\n"
    "  --subword-vocab N      cnn/bilstm with sentencepiece: pieces      (8000)\n"
    "  --freeze-embeddings    cnn/bilstm: keep the embedding layer fixed\n"
    "  --bert DIR             bert: Hugging Face checkpoint directory (config.json, vocab.txt,\n"
    "                         model.safetensors or pytorch_model.bin; see docs/bert.md)\n"
    "  --bert-mode M          bert: finetune|features (frozen features + small head) (finetune)\n"
    "                         --pooling cls|mean, --max-length, --batch-size, --epochs, --lr and\n"
    "                         --param grad_accumulation=N|warmup_ratio=X|head_epochs=N apply\n"
    "  --param KEY=VALUE      any other model parameter (JSON value), repeatable\n"
    "  --init BUNDLE          continue from BUNDLE's model instead of starting afresh (cnn,\n"
    "                         bilstm, bert: fine-tuning; logreg: liblinear from its weights over\n"
    "                         its TF-IDF terms). Its family, preprocessing and parameters are the\n"
    "                         defaults; flags change what may change (--epochs, --lr, --dropout,\n"
    "                         --C, ...). See docs/domain.md, \"Continuing from a model\"\n"
    "  --threads N            worker threads, 0 = all cores              (0)\n"
    "Output:\n"
    "  --out DIR              write the model bundle to DIR\n"
    "  --name NAME            run/bundle name; --bundle-version V  bundle version\n"
    "  --json                 print one JSON object (val_accuracy, val_auc, ...) on stdout\n"
    "  --quiet                no progress output\n\n";

// A continued model's family and preprocessing are the bundle's unless --model, a preprocessing
// flag or the spec file says otherwise (a contradiction is then refused by openInitModel).
void adoptInitDefaults(experiment::ExperimentSpec& spec, const nlohmann::json& specFile,
                       const Args& args) {
  const auto manifest = bundle::readManifest(spec.model.init);
  const auto model = specFile.find("model");
  const bool familyInFile =
      model != specFile.end() && model->is_object() && model->contains("family");
  if (!args.has("model") && !familyInFile) spec.model.family = manifest.family;
  if (!specFile.contains("preprocessing")) spec.preprocessing = manifest.preprocessing;
}

}  // namespace

int runTrain(const Argv& argv) {
  auto valued = kDataOptions;
  valued.insert(kPreprocessOptions.begin(), kPreprocessOptions.end());
  valued.insert(kTrackingOptions.begin(), kTrackingOptions.end());
  valued.insert(kSourceOptions.begin(), kSourceOptions.end());
  valued.insert(kDeviceOptions.begin(), kDeviceOptions.end());
  valued.insert(kDistributedOptions.begin(), kDistributedOptions.end());
  valued.insert({"spec",
                 "model",
                 "cv",
                 "C",
                 "c-grid",
                 "epochs",
                 "dim",
                 "lr",
                 "word-ngrams",
                 "param",
                 "embedding",
                 "batch-size",
                 "hidden",
                 "max-length",
                 "patience",
                 "dropout",
                 "pooling",
                 "tokenizer",
                 "subword-vocab",
                 "bert",
                 "bert-mode",
                 "threads",
                 "out",
                 "name",
                 "bundle-version",
                 "init"});
  auto flags = kPreprocessFlags;
  flags.insert({"help", "json", "quiet", "freeze-embeddings"});
  flags.insert(kTrackingFlags.begin(), kTrackingFlags.end());
  flags.insert(kDistributedFlags.begin(), kDistributedFlags.end());
  Args args(argv, valued, flags);
  if (args.has("help")) {
    std::cout << kHelp << kDeviceHelp << "\n"
              << kDistributedHelp << kTrackingHelp << kDataHelp << kSourcesHelp << kPreprocessHelp;
    return 0;
  }

  experiment::ExperimentSpec spec;
  nlohmann::json specFile = nlohmann::json::object();
  if (auto file = args.get("spec")) {
    spec = experiment::readExperimentSpec(*file);
    specFile = readJsonFile(*file);
  }
  spec.name = args.get("name", spec.name);
  spec.data = dataSpecFrom(args, spec.data);
  if (spec.data.path.empty())
    throw UsageError("--data (or data.path in --spec) is required (see --help)");
  if (auto init = args.get("init")) spec.model.init = *init;
  if (!spec.model.init.empty()) adoptInitDefaults(spec, specFile, args);
  spec.preprocessing = preprocessFrom(args, spec.preprocessing);
  if (auto model = args.get("model")) {
    if (*model != spec.model.family) spec.model.params = nlohmann::json::object();
    spec.model.family = *model;
  }
  auto& params = spec.model.params;
  if (params.is_null()) params = nlohmann::json::object();
  if (args.has("cv")) params["cv"] = args.getInt("cv", 5);
  if (args.has("C")) params["C"] = args.getDouble("C", 1.0);
  if (auto grid = args.get("c-grid")) {
    nlohmann::json values = nlohmann::json::array();
    for (const auto& item : splitList(*grid)) {
      auto value = parseDouble(item);
      if (!value)
        throw UsageError("--c-grid expects numbers separated by commas, not '" + *grid + "'");
      values.push_back(*value);
    }
    params["c_grid"] = values;
  }
  if (args.has("epochs")) params["epochs"] = args.getInt("epochs", 10);
  if (args.has("dim")) params["dim"] = args.getInt("dim", 50);
  if (args.has("lr")) params["lr"] = args.getDouble("lr", 0.1);
  if (args.has("word-ngrams")) params["word_ngrams"] = args.getInt("word-ngrams", 2);
  // Deep models (cnn, bilstm): the flags map one-to-one onto DeepParams' JSON keys.
  if (auto embedding = args.get("embedding")) params["embedding"] = *embedding;
  if (args.has("batch-size")) params["batch_size"] = args.getInt("batch-size", 64);
  if (args.has("hidden")) params["hidden"] = args.getInt("hidden", 64);
  if (args.has("max-length")) params["max_length"] = args.getInt("max-length", 50);
  if (args.has("patience")) params["patience"] = args.getInt("patience", 2);
  if (args.has("dropout")) params["dropout"] = args.getDouble("dropout", 0.5);
  if (auto pooling = args.get("pooling")) params["pooling"] = *pooling;
  if (auto tokenizer = args.get("tokenizer")) params["tokenizer"] = *tokenizer;
  if (args.has("subword-vocab")) params["subword_vocab"] = args.getInt("subword-vocab", 8000);
  if (args.has("freeze-embeddings")) params["freeze_embeddings"] = true;
  if (args.has("batch-per-rank")) {
    // Alone it would change nothing: say so rather than run what the user did not mean.
    if (!args.has("distributed")) throw UsageError("--batch-per-rank needs --distributed");
    params["batch_per_rank"] = true;
  }
  if (auto bert = args.get("bert")) params["bert"] = *bert;
  if (auto mode = args.get("bert-mode")) params["mode"] = *mode;
  params = paramsFrom(args, params);
  applyDevice(args, params);
  if (!params.contains("seed")) params["seed"] = spec.data.seed;
  const long threads = args.getInt("threads", static_cast<long>(spec.threads));
  if (threads < 0) throw UsageError("--threads must be >= 0");
  spec.threads = static_cast<unsigned>(threads);
  // Bad or missing model parameters, a device this machine lacks, a family that cannot train
  // data-parallel: reported now, before the data is loaded and a run is recorded (the workbench
  // checks its form the same way).
  const auto model = spec.model.init.empty()
                         ? models::makeClassifier(spec.model.family, spec.model.params)
                         : experiment::openInitModel(spec, spec.model.params).classifier;
  if (auto device = args.get("device")) model->setDevice(*device);
  DistributedRun ranks(args);
  if (ranks.active()) model->setProcessGroup(ranks.group());

  // In a data-parallel run rank 0 speaks, tracks and writes the bundle; the others train quietly.
  const bool json = args.has("json");
  CliTracking tracking(args, ranks.isRoot());
  auto trackingOptions = tracking.options();
  trackingOptions.tags = cluster::slurmRunTags();
  if (ranks.active()) trackingOptions.tags["tweetlab.world_size"] = std::to_string(ranks.size());
  TerminalObserver::installInterruptHandler();
  TerminalObserver observer(args.has("quiet") || !ranks.isRoot());
  std::optional<tracking::RunRecorder> recorder;
  std::optional<experiment::ExperimentResult> ran;
  try {
    const auto prepared = experiment::prepareData(spec.data, observer);
    if (!json && ranks.isRoot()) printLoadReport(std::cout, prepared.report);
    // The recorder keeps the run in the store while it trains; a failure or Ctrl-C is tracked.
    if (tracking.enabled()) recorder.emplace(spec, trackingOptions, observer);
    train::TrainObserver& watching =
        recorder ? static_cast<train::TrainObserver&>(*recorder) : observer;
    ran.emplace(experiment::runExperiment(spec, prepared, watching, ranks.group()));
  } catch (const CancelledError&) {
    if (recorder) std::cerr << CliTracking::describe(recorder->cancel(), trackingOptions) << "\n";
    throw;
  } catch (const std::exception& e) {
    ranks.reportFailure(e.what());
    if (recorder)
      std::cerr << CliTracking::describe(recorder->fail(firstLine(e.what(), 500)), trackingOptions)
                << "\n";
    throw;
  }
  const auto& result = *ran;
  if (!ranks.isRoot()) {
    if (!args.has("quiet"))
      std::cerr << "rank " << ranks.rank() << " of " << ranks.size()
                << ": trained its share; rank 0 scores, tracks and saves the model\n";
    return 0;
  }

  nlohmann::json summary = result.summary();
  summary["spec"] = experiment::toJson(spec);
  if (auto out = args.get("out")) {
    const auto manifest = experiment::exportBundle(result, *out, args.get("name", ""),
                                                   args.get("bundle-version", ""));
    summary["bundle"] = {{"path", std::filesystem::absolute(*out).string()},
                         {"name", manifest.name},
                         {"version", manifest.version}};
  }
  std::optional<tracking::TrackOutcome> tracked;
  if (recorder) {
    observer.status("tracking the run");
    tracked = recorder->finish(result);
    summary["tracking"] = CliTracking::toJson(*tracked, trackingOptions);
  }
  if (json) {
    std::cout << summary.dump(2) << "\n";
  } else {
    printResult(std::cout, result);
    if (tracked) std::cout << CliTracking::describe(*tracked, trackingOptions) << "\n";
    if (summary.contains("bundle")) {
      std::cout << "  bundle: " << summary["bundle"]["path"].get<std::string>() << " (version "
                << summary["bundle"]["version"].get<std::string>() << ")\n";
    }
  }
  return 0;
}

}  // namespace tweetlab::cli
