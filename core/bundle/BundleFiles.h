#pragma once
// Opening the files of a bundle someone else made. A bundle is a directory of plain files; its
// manifest lists every model file with its SHA-256. Before any model file is parsed:
//  - a listed path must be relative and stay inside model/ whatever is on disk (no "..", no
//    absolute path): such a path is refused from its text alone, so the answer never tells
//    whether an outside file exists;
//  - a listed file must be a regular file inside model/ (a link is followed only while it stays
//    inside; a FIFO or device is refused, never read) and have its checksum;
//  - every file in model/ must be listed. Unlisted files are refused, not ignored: a replaced
//    weights file whose entry was dropped from the manifest would otherwise load unchecked.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace tweetlab::bundle {

// True for a relative path made of ordinary segments: no root or drive, no "..", "." or empty
// segment, no backslash or control character, at most 1024 bytes. Decided on the text alone.
bool isPathInside(std::string_view relative);

// `root`/`relative` when it is a regular file inside `root` (links followed only while they stay
// inside). FormatError naming the file otherwise: missing, not a regular file, or a link that
// leads out of the bundle (without saying where to, or whether that exists).
std::filesystem::path regularFileInside(const std::filesystem::path& root,
                                        std::string_view relative);

// Checks model/ against the manifest's checksums as described above; FormatError naming the
// first file at fault.
void verifyModelFiles(const std::filesystem::path& modelDir,
                      const std::map<std::string, std::string>& sha256ByPath);

}  // namespace tweetlab::bundle
