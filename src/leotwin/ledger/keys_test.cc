#include "leotwin/ledger/keys.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace leotwin::ledger {
namespace {

class KeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "leotwin_keys_XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string File(const std::string& name) const { return (dir_ / name).string(); }
  std::filesystem::path dir_;
};

TEST_F(KeysTest, SecretKeyFileIsPrivateAndRoundTrips) {
  auto key = GenerateOperatorKey("alice");
  ASSERT_TRUE(key.ok()) << key.status();
  ASSERT_TRUE(WriteSecretKeyFile(File("alice.key"), *key).ok());
  struct stat st {};
  ASSERT_EQ(stat(File("alice.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  auto back = ReadSecretKeyFile(File("alice.key"));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->name, "alice");
  EXPECT_EQ(back->key.public_key(), key->key.public_key());
  EXPECT_EQ(back->key.Sign("m"), key->key.Sign("m"));
}

TEST_F(KeysTest, RefusesToOverwriteAKeyFile) {
  auto a = GenerateOperatorKey("alice");
  auto b = GenerateOperatorKey("alice");
  ASSERT_TRUE(WriteSecretKeyFile(File("k"), *a).ok());
  Status s = WriteSecretKeyFile(File("k"), *b);
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists) << s;
  EXPECT_EQ(ReadSecretKeyFile(File("k"))->key.public_key(), a->key.public_key());
}

TEST_F(KeysTest, RefusesAKeyFileOthersCanRead) {
  auto a = GenerateOperatorKey("alice");
  ASSERT_TRUE(WriteSecretKeyFile(File("k"), *a).ok());
  chmod(File("k").c_str(), 0644);
  auto back = ReadSecretKeyFile(File("k"));
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(back.status().message().find("chmod 600"), std::string::npos) << back.status();
}

TEST_F(KeysTest, DetectsADamagedKeyFile) {
  auto a = GenerateOperatorKey("alice");
  auto b = GenerateOperatorKey("bob");
  // Alice's name and public key with Bob's seed.
  std::string text = "{\"leotwin_operator_key\":1,\"name\":\"alice\",\"public_key\":\"" +
                     ToHex(a->key.public_key()) + "\",\"seed\":\"" + ToHex(b->key.seed()) + "\"}";
  {
    std::ofstream f(File("k"));
    f << text;
  }
  chmod(File("k").c_str(), 0600);
  auto back = ReadSecretKeyFile(File("k"));
  ASSERT_FALSE(back.ok());
  EXPECT_NE(back.status().message().find("does not match the seed"), std::string::npos);
}

TEST_F(KeysTest, PublicKeyFileRoundTripsAndSecretFilesYieldTheirPublicHalf) {
  auto a = GenerateOperatorKey("alice");
  ASSERT_TRUE(WritePublicKeyFile(File("alice.pub"), PublicHalf(*a)).ok());
  auto pub = ReadPublicKeyFile(File("alice.pub"));
  ASSERT_TRUE(pub.ok()) << pub.status();
  EXPECT_EQ(*pub, PublicHalf(*a));
  ASSERT_TRUE(WriteSecretKeyFile(File("alice.key"), *a).ok());
  EXPECT_EQ(*ReadPublicKeyFile(File("alice.key")), PublicHalf(*a));
  EXPECT_FALSE(
      ParsePublicKeyJson(R"({"leotwin_operator":1,"name":"x","public_key":"00"})", "p").ok());
  EXPECT_FALSE(ParsePublicKeyJson(R"({"name":"x"})", "p").ok());
  EXPECT_FALSE(ReadPublicKeyFile(File("missing.pub")).ok());
}

}  // namespace
}  // namespace leotwin::ledger
