#include "leotwin/base/input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <set>

#include "fmt/format.h"
#include "fmt/ranges.h"
#include "nlohmann/json.hpp"

namespace leotwin {
namespace {

// Reads `fd` to its end, refusing to hold more than `max_bytes`. `size_hint` (0 if unknown)
// only sizes the first allocation.
StatusOr<std::string> ReadAll(int fd, std::string_view name, size_t max_bytes, size_t size_hint) {
  std::string out;
  out.reserve(std::min(size_hint, max_bytes));
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error_number = errno;
      if (error_number == EISDIR) {
        return absl::InvalidArgumentError(fmt::format("{}: is a directory, expected a file", name));
      }
      return absl::DataLossError(
          fmt::format("{}: read error: {}", name, std::strerror(error_number)));
    }
    if (n == 0) return out;
    if (out.size() + static_cast<size_t>(n) > max_bytes) {
      return absl::ResourceExhaustedError(
          fmt::format("{}: longer than the limit of {} bytes", name, max_bytes));
    }
    out.append(buffer, static_cast<size_t>(n));
  }
}

// Closes a descriptor on every return path.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() { ::close(fd_); }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;

 private:
  int fd_;
};

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// nlohmann's DOM builder that records where and why parsing failed instead of throwing, so a
// number overflow (an out_of_range, which carries no position) gets a line and column too; it
// also applies JsonOptions as the events arrive (sax_parse calls these by the static type, so
// they hide the base class's).
class PositionedJsonBuilder : public nlohmann::detail::json_sax_dom_parser<nlohmann::json> {
  using Base = nlohmann::detail::json_sax_dom_parser<nlohmann::json>;

 public:
  PositionedJsonBuilder(nlohmann::json& root, const JsonOptions& options)
      : json_sax_dom_parser(root, /*allow_exceptions_=*/false), options_(options) {}

  bool null() { return Inside() && Base::null(); }
  bool boolean(bool v) { return Inside() && Base::boolean(v); }
  bool number_integer(number_integer_t v) { return Inside() && Base::number_integer(v); }
  bool number_unsigned(number_unsigned_t v) { return Inside() && Base::number_unsigned(v); }
  bool number_float(number_float_t v, const string_t& s) {
    return Inside() && Base::number_float(v, s);
  }
  bool string(string_t& v) { return Inside() && Base::string(v); }
  bool binary(binary_t& v) { return Inside() && Base::binary(v); }
  bool start_object(size_t n) {
    if (!Inside()) return false;
    ++open_;
    if (options_.refuse_duplicate_keys) keys_.emplace_back();
    return Base::start_object(n);
  }
  bool end_object() {
    --open_;
    if (options_.refuse_duplicate_keys) keys_.pop_back();
    return Base::end_object();
  }
  bool start_array(size_t n) {
    if (!Inside()) return false;
    ++open_;
    return Base::start_array(n);
  }
  bool end_array() {
    --open_;
    return Base::end_array();
  }
  bool key(string_t& k) {
    if (!Inside()) return false;
    if (options_.refuse_duplicate_keys && !keys_.back().insert(k).second) {
      problem_ = fmt::format("the key \"{}\" appears twice in one object", k);
      return false;
    }
    return Base::key(k);
  }

  template <class Exception>
  bool parse_error(size_t position, const std::string& /*last_token*/, const Exception& ex) {
    failed_ = true;
    position_ = position;
    what_ = ex.what();
    return false;
  }

  bool failed() const { return failed_; }
  // A JsonOptions refusal ("" if none).
  const std::string& problem() const { return problem_; }
  size_t position() const { return position_; }
  // The parser's explanation without its "[json.exception...] parse error at line L, column C: "
  // prefix: the position is given once, in our format.
  std::string explanation() const {
    std::string_view s = what_;
    if (const size_t bracket = s.find("] "); s.starts_with("[json.") && bracket != s.npos) {
      s.remove_prefix(bracket + 2);
    }
    if (s.starts_with("parse error")) {
      if (const size_t colon = s.find(": "); colon != s.npos) s.remove_prefix(colon + 2);
    }
    return std::string(s);
  }

 private:
  // Whether a value, key or container may come at the current depth.
  bool Inside() {
    if (options_.max_depth > 0 && open_ > options_.max_depth) {
      problem_ = fmt::format("nesting deeper than {} levels", options_.max_depth);
      return false;
    }
    return true;
  }

  const JsonOptions options_;
  int open_ = 0;                             // Containers open around the next event.
  std::vector<std::set<std::string>> keys_;  // Keys seen, per open object.
  std::string problem_;
  bool failed_ = false;
  size_t position_ = 0;
  std::string what_;
};

}  // namespace

StatusOr<std::string> ReadFileBounded(const std::string& path, size_t max_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError(errno, fmt::format("{}: cannot open", path));
  FdCloser closer(fd);
  struct stat info;
  if (::fstat(fd, &info) != 0) return ErrnoError(errno, fmt::format("{}: cannot stat", path));
  if (S_ISDIR(info.st_mode)) {
    return absl::InvalidArgumentError(fmt::format("{}: is a directory, expected a file", path));
  }
  // A regular file's size is known before reading; pipes and devices are bounded while reading.
  if (S_ISREG(info.st_mode) && static_cast<uint64_t>(info.st_size) > max_bytes) {
    return absl::ResourceExhaustedError(fmt::format("{}: {} bytes, over the limit of {}", path,
                                                    static_cast<uint64_t>(info.st_size),
                                                    max_bytes));
  }
  return ReadAll(fd, path, max_bytes, S_ISREG(info.st_mode) ? info.st_size : 0);
}

StatusOr<std::string> ReadStdinBounded(size_t max_bytes) {
  return ReadAll(STDIN_FILENO, "<stdin>", max_bytes, 0);
}

Status InputError(std::string_view source, int line, int column, std::string_view what) {
  if (line <= 0) return absl::InvalidArgumentError(fmt::format("{}: {}", source, what));
  if (column <= 0) return absl::InvalidArgumentError(fmt::format("{}:{}: {}", source, line, what));
  return absl::InvalidArgumentError(fmt::format("{}:{}:{}: {}", source, line, column, what));
}

TextPosition PositionInText(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  TextPosition p;
  const std::string_view before = text.substr(0, offset);
  p.line += static_cast<int>(std::count(before.begin(), before.end(), '\n'));
  const size_t line_start = before.rfind('\n');
  p.column = static_cast<int>(offset - (line_start == before.npos ? 0 : line_start + 1)) + 1;
  return p;
}

StatusOr<std::vector<CsvRecord>> ParseCsv(std::string_view text, std::string_view source,
                                          const CsvOptions& options) {
  std::vector<CsvRecord> records;
  size_t i = 0;
  if (text.starts_with("\xEF\xBB\xBF")) i = 3;
  int line = 1;
  size_t line_start = i;  // Byte offset where the current line starts (for columns).
  auto column = [&](size_t at) { return static_cast<int>(at - line_start) + 1; };
  // Consumes a line end at `i` ("\n", "\r\n", or "\r" as the last byte); true if there was one.
  auto take_line_end = [&]() {
    if (i < text.size() && text[i] == '\n') {
      ++i;
    } else if (i < text.size() && text[i] == '\r' &&
               (i + 1 == text.size() || text[i + 1] == '\n')) {
      i += i + 1 == text.size() ? 1 : 2;
    } else {
      return false;
    }
    ++line;
    line_start = i;
    return true;
  };
  while (i < text.size()) {
    // At the start of a line: skip it whole if blank or a comment.
    size_t first = i;
    while (first < text.size() && IsBlank(text[first])) ++first;
    const bool at_end_of_line =
        first == text.size() || text[first] == '\n' ||
        (text[first] == '\r' && (first + 1 == text.size() || text[first + 1] == '\n'));
    if (at_end_of_line || (options.comment_lines && text[first] == '#')) {
      i = first;
      while (i < text.size() && !take_line_end()) ++i;
      continue;
    }
    CsvRecord record;
    record.line = line;
    while (true) {  // One field per turn.
      CsvField field;
      size_t start = i;
      while (start < text.size() && IsBlank(text[start])) ++start;
      if (start < text.size() && text[start] == '"') {
        field.line = line;
        field.column = column(start);
        i = start + 1;
        bool closed = false;
        while (i < text.size()) {
          const char c = text[i];
          if (c == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              field.text.push_back('"');
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (take_line_end()) {
            field.text.push_back('\n');
            continue;
          }
          field.text.push_back(c);
          ++i;
        }
        if (!closed)
          return InputError(source, field.line, field.column, "unterminated quoted field");
        while (i < text.size() && IsBlank(text[i])) ++i;
        if (i < text.size() && text[i] != ',' && text[i] != '\n' &&
            !(text[i] == '\r' && (i + 1 == text.size() || text[i + 1] == '\n'))) {
          return InputError(source, line, column(i),
                            fmt::format("expected ',' after a closing quote, got '{}'", text[i]));
        }
      } else {
        field.line = line;
        field.column = column(i);
        while (i < text.size() && text[i] != ',' && text[i] != '\n' &&
               !(text[i] == '\r' && (i + 1 == text.size() || text[i + 1] == '\n'))) {
          if (text[i] == '"') {
            return InputError(source, line, column(i), "quote inside an unquoted field");
          }
          field.text.push_back(text[i++]);
        }
      }
      record.fields.push_back(std::move(field));
      if (i < text.size() && text[i] == ',') {
        ++i;
        continue;
      }
      take_line_end();
      break;
    }
    records.push_back(std::move(record));
  }
  return records;
}

StatusOr<nlohmann::json> ParseJson(std::string_view text, std::string_view source,
                                   const JsonOptions& options) {
  nlohmann::json root;
  PositionedJsonBuilder builder(root, options);
  nlohmann::json::sax_parse(text.begin(), text.end(), &builder);
  if (!builder.problem().empty()) return InputError(source, 0, 0, builder.problem());
  if (builder.failed()) {
    // The parser's position counts the bytes read, the offending one included.
    const size_t offset = builder.position() > 0 ? builder.position() - 1 : 0;
    const TextPosition at = PositionInText(text, offset);
    return InputError(source, at.line, at.column, "invalid JSON: " + builder.explanation());
  }
  return root;
}

StatusOr<std::string> FindBundledDataFile(std::string_view relative_path,
                                          std::string_view data_dir) {
  std::vector<std::string> candidates;
  if (!data_dir.empty()) {
    candidates.push_back(fmt::format("{}/{}", data_dir, relative_path));
  } else {
    if (const char* env = std::getenv("LEOTWIN_DATA_DIR"); env != nullptr && *env != '\0') {
      candidates.push_back(fmt::format("{}/{}", env, relative_path));
    }
    candidates.push_back(fmt::format("data/{}", relative_path));
#ifdef LEOTWIN_SOURCE_DIR
    candidates.push_back(fmt::format("{}/data/{}", LEOTWIN_SOURCE_DIR, relative_path));
#endif
  }
  for (const std::string& path : candidates) {
    struct stat info;
    if (::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode)) return path;
  }
  return absl::NotFoundError(fmt::format(
      "bundled data file {} not found (tried {}); set LEOTWIN_DATA_DIR to the data folder",
      relative_path, fmt::join(candidates, ", ")));
}

}  // namespace leotwin
