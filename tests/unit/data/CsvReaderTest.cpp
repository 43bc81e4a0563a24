#include <gtest/gtest.h>

#include "core/data/CsvReader.h"

namespace tweetlab::data {
namespace {

using Fields = std::vector<std::string>;

TEST(CsvReader, QuotedFieldsWithDelimitersQuotesAndNewlines) {
  CsvReader reader("a,\"b,1\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",x,y\nlast,row,end", ',');
  Fields f;
  auto r = reader.next(f);
  ASSERT_EQ(r.status, CsvReader::Status::Record);
  EXPECT_EQ(r.line, 1u);
  EXPECT_EQ(f, (Fields{"a", "b,1", "say \"hi\""}));
  r = reader.next(f);
  EXPECT_EQ(r.line, 2u);
  EXPECT_EQ(f, (Fields{"multi\nline", "x", "y"}));
  EXPECT_EQ(reader.lastRecordLines(), 2u);
  r = reader.next(f);
  EXPECT_EQ(r.line, 4u) << "the line after a two-line record";
  EXPECT_EQ(f, (Fields{"last", "row", "end"}));
  EXPECT_EQ(reader.next(f).status, CsvReader::Status::End);
}

TEST(CsvReader, UnterminatedQuoteCostsOneLineNotTheFile) {
  CsvReader reader("ok,1\nbad,\"never closed\nnext,2\n", ',');
  Fields f;
  EXPECT_EQ(reader.next(f).status, CsvReader::Status::Record);
  auto r = reader.next(f);
  EXPECT_EQ(r.status, CsvReader::Status::Malformed);
  EXPECT_EQ(r.line, 2u);
  EXPECT_NE(r.error.find("unterminated"), std::string::npos);
  r = reader.next(f);
  ASSERT_EQ(r.status, CsvReader::Status::Record);
  EXPECT_EQ(r.line, 3u);
  EXPECT_EQ(f, (Fields{"next", "2"}));
}

TEST(CsvReader, ResumeAfterFirstLineRecoversFromAStrayQuote) {
  // The stray quote on line 1 closes on line 2, merging the two rows into one wrong record.
  CsvReader reader("a,\"b\nc,d\"\ne,f\n", ',');
  Fields f;
  ASSERT_EQ(reader.next(f).status, CsvReader::Status::Record);
  EXPECT_EQ(f.size(), 2u);
  EXPECT_EQ(reader.lastRecordLines(), 2u);
  reader.resumeAfterFirstLine();
  auto r = reader.next(f);
  EXPECT_EQ(r.line, 2u);
  EXPECT_EQ(f, (Fields{"c", "d\""}));
}

TEST(CsvReader, AQuoteThatClosesInsideALaterRowIsMalformedNotAMerge) {
  CsvReader reader("\"I love this,1\n\"worst day ever\",0\n", ',');
  Fields f;
  auto r = reader.next(f);
  EXPECT_EQ(r.status, CsvReader::Status::Malformed);
  EXPECT_EQ(r.line, 1u);
  EXPECT_NE(r.error.find("unterminated quoted field"), std::string::npos) << r.error;
  r = reader.next(f);
  ASSERT_EQ(r.status, CsvReader::Status::Record);
  EXPECT_EQ(r.line, 2u);
  EXPECT_EQ(f, (Fields{"worst day ever", "0"}));
}

TEST(CsvReader, RecordsLongerThanTheLimitAreMalformedAndSkippedByLine) {
  const std::string longField(5000, 'x');
  const std::string text =
      "a,1\n" + longField + ",2\n\"" + longField + "\",3\nb,4\n\"open" + longField;
  CsvReader reader(text, ',', 1024);
  Fields f;
  ASSERT_EQ(reader.next(f).status, CsvReader::Status::Record);
  for (std::size_t line : {2u, 3u}) {
    const auto r = reader.next(f);
    EXPECT_EQ(r.status, CsvReader::Status::Malformed);
    EXPECT_EQ(r.line, line);
    EXPECT_NE(r.error.find("longer than 1 KiB"), std::string::npos) << r.error;
  }
  auto r = reader.next(f);
  ASSERT_EQ(r.status, CsvReader::Status::Record);
  EXPECT_EQ(f, (Fields{"b", "4"}));
  r = reader.next(f);
  EXPECT_EQ(r.status, CsvReader::Status::Malformed);
  EXPECT_EQ(reader.next(f).status, CsvReader::Status::End);
}

TEST(CsvReader, SkipsBomBlankLinesAndHandlesTabs) {
  CsvReader reader("\xEF\xBB\xBFtext\tlabel\n\n\nhello\t1\n", '\t');
  Fields f;
  reader.next(f);
  EXPECT_EQ(f, (Fields{"text", "label"}));
  auto r = reader.next(f);
  EXPECT_EQ(r.line, 4u);
  EXPECT_EQ(f, (Fields{"hello", "1"}));
}

TEST(CsvReader, EmptyFieldsAreKept) {
  CsvReader reader(",,\n", ',');
  Fields f;
  reader.next(f);
  EXPECT_EQ(f, (Fields{"", "", ""}));
}

}  // namespace
}  // namespace tweetlab::data
