#include "leotwin/ledger/keys.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "fmt/format.h"
#include "leotwin/ledger/encoding.h"

namespace leotwin::ledger {
namespace {

using nlohmann::json;

constexpr size_t kMaxKeyFileBytes = 4096;

Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::InternalError(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

// Reads a small file; `check_private` refuses files that group or others may access.
StatusOr<std::string> ReadSmallFile(const std::string& path, bool check_private) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::NotFoundError(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return absl::InvalidArgumentError(fmt::format("{} is not a regular file", path));
  }
  if (check_private && (st.st_mode & 077) != 0) {
    ::close(fd);
    return absl::PermissionDeniedError(
        fmt::format("key file {} is accessible by other users (mode {:04o}); run 'chmod 600 {}'",
                    path, st.st_mode & 07777, path));
  }
  if (static_cast<size_t>(st.st_size) > kMaxKeyFileBytes) {
    ::close(fd);
    return absl::InvalidArgumentError(
        fmt::format("{} is too large for a key file ({} bytes)", path, st.st_size));
  }
  std::string data(static_cast<size_t>(st.st_size), '\0');
  size_t got = 0;
  while (got < data.size()) {
    const ssize_t n = ::read(fd, data.data() + got, data.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  data.resize(got);
  return data;
}

}  // namespace

StatusOr<OperatorKey> GenerateOperatorKey(std::string_view name) {
  LEOTWIN_RETURN_IF_ERROR(ValidateOperatorName(name));
  LEOTWIN_ASSIGN_OR_RETURN(SigningKey key, SigningKey::Generate());
  return OperatorKey{std::string(name), std::move(key)};
}

Status WriteSecretKeyFile(const std::string& path, const OperatorKey& key) {
  LEOTWIN_RETURN_IF_ERROR(ValidateOperatorName(key.name));
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      return absl::AlreadyExistsError(
          fmt::format("{} already exists; refusing to overwrite a key file", path));
    }
    return absl::PermissionDeniedError(
        fmt::format("cannot create {}: {}", path, std::strerror(errno)));
  }
  // The umask can only remove bits from 0600; fchmod makes the mode exact regardless.
  ::fchmod(fd, 0600);
  std::string seed_hex = ToHex(key.key.seed());
  std::string text = fmt::format(
      "{{\"leotwin_operator_key\":1,\"name\":\"{}\",\"public_key\":\"{}\",\"seed\":\"{}\"}}\n",
      key.name, ToHex(key.key.public_key()), seed_hex);
  Status status = WriteAll(fd, text, path);
  if (status.ok() && ::fsync(fd) != 0) {
    status = absl::InternalError(fmt::format("cannot sync {}: {}", path, std::strerror(errno)));
  }
  sodium_memzero(seed_hex.data(), seed_hex.size());
  sodium_memzero(text.data(), text.size());
  ::close(fd);
  if (!status.ok()) ::unlink(path.c_str());
  return status;
}

StatusOr<OperatorKey> ReadSecretKeyFile(const std::string& path) {
  LEOTWIN_ASSIGN_OR_RETURN(std::string text, ReadSmallFile(path, /*check_private=*/true));
  auto parsed = ParseJson(text, path);
  sodium_memzero(text.data(), text.size());
  if (!parsed.ok()) return parsed.status();
  const json& j = *parsed;
  if (!j.is_object() || !j.contains("leotwin_operator_key")) {
    return absl::InvalidArgumentError(
        fmt::format("{} is not a leotwin operator secret key file (made by 'leotwin policy "
                    "keygen')",
                    path));
  }
  LEOTWIN_RETURN_IF_ERROR(
      CheckOnlyFields(j, {"leotwin_operator_key", "name", "public_key", "seed"}, path));
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t version, GetInt(j, "leotwin_operator_key", path));
  if (version != 1) {
    return absl::InvalidArgumentError(
        fmt::format("{}: unsupported key file version {}", path, version));
  }
  LEOTWIN_ASSIGN_OR_RETURN(std::string name, GetString(j, "name", path));
  LEOTWIN_RETURN_IF_ERROR(ValidateOperatorName(name));
  LEOTWIN_ASSIGN_OR_RETURN(std::string pub_hex, GetString(j, "public_key", path));
  LEOTWIN_ASSIGN_OR_RETURN(const PublicKey pub,
                           FromHex<kPublicKeyBytes>(pub_hex, fmt::format("{}: public_key", path)));
  LEOTWIN_ASSIGN_OR_RETURN(std::string seed_hex, GetString(j, "seed", path));
  auto seed = FromHex<kSeedBytes>(seed_hex, fmt::format("{}: seed", path));
  sodium_memzero(seed_hex.data(), seed_hex.size());
  if (!seed.ok()) return seed.status();
  auto key = SigningKey::FromSeed(*seed);
  sodium_memzero(seed->data(), seed->size());
  if (!key.ok()) return key.status();
  if (key->public_key() != pub) {
    return absl::DataLossError(
        fmt::format("{}: the public key does not match the seed (damaged key file)", path));
  }
  return OperatorKey{std::move(name), *std::move(key)};
}

std::string PublicKeyJson(const OperatorPublicKey& key) {
  return fmt::format(R"({{"leotwin_operator":1,"name":"{}","public_key":"{}"}})", key.name,
                     ToHex(key.public_key));
}

Status WritePublicKeyFile(const std::string& path, const OperatorPublicKey& key) {
  LEOTWIN_RETURN_IF_ERROR(ValidateOperatorName(key.name));
  std::ofstream out(path, std::ios::trunc);
  out << PublicKeyJson(key) << "\n";
  out.close();
  if (!out) return absl::PermissionDeniedError(fmt::format("cannot write {}", path));
  return absl::OkStatus();
}

StatusOr<OperatorPublicKey> ParsePublicKeyJson(std::string_view text, std::string_view source) {
  LEOTWIN_ASSIGN_OR_RETURN(const json j, ParseJson(text, source));
  if (!j.is_object() || !j.contains("leotwin_operator")) {
    return absl::InvalidArgumentError(fmt::format(
        "{} is not a leotwin operator public key (made by 'leotwin policy keygen')", source));
  }
  LEOTWIN_RETURN_IF_ERROR(CheckOnlyFields(j, {"leotwin_operator", "name", "public_key"}, source));
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t version, GetInt(j, "leotwin_operator", source));
  if (version != 1) {
    return absl::InvalidArgumentError(
        fmt::format("{}: unsupported public key version {}", source, version));
  }
  OperatorPublicKey out;
  LEOTWIN_ASSIGN_OR_RETURN(out.name, GetString(j, "name", source));
  LEOTWIN_RETURN_IF_ERROR(ValidateOperatorName(out.name));
  LEOTWIN_ASSIGN_OR_RETURN(std::string pub_hex, GetString(j, "public_key", source));
  LEOTWIN_ASSIGN_OR_RETURN(
      out.public_key, FromHex<kPublicKeyBytes>(pub_hex, fmt::format("{}: public_key", source)));
  return out;
}

StatusOr<OperatorPublicKey> ReadPublicKeyFile(const std::string& path) {
  LEOTWIN_ASSIGN_OR_RETURN(std::string text, ReadSmallFile(path, /*check_private=*/false));
  if (text.find("\"leotwin_operator_key\"") != std::string::npos) {
    sodium_memzero(text.data(), text.size());
    LEOTWIN_ASSIGN_OR_RETURN(OperatorKey key, ReadSecretKeyFile(path));
    return PublicHalf(key);
  }
  return ParsePublicKeyJson(text, path);
}

}  // namespace leotwin::ledger
