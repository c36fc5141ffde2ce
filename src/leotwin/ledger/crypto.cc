#include "leotwin/ledger/crypto.h"

#include <sodium.h>

#include <utility>

#include "fmt/format.h"

namespace leotwin::ledger {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  // Upper case is refused: one canonical spelling per value, so an edit that only changes the
  // case of a stored signature cannot pass verification (the hash covers the decoded bytes).
  return -1;
}

}  // namespace

Status InitCrypto() {
  static const int rc = sodium_init();  // thread-safe, idempotent; < 0 on failure
  if (rc < 0) return absl::InternalError("libsodium failed to initialize");
  return absl::OkStatus();
}

StatusOr<std::string> RandomHex(size_t bytes) {
  LEOTWIN_RETURN_IF_ERROR(InitCrypto());
  std::string buffer(bytes, '\0');
  randombytes_buf(buffer.data(), buffer.size());
  std::string hex = ToHex(buffer);
  sodium_memzero(buffer.data(), buffer.size());
  return hex;
}

Sha256Digest Sha256(std::string_view bytes) {
  (void)InitCrypto();
  Sha256Digest out{};
  crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  return out;
}

std::string ToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

StatusOr<std::string> FromHexBytes(std::string_view hex, size_t expected_bytes,
                                   std::string_view what) {
  if (hex.size() != 2 * expected_bytes) {
    return absl::InvalidArgumentError(
        fmt::format("{}: expected {} hex digits, got {}", what, 2 * expected_bytes, hex.size()));
  }
  std::string out(expected_bytes, '\0');
  for (size_t i = 0; i < expected_bytes; ++i) {
    const int hi = HexValue(hex[2 * i]);
    const int lo = HexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return absl::InvalidArgumentError(fmt::format(
          "{}: character {} is not a lower-case hex digit", what, hi < 0 ? 2 * i + 1 : 2 * i + 2));
    }
    out[i] = static_cast<char>(hi * 16 + lo);
  }
  return out;
}

StatusOr<SigningKey> SigningKey::Generate() {
  LEOTWIN_RETURN_IF_ERROR(InitCrypto());
  std::array<uint8_t, kSeedBytes> seed{};
  randombytes_buf(seed.data(), seed.size());
  auto key = FromSeed(seed);
  sodium_memzero(seed.data(), seed.size());
  return key;
}

StatusOr<SigningKey> SigningKey::FromSeed(const std::array<uint8_t, kSeedBytes>& seed) {
  LEOTWIN_RETURN_IF_ERROR(InitCrypto());
  SigningKey key;
  key.seed_ = seed;
  if (crypto_sign_seed_keypair(key.public_key_.data(), key.secret_.data(), seed.data()) != 0) {
    return absl::InternalError("crypto_sign_seed_keypair failed");
  }
  return key;
}

SigningKey::SigningKey(SigningKey&& other) noexcept
    : seed_(other.seed_), secret_(other.secret_), public_key_(other.public_key_) {
  other.Wipe();
}

SigningKey& SigningKey::operator=(SigningKey&& other) noexcept {
  if (this != &other) {
    seed_ = other.seed_;
    secret_ = other.secret_;
    public_key_ = other.public_key_;
    other.Wipe();
  }
  return *this;
}

SigningKey::~SigningKey() { Wipe(); }

void SigningKey::Wipe() {
  sodium_memzero(seed_.data(), seed_.size());
  sodium_memzero(secret_.data(), secret_.size());
}

Signature SigningKey::Sign(std::string_view message) const {
  Signature sig{};
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), secret_.data());
  return sig;
}

bool VerifySignature(const PublicKey& key, std::string_view message, const Signature& signature) {
  if (!InitCrypto().ok()) return false;
  return crypto_sign_verify_detached(signature.data(),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), key.data()) == 0;
}

}  // namespace leotwin::ledger
