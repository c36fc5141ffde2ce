#include "leotwin/ledger/crypto.h"

#include <gtest/gtest.h>

namespace leotwin::ledger {
namespace {

std::string Bytes(std::string_view hex) { return *FromHexBytes(hex, hex.size() / 2, "test"); }

TEST(CryptoTest, Sha256MatchesFips180Examples) {
  // FIPS 180-2, Appendix B.1 and B.2.
  EXPECT_EQ(ToHex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(ToHex(Sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(ToHex(Sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

// RFC 8032, section 7.1, TEST 1 and TEST 2 (also reproduced with OpenSSL via python-cryptography).
struct Rfc8032Vector {
  const char* seed;
  const char* public_key;
  const char* message;
  const char* signature;
};
constexpr Rfc8032Vector kVectors[] = {
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e3970"
     "1cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613"
     "d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
};

TEST(CryptoTest, Ed25519MatchesRfc8032) {
  for (const auto& v : kVectors) {
    auto key = SigningKey::FromSeed(*FromHex<kSeedBytes>(v.seed, "seed"));
    ASSERT_TRUE(key.ok());
    EXPECT_EQ(ToHex(key->public_key()), v.public_key);
    const std::string message = Bytes(v.message);
    const Signature sig = key->Sign(message);
    EXPECT_EQ(ToHex(sig), v.signature);
    EXPECT_TRUE(VerifySignature(key->public_key(), message, sig));
  }
}

TEST(CryptoTest, VerifyRejectsAnyFlippedBit) {
  auto key = SigningKey::Generate();
  ASSERT_TRUE(key.ok());
  const std::string message = "set territory UA blocked";
  const Signature sig = key->Sign(message);
  ASSERT_TRUE(VerifySignature(key->public_key(), message, sig));
  for (size_t bit = 0; bit < sig.size() * 8; bit += 7) {
    Signature bad = sig;
    bad[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    EXPECT_FALSE(VerifySignature(key->public_key(), message, bad)) << "bit " << bit;
  }
  std::string other = message;
  other[0] ^= 1;
  EXPECT_FALSE(VerifySignature(key->public_key(), other, sig));
  auto other_key = SigningKey::Generate();
  EXPECT_FALSE(VerifySignature(other_key->public_key(), message, sig));
}

TEST(CryptoTest, HexRoundTripAndErrors) {
  EXPECT_EQ(ToHex(std::string("\x00\xff\x10", 3)), "00ff10");
  EXPECT_EQ(*FromHexBytes("00ff10", 3, "x"), std::string("\x00\xff\x10", 3));
  // One spelling per value: upper case is refused (it would decode to the same bytes).
  EXPECT_FALSE(FromHexBytes("00FF10", 3, "x").ok());
  auto short_hex = FromHexBytes("abc", 2, "field");
  ASSERT_FALSE(short_hex.ok());
  EXPECT_NE(short_hex.status().message().find("field: expected 4 hex digits, got 3"),
            std::string::npos)
      << short_hex.status();
  auto bad = FromHexBytes("0g", 1, "field");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("character 2"), std::string::npos) << bad.status();
}

}  // namespace
}  // namespace leotwin::ledger
