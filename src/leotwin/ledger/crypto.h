// Cryptographic primitives of the ledger, all from libsodium:
//   - SHA-256 (crypto_hash_sha256) for the hash chain and proposal ids;
//   - Ed25519 (crypto_sign_*) for operator signatures: 32-byte public keys, 32-byte seeds (the
//     secret), 64-byte detached signatures. Verification follows libsodium 1.0.18, which rejects
//     non-canonical signatures and small-order public keys, so a signature cannot be re-encoded
//     into a second valid one.
// Bytes travel as lowercase hex in files, JSON and the database.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "leotwin/base/status.h"

namespace leotwin::ledger {

inline constexpr size_t kSha256Bytes = 32;
inline constexpr size_t kPublicKeyBytes = 32;
inline constexpr size_t kSeedBytes = 32;
inline constexpr size_t kSignatureBytes = 64;

using Sha256Digest = std::array<uint8_t, kSha256Bytes>;
using PublicKey = std::array<uint8_t, kPublicKeyBytes>;
using Signature = std::array<uint8_t, kSignatureBytes>;

// Initializes libsodium once (thread-safe); every function below calls it. Fails only if the
// library cannot initialize (no entropy source).
Status InitCrypto();

Sha256Digest Sha256(std::string_view bytes);

// Lowercase hex of `bytes`.
std::string ToHex(std::string_view bytes);
// `bytes` bytes from the operating system's random source, as lowercase hex (secrets such as an
// API token).
StatusOr<std::string> RandomHex(size_t bytes);
template <size_t N>
std::string ToHex(const std::array<uint8_t, N>& bytes) {
  return ToHex(std::string_view(reinterpret_cast<const char*>(bytes.data()), N));
}

// Parses exactly 2*N hex digits (either case) into N bytes. `what` names the field in the error.
template <size_t N>
StatusOr<std::array<uint8_t, N>> FromHex(std::string_view hex, std::string_view what);
StatusOr<std::string> FromHexBytes(std::string_view hex, size_t expected_bytes,
                                   std::string_view what);

template <size_t N>
StatusOr<std::array<uint8_t, N>> FromHex(std::string_view hex, std::string_view what) {
  LEOTWIN_ASSIGN_OR_RETURN(std::string bytes, FromHexBytes(hex, N, what));
  std::array<uint8_t, N> out{};
  for (size_t i = 0; i < N; ++i) out[i] = static_cast<uint8_t>(bytes[i]);
  return out;
}

// An Ed25519 signing key. Holds the secret in memory that is wiped on destruction; copying is
// disabled so the secret has one owner.
class SigningKey {
 public:
  // A new key from the operating system's random source.
  static StatusOr<SigningKey> Generate();
  // The key determined by a 32-byte seed (deterministic; used by key files and tests).
  static StatusOr<SigningKey> FromSeed(const std::array<uint8_t, kSeedBytes>& seed);

  SigningKey(SigningKey&& other) noexcept;
  SigningKey& operator=(SigningKey&& other) noexcept;
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;
  ~SigningKey();

  const PublicKey& public_key() const { return public_key_; }
  const std::array<uint8_t, kSeedBytes>& seed() const { return seed_; }
  // Ed25519 detached signature of `message` (deterministic: same key and message, same bytes).
  Signature Sign(std::string_view message) const;

 private:
  SigningKey() = default;
  void Wipe();
  std::array<uint8_t, kSeedBytes> seed_{};
  std::array<uint8_t, 64> secret_{};  // libsodium's expanded secret key (seed || public key)
  PublicKey public_key_{};
};

// True iff `signature` is a valid Ed25519 signature of `message` by `key`.
bool VerifySignature(const PublicKey& key, std::string_view message, const Signature& signature);

}  // namespace leotwin::ledger
