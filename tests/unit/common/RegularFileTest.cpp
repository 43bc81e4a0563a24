#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/common/ErrorText.h"
#include "core/common/Errors.h"
#include "core/common/RegularFile.h"
#include "core/common/Sha256.h"
#include "tests/support/TempDir.h"

namespace tweetlab {
namespace {

using testing::TempDir;

std::string errorOf(const std::filesystem::path& file, std::uint64_t max = kNoSizeLimit) {
  try {
    RegularFile f(file, max, "test file");
  } catch (const IoError& e) {
    return e.what();
  }
  return "";
}

TEST(RegularFile, ReadsARegularFileWhole) {
  TempDir dir;
  const auto file = dir.write("a.txt", "hello\nworld");
  RegularFile f(file);
  EXPECT_EQ(f.size(), 11u);
  EXPECT_EQ(f.readAll(), "hello\nworld");
  EXPECT_EQ(readRegularFile(file, 11, "x"), "hello\nworld");
}

TEST(RegularFile, RefusesEverythingThatIsNotARegularFileWithoutBlocking) {
  TempDir dir;
  const auto fifo = dir.path() / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_NE(errorOf(fifo).find("is a FIFO (named pipe), not a regular file"), std::string::npos);
  EXPECT_NE(errorOf("/dev/zero").find("is a character device"), std::string::npos);
  EXPECT_NE(errorOf(dir.path()).find("directory"), std::string::npos);
  EXPECT_NE(errorOf(dir.path() / "missing").find("no such file"), std::string::npos);
  const auto socketPath = dir.path() / "sock";
  const int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", socketPath.c_str());
  ASSERT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  EXPECT_NE(errorOf(socketPath).find("socket"), std::string::npos);
  ::close(s);
  // A link is followed, and judged by what it leads to.
  std::filesystem::create_symlink("/dev/zero", dir.path() / "zero.csv");
  EXPECT_NE(errorOf(dir.path() / "zero.csv").find("character device"), std::string::npos);
}

TEST(RegularFile, SizeLimitIsCheckedBeforeReading) {
  TempDir dir;
  const auto file = dir.write("big", std::string(3 << 20, 'x'));
  EXPECT_EQ(errorOf(file, 1 << 20),
            file.string() + ": 3 MiB is more than a test file may have (1 MiB)");
  EXPECT_TRUE(errorOf(file, 3 << 20).empty());
}

TEST(RegularFile, DescribesSizesForPeople) {
  EXPECT_EQ(describeSize(512), "512 bytes");
  EXPECT_EQ(describeSize(1024), "1 KiB");
  EXPECT_EQ(describeSize(1536), "1.5 KiB");
  EXPECT_EQ(describeSize(16ull << 20), "16 MiB");
  EXPECT_EQ(describeSize(5ull << 30), "5 GiB");
}

TEST(Sha256File, HashesRegularFilesAndRefusesDevicesInsteadOfHashingForever) {
  TempDir dir;
  const auto file = dir.write("abc", "abc");
  EXPECT_EQ(Sha256::ofFile(file),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_THROW(Sha256::ofFile("/dev/zero"), IoError);
  const auto fifo = dir.path() / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_THROW(Sha256::ofFile(fifo), IoError);
}

TEST(FirstLine, KeepsOneShortPrintableLine) {
  EXPECT_EQ(firstLine("bad weights\nException raised from x at y\nframe #0: z"), "bad weights");
  EXPECT_EQ(firstLine("tab\there\x1b[0m"), "tab here [0m");
  EXPECT_EQ(firstLine(std::string(1000, 'a'), 10), "aaaaaaaaaa...");
  EXPECT_EQ(firstLine("caf\xC3\xA9", 4), "caf...");  // never half a character
}

}  // namespace
}  // namespace tweetlab
