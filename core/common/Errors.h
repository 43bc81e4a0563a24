#pragma once
// Typed errors thrown by core/. The UI shows their message, the CLI prints it on one line and
// exits non-zero, the API maps them to 4xx/5xx JSON. Messages name the file/line/field at fault.
#include <stdexcept>
#include <string>

namespace tweetlab {

// Base of every error core/ throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The user's input is wrong: a malformed file, an unknown option value, too few rows.
class InputError : public Error {
 public:
  using Error::Error;
};

// Reading or writing a file failed for a reason outside the input's content.
class IoError : public Error {
 public:
  using Error::Error;
};

// A model bundle or saved artifact is missing, corrupt or of an unknown format version.
class FormatError : public Error {
 public:
  using Error::Error;
};

// Long work stopped because the user asked it to (TrainObserver::stopRequested()).
class CancelledError : public Error {
 public:
  CancelledError() : Error("cancelled by the user") {}
};

}  // namespace tweetlab
