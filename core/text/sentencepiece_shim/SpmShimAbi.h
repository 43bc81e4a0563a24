#pragma once
// The C ABI of libtweetlab_spm_shim, the only code that touches SentencePiece.
//
// Why a shim: Debian's libsentencepiece carries its own protobuf 3.14 with exported symbols while
// LibTorch pulls in the system protobuf 3.21; linked into one executable they crash at start-up or
// abort on the first SentencePiece call (shared/PLATFORM-NOTES.md). The shim is built as a module
// that nothing links; core/text/SentencePieceTokenizer.cpp dlopen()s it with RTLD_LOCAL |
// RTLD_DEEPBIND so SentencePiece binds to its own protobuf and the rest of the process never sees
// it. Only C types cross this line (no std::string, no exceptions).
//
// Errors: functions returning int give 0 on success; on failure they write a NUL-terminated
// message into `error` (truncated to `error_size`). Strings the shim allocates are released with
// tl_spm_free_string (its own allocator, whatever the caller's is).
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TL_SPM_ABI_VERSION 1
// The module is built with hidden visibility: only these functions are exported. On Windows
// the shim's own build exports them (TL_SPM_BUILDING); its loader only takes their types.
#if defined(_WIN32) && defined(TL_SPM_BUILDING)
#define TL_SPM_API __declspec(dllexport)
#elif defined(_WIN32)
#define TL_SPM_API
#else
#define TL_SPM_API __attribute__((visibility("default")))
#endif

typedef struct tl_spm tl_spm;  // a loaded model (sentencepiece::SentencePieceProcessor)

TL_SPM_API int tl_spm_abi_version(void);

// Trains a model on `count` sentences. `options` are SentencePiece's trainer flags
// ("--vocab_size=8000 --model_type=unigram ..."). The serialized model is returned in
// *model / *model_size (free with tl_spm_free_string).
TL_SPM_API int tl_spm_train(const char* const* sentences, size_t count, const char* options,
                            unsigned seed, char** model, size_t* model_size, char* error,
                            size_t error_size);

// Loads a serialized model (as tl_spm_train returns it, or a .model file's bytes).
TL_SPM_API tl_spm* tl_spm_load(const char* model, size_t model_size, char* error,
                               size_t error_size);
TL_SPM_API void tl_spm_close(tl_spm* processor);
TL_SPM_API int tl_spm_piece_count(const tl_spm* processor);

// The pieces of `text`, joined by single spaces, in *pieces (free with tl_spm_free_string).
// Thread-safe on one processor.
TL_SPM_API int tl_spm_encode(const tl_spm* processor, const char* text, size_t size, char** pieces,
                             size_t* pieces_size, char* error, size_t error_size);

TL_SPM_API void tl_spm_free_string(char* s);

#ifdef __cplusplus
}
#endif
