#include "leotwin/ledger/encoding.h"

#include <gtest/gtest.h>

namespace leotwin::ledger {
namespace {

TEST(EncodingTest, MessageWriterIsLengthPrefixedBigEndian) {
  const std::string m = MessageWriter("t").Int(258).Bytes("ab").bytes();
  const std::string expected = std::string("t\0", 2) + std::string("\0\0\0\0\0\0\x01\x02", 8) +
                               std::string("\0\0\0\0\0\0\0\x02", 8) + "ab";
  EXPECT_EQ(m, expected);
  // ("ab","c") and ("a","bc") differ.
  EXPECT_NE(MessageWriter("t").Bytes("ab").Bytes("c").bytes(),
            MessageWriter("t").Bytes("a").Bytes("bc").bytes());
  EXPECT_NE(MessageWriter("a").Bytes("").bytes(), MessageWriter("b").Bytes("").bytes());
}

TEST(EncodingTest, CanonicalJsonSortsKeysAndIsIdempotent) {
  auto j = ParseJson(R"( { "b": [1, 2.5, "x"], "a": {"z": null, "y": true}, "c": 1e-7 } )", "t");
  ASSERT_TRUE(j.ok()) << j.status();
  const std::string c = *CanonicalJson(*j);
  EXPECT_EQ(c, R"({"a":{"y":true,"z":null},"b":[1,2.5,"x"],"c":1e-07})");
  EXPECT_EQ(*CanonicalJson(*ParseJson(c, "t")), c);
}

TEST(EncodingTest, ParseErrorsNameSourceLineAndColumn) {
  auto j = ParseJson("{\n  \"a\": 1,\n  \"b\" 2\n}", "change.json");
  ASSERT_FALSE(j.ok());
  const std::string m(j.status().message());
  EXPECT_NE(m.find("change.json"), std::string::npos) << m;
  EXPECT_NE(m.find("change.json:3:7: invalid JSON"), std::string::npos) << m;
}

TEST(EncodingTest, RefusesDuplicateKeysDeepNestingHugeNumbersAndBadUtf8) {
  auto dup = ParseJson(R"({"state":"available","state":"blocked"})", "p");
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.status().message().find("\"state\" appears twice"), std::string::npos);
  // Same key in different objects is fine.
  EXPECT_TRUE(ParseJson(R"({"a":{"k":1},"b":{"k":2}})", "p").ok());
  std::string deep(100, '[');
  deep += std::string(100, ']');
  auto d = ParseJson(deep, "p");
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("nesting"), std::string::npos) << d.status();
  EXPECT_FALSE(ParseJson("[1e999]", "p").ok());
  EXPECT_FALSE(ParseJson("\"\xff\xfe\"", "p").ok());
  EXPECT_FALSE(ParseJson("", "p").ok());
  EXPECT_FALSE(ParseJson("{} extra", "p").ok());
}

TEST(EncodingTest, FieldAccessorsNameTheField) {
  auto j = *ParseJson(R"({"s":"x","i":5,"f":1.5,"big":18446744073709551615})", "w");
  EXPECT_EQ(*GetString(j, "s", "w"), "x");
  EXPECT_EQ(*GetInt(j, "i", "w"), 5);
  EXPECT_NE(GetInt(j, "f", "w").status().message().find("\"f\" must be an integer"),
            std::string::npos);
  EXPECT_FALSE(GetInt(j, "big", "w").ok());
  EXPECT_NE(GetString(j, "nope", "w").status().message().find("missing field \"nope\""),
            std::string::npos);
  EXPECT_TRUE(CheckOnlyFields(j, {"s", "i", "f", "big"}, "w").ok());
  auto extra = CheckOnlyFields(j, {"s", "i"}, "w");
  EXPECT_NE(extra.message().find("unknown field"), std::string::npos) << extra;
}

TEST(EncodingTest, OperatorNames) {
  EXPECT_TRUE(ValidateOperatorName("alice").ok());
  EXPECT_TRUE(ValidateOperatorName("ops-2.bob_x").ok());
  EXPECT_FALSE(ValidateOperatorName("").ok());
  EXPECT_FALSE(ValidateOperatorName("-alice").ok());
  EXPECT_FALSE(ValidateOperatorName("al ice").ok());
  EXPECT_FALSE(ValidateOperatorName("al\"ice").ok());
  EXPECT_FALSE(ValidateOperatorName(std::string(65, 'a')).ok());
}

}  // namespace
}  // namespace leotwin::ledger
