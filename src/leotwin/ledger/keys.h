// Operator key files.
//
// A secret key file (e.g. alice.key) is JSON, created with permissions 0600 and never overwritten:
//   {"leotwin_operator_key":1,"name":"alice","public_key":"<64 hex>","seed":"<64 hex>"}
// The seed is the Ed25519 secret; the public key is stored too so a damaged file is detected. A
// public key file (alice.pub, shareable, 0644):
//   {"leotwin_operator":1,"name":"alice","public_key":"<64 hex>"}
// Reading a secret key file refuses one that others can read or write (mode & 077 != 0), as ssh
// does, so a leaked permission is noticed rather than silently used.
#pragma once

#include <string>
#include <string_view>

#include "leotwin/base/status.h"
#include "leotwin/ledger/crypto.h"

namespace leotwin::ledger {

struct OperatorKey {
  std::string name;
  SigningKey key;
};

struct OperatorPublicKey {
  std::string name;
  PublicKey public_key{};
  friend bool operator==(const OperatorPublicKey&, const OperatorPublicKey&) = default;
};

// A new random key for operator `name` (see ValidateOperatorName).
StatusOr<OperatorKey> GenerateOperatorKey(std::string_view name);

// Writes the secret key file with mode 0600. Refuses (AlreadyExists) to replace an existing file.
Status WriteSecretKeyFile(const std::string& path, const OperatorKey& key);
StatusOr<OperatorKey> ReadSecretKeyFile(const std::string& path);

// The public half as JSON text (one line, canonical) and as a file (replaced if present).
std::string PublicKeyJson(const OperatorPublicKey& key);
Status WritePublicKeyFile(const std::string& path, const OperatorPublicKey& key);
// Parses the public key JSON; `source` names it in errors.
StatusOr<OperatorPublicKey> ParsePublicKeyJson(std::string_view text, std::string_view source);
// Reads a public key file, or the public half of a secret key file.
StatusOr<OperatorPublicKey> ReadPublicKeyFile(const std::string& path);

inline OperatorPublicKey PublicHalf(const OperatorKey& key) {
  return {key.name, key.key.public_key()};
}

}  // namespace leotwin::ledger
