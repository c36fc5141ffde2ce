#include "leotwin/base/input.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace leotwin {
namespace {

using ::testing::HasSubstr;

// A fresh directory per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            (std::string("leotwin_input_") + info->name() + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string Write(const std::string& name, const std::string& content) const {
    const std::filesystem::path p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

std::string Message(const Status& s) { return std::string(s.message()); }

TEST(ReadFileBounded, ReadsAFileWithinTheBoundExactly) {
  TempDir dir;
  const std::string content("a\0b\r\nc", 6);
  const std::string path = dir.Write("f.bin", content);
  auto text = ReadFileBounded(path, content.size());
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, content);
}

TEST(ReadFileBounded, DirectoryIsRefusedByName) {
  TempDir dir;
  auto text = ReadFileBounded(dir.path(), 1000);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(text.status()), HasSubstr(dir.path() + ": is a directory"));
}

TEST(ReadFileBounded, MissingFileIsNotFoundWithTheOsError) {
  TempDir dir;
  const std::string path = dir.path() + "/absent.csv";
  auto text = ReadFileBounded(path, 1000);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Message(text.status()), HasSubstr(path + ": cannot open: No such file"));
}

TEST(ReadFileBounded, FileOverTheBoundIsRefused) {
  TempDir dir;
  const std::string path = dir.Write("big.txt", std::string(101, 'x'));
  auto text = ReadFileBounded(path, 100);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(Message(text.status()), HasSubstr("big.txt: 101 bytes, over the limit of 100"));
}

TEST(ReadFileBounded, DeviceWithoutSizeIsBoundedWhileReading) {
  // /dev/zero never ends and reports size 0: only the read loop's bound stops it.
  auto text = ReadFileBounded("/dev/zero", 100000);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(Message(text.status()), HasSubstr("/dev/zero: longer than the limit of 100000"));
}

TEST(InputError, FormatsSourceLineAndColumn) {
  EXPECT_EQ(Message(InputError("f.csv", 3, 7, "expected x")), "f.csv:3:7: expected x");
  EXPECT_EQ(Message(InputError("f.csv", 3, 0, "expected x")), "f.csv:3: expected x");
  EXPECT_EQ(Message(InputError("f.csv", 0, 0, "empty")), "f.csv: empty");
  EXPECT_EQ(InputError("f", 1, 1, "x").code(), absl::StatusCode::kInvalidArgument);
}

TEST(PositionInText, CountsLinesAndColumnsFromOne) {
  const std::string_view text = "ab\ncd\n";
  EXPECT_EQ(PositionInText(text, 0).line, 1);
  EXPECT_EQ(PositionInText(text, 0).column, 1);
  EXPECT_EQ(PositionInText(text, 4).line, 2);
  EXPECT_EQ(PositionInText(text, 4).column, 2);
  EXPECT_EQ(PositionInText(text, 6).line, 3);  // Just past the end.
  EXPECT_EQ(PositionInText(text, 99).column, 1);
}

std::vector<std::string> Texts(const CsvRecord& r) {
  std::vector<std::string> out;
  for (const CsvField& f : r.fields) out.push_back(f.text);
  return out;
}

TEST(ParseCsv, BomCommentsBlankLinesAndCrlf) {
  auto rows =
      ParseCsv("\xEF\xBB\xBFname,lat\r\n# a comment, with a comma\r\n  \r\nA,1\r\nB,2", "f");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ(Texts((*rows)[0]), (std::vector<std::string>{"name", "lat"}));
  EXPECT_EQ((*rows)[0].fields[0].column, 1);  // The BOM takes no column.
  EXPECT_EQ(Texts((*rows)[1]), (std::vector<std::string>{"A", "1"}));
  EXPECT_EQ((*rows)[1].line, 4);
  EXPECT_EQ(Texts((*rows)[2]), (std::vector<std::string>{"B", "2"}));
  EXPECT_EQ((*rows)[2].line, 5);
}

TEST(ParseCsv, CommentLinesCanBeData) {
  CsvOptions options;
  options.comment_lines = false;
  auto rows = ParseCsv("#1,x\n", "f", options);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(Texts((*rows)[0]), (std::vector<std::string>{"#1", "x"}));
}

TEST(ParseCsv, QuotedFieldsKeepCommasQuotesAndLineBreaks) {
  auto rows = ParseCsv("a,\"b, c\",\"say \"\"hi\"\"\"\n\"two\r\nlines\",x\nlast,\"\"", "f");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ(Texts((*rows)[0]), (std::vector<std::string>{"a", "b, c", "say \"hi\""}));
  EXPECT_EQ((*rows)[0].fields[1].column, 3);
  EXPECT_EQ(Texts((*rows)[1]), (std::vector<std::string>{"two\nlines", "x"}));
  EXPECT_EQ((*rows)[1].line, 2);
  EXPECT_EQ((*rows)[1].fields[1].line, 3);
  EXPECT_EQ((*rows)[1].fields[1].column, 8);
  EXPECT_EQ((*rows)[2].line, 4);  // Lines inside quotes are counted.
  EXPECT_EQ(Texts((*rows)[2]), (std::vector<std::string>{"last", ""}));
}

TEST(ParseCsv, UnquotedFieldsAreKeptAsWrittenIncludingEmptyOnes) {
  auto rows = ParseCsv(" a ,,b,\n", "f");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(Texts((*rows)[0]), (std::vector<std::string>{" a ", "", "b", ""}));
  EXPECT_EQ((*rows)[0].fields[2].column, 6);
}

TEST(ParseCsv, ErrorsNameSourceLineAndColumn) {
  struct Case {
    const char* text;
    const char* expected;
  } cases[] = {
      {"h\n\"open,1\n", "f.csv:2:1: unterminated quoted field"},
      {"h\nab\"c\n", "f.csv:2:3: quote inside an unquoted field"},
      {"h\n\"a\"b,1\n", "f.csv:2:4: expected ',' after a closing quote, got 'b'"},
  };
  for (const auto& c : cases) {
    auto rows = ParseCsv(c.text, "f.csv");
    ASSERT_FALSE(rows.ok()) << c.text;
    EXPECT_EQ(rows.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(Message(rows.status()), HasSubstr(c.expected)) << c.text;
  }
}

TEST(ParseJson, ParsesAndReportsLineAndColumn) {
  auto doc = ParseJson("{\"a\": [1, 2.5]}", "d.json");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ((*doc)["a"][1].get<double>(), 2.5);

  // The stray 'x' is line 3, column 8.
  auto bad = ParseJson("{\n  \"a\": 1,\n  \"b\": x\n}", "d.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(bad.status()), HasSubstr("d.json:3:8: invalid JSON: syntax error"));
  // Only one position: nlohmann's own "parse error at line ..." prefix is dropped.
  EXPECT_THAT(Message(bad.status()), ::testing::Not(HasSubstr("parse error at")));

  auto truncated = ParseJson("{", "t.json");
  ASSERT_FALSE(truncated.ok());
  EXPECT_THAT(Message(truncated.status()), HasSubstr("t.json:1:2: invalid JSON"));
}

TEST(ParseJson, NumberOverflowHasAPositionToo) {
  // nlohmann reports this as out_of_range, without a position, when it throws.
  auto bad = ParseJson("[1,\n 1e999]", "n.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(Message(bad.status()), HasSubstr("n.json:2:"));
  EXPECT_THAT(Message(bad.status()), HasSubstr("number overflow"));
}

TEST(ParseJson, TrailingGarbageAndEmptyTextAreErrors) {
  EXPECT_FALSE(ParseJson("{} x", "g").ok());
  auto empty = ParseJson("", "e.json");
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(Message(empty.status()), HasSubstr("e.json:1:1: invalid JSON"));
}

TEST(ParseJson, OptionsRefuseDeepNestingAndDuplicateKeysByDefaultOff) {
  const auto nested = [](int depth, std::string_view inner) {
    return std::string(depth, '[') + std::string(inner) + std::string(depth, ']');
  };
  JsonOptions strict;
  strict.max_depth = 3;
  strict.refuse_duplicate_keys = true;
  // A value may sit inside 3 containers; an empty 4th container is allowed, anything in it not.
  EXPECT_TRUE(ParseJson(nested(3, "1"), "d", strict).ok());
  EXPECT_TRUE(ParseJson(nested(4, ""), "d", strict).ok());
  for (const std::string& deep : {nested(4, "1"), nested(5, ""), nested(3, R"({"k":1})")}) {
    auto refused = ParseJson(deep, "d.json", strict);
    ASSERT_FALSE(refused.ok()) << deep;
    EXPECT_EQ(Message(refused.status()), "d.json: nesting deeper than 3 levels") << deep;
  }
  auto dup = ParseJson(R"({"a":{"k":1,"k":2}})", "p.json", strict);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Message(dup.status()), "p.json: the key \"k\" appears twice in one object");
  // The same key in different (or sibling) objects is fine; nested objects keep their own keys.
  EXPECT_TRUE(ParseJson(R"({"a":{"k":1},"b":{"k":2},"k":[{"k":3}]})", "p", strict).ok());
  // Without options: nlohmann's own behaviour (the last duplicate wins, any depth).
  auto lax = ParseJson(R"({"k":1,"k":2})", "p");
  ASSERT_TRUE(lax.ok()) << lax.status();
  EXPECT_EQ((*lax)["k"], 2);
  EXPECT_TRUE(ParseJson(nested(200, "1"), "p").ok());
  // Syntax errors keep their position under options too.
  EXPECT_THAT(Message(ParseJson("[\n x]", "s.json", strict).status()),
              HasSubstr("s.json:2:2: invalid JSON"));
}

TEST(FindBundledDataFile, ExplicitDirectoryFirstThenEnvironment) {
  TempDir dir;
  const std::string path = dir.Write("cities/cities.csv", "name,lat,lon\n");
  auto found = FindBundledDataFile("cities/cities.csv", dir.path());
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(*found, path);

  ::setenv("LEOTWIN_DATA_DIR", dir.path().c_str(), 1);
  auto from_env = FindBundledDataFile("cities/cities.csv");
  ::unsetenv("LEOTWIN_DATA_DIR");
  ASSERT_TRUE(from_env.ok()) << from_env.status();
  EXPECT_EQ(*from_env, path);

  // A directory of that name is not a data file.
  auto not_file = FindBundledDataFile("cities", dir.path());
  ASSERT_FALSE(not_file.ok());
  EXPECT_EQ(not_file.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Message(not_file.status()), HasSubstr("set LEOTWIN_DATA_DIR"));
}

TEST(FindBundledDataFile, FindsTheRepositoryDataWithoutHelp) {
  // Tests run in the source tree: ./data (or the compiled-in source dir) holds the territories.
  ::unsetenv("LEOTWIN_DATA_DIR");
  auto found = FindBundledDataFile("territories/countries.geojson");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(*found, HasSubstr("territories/countries.geojson"));
}

TEST(WithContext, KeepsTheCodeAndPrefixesTheMessage) {
  const Status original = absl::NotFoundError("cities.csv: cannot open");
  const Status wrapped = WithContext(original, "loading the bundled cities");
  EXPECT_EQ(wrapped.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Message(wrapped), "loading the bundled cities: cities.csv: cannot open");
  EXPECT_TRUE(WithContext(absl::OkStatus(), "unused").ok());

  StatusOr<int> failed = absl::PermissionDeniedError("no");
  StatusOr<int> wrapped_or = WithContext(std::move(failed), "reading x");
  EXPECT_EQ(wrapped_or.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Message(wrapped_or.status()), "reading x: no");
  EXPECT_EQ(*WithContext(StatusOr<int>(7), "unused"), 7);
}

Status FailsWithContext() {
  LEOTWIN_RETURN_IF_ERROR_WITH_CONTEXT(absl::DataLossError("torn write"), "journal.db");
  return absl::OkStatus();
}

StatusOr<int> AssignsWithContext(StatusOr<int> in) {
  LEOTWIN_ASSIGN_OR_RETURN_WITH_CONTEXT(int v, std::move(in), std::string("step ") + "two");
  return v + 1;
}

TEST(WithContext, MacrosReturnTheWrappedError) {
  const Status s = FailsWithContext();
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(Message(s), "journal.db: torn write");
  EXPECT_EQ(*AssignsWithContext(1), 2);
  const auto bad = AssignsWithContext(absl::OutOfRangeError("too far"));
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(Message(bad.status()), "step two: too far");
}

}  // namespace
}  // namespace leotwin
