#include "leotwin/orbit/tle.h"

#include <charconv>
#include <cmath>

#include "fmt/format.h"
#include "leotwin/base/input.h"

namespace leotwin::orbit {
namespace {

constexpr int kLineLength = 69;

// One error found while reading a record: position plus message (without the source prefix).
struct RecordError {
  int line = 0;
  int column = 0;
  std::string message;
};

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) {
      out += fmt::format("\\x{:02x}", u);
    } else {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
  }
  out += '"';
  return out;
}

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view TrimTrailingBlanks(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Parses a plain decimal number: optional sign, digits with at most one '.', at least one digit.
bool ParseDecimal(std::string_view text, double* out) {
  std::string_view s = TrimBlanks(text);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  int digits = 0, points = 0;
  for (const char c : s) {
    if (IsDigit(c)) {
      ++digits;
    } else if (c == '.') {
      ++points;
    } else {
      return false;
    }
  }
  if (digits == 0 || points > 1) return false;
  double value = 0.0;
  const auto result = std::from_chars(s.data(), s.data() + s.size(), value);
  if (result.ec != std::errc() || result.ptr != s.data() + s.size()) return false;
  *out = negative ? -value : value;
  return std::isfinite(*out);
}

// Parses an unsigned integer with optional leading blanks; an all-blank field gives
// `blank_value` when `blank_ok`.
bool ParseUnsigned(std::string_view text, bool blank_ok, int64_t blank_value, int64_t* out) {
  const std::string_view s = TrimBlanks(text);
  if (s.empty()) {
    *out = blank_value;
    return blank_ok;
  }
  int64_t v = 0;
  for (const char c : s) {
    if (!IsDigit(c) || v > 100'000'000'000) return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

// Parses the implied-decimal exponent form "SMMMMMSE" (8 columns): sign (' ', '+', '-'), five
// mantissa digits read as 0.MMMMM, exponent sign ('+', '-', or ' ' for '+'), exponent digit.
// Leading blanks in the mantissa read as zeros ("  1234-4" = 0.01234e-4); an all-blank field is 0.
bool ParseImpliedExponent(std::string_view f, double* out) {
  if (f.size() != 8) return false;
  if (TrimBlanks(f).empty()) {
    *out = 0.0;
    return true;
  }
  const char sign = f[0];
  if (sign != ' ' && sign != '+' && sign != '-') return false;
  int64_t mantissa = 0;
  bool seen_digit = false;
  for (int i = 1; i <= 5; ++i) {
    const char c = f[i];
    if (c == ' ' && !seen_digit) continue;
    if (!IsDigit(c)) return false;
    seen_digit = true;
    mantissa = mantissa * 10 + (c - '0');
  }
  if (!seen_digit) return false;
  const char exp_sign = f[6];
  if (exp_sign != '+' && exp_sign != '-' && exp_sign != ' ') return false;
  if (!IsDigit(f[7])) return false;
  const int exponent = (exp_sign == '-' ? -1 : 1) * (f[7] - '0');
  double value = static_cast<double>(mantissa) * 1e-5 * std::pow(10.0, exponent);
  *out = sign == '-' ? -value : value;
  return true;
}

struct LineView {
  std::string_view text;  // Without line end and trailing blanks.
  int number = 0;         // 1-based line number in the input.
  int which = 1;          // 1 or 2 (TLE line number).
};

// Field error helper.
RecordError FieldError(const LineView& l, int first_col, int last_col, std::string_view what,
                       std::string_view expected) {
  const std::string_view got = l.text.substr(first_col - 1, last_col - first_col + 1);
  return RecordError{l.number, first_col,
                     fmt::format("line {} {} (columns {}-{}): expected {}; got {}", l.which, what,
                                 first_col, last_col, expected, Quote(got))};
}

std::string_view Field(const LineView& l, int first_col, int last_col) {
  return l.text.substr(first_col - 1, last_col - first_col + 1);
}

// Checks characters, line number, length and checksum of one element line.
bool CheckLineShape(const LineView& l, const TleParseOptions& options, RecordError* err) {
  for (size_t i = 0; i < l.text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(l.text[i]);
    if (c < 0x20 || c >= 0x7f) {
      *err = {l.number, static_cast<int>(i) + 1,
              fmt::format("line {}: expected printable ASCII; got byte 0x{:02x}", l.which, c)};
      return false;
    }
  }
  if (l.text.empty() || l.text[0] != static_cast<char>('0' + l.which)) {
    *err = {l.number, 1, fmt::format("expected TLE line {} starting with '{}'", l.which, l.which)};
    return false;
  }
  const int length = static_cast<int>(l.text.size());
  if (length < kLineLength) {
    *err = {l.number, length + 1,
            fmt::format("line {} is truncated: expected {} columns (ending in the checksum "
                        "digit); got {}",
                        l.which, kLineLength, length)};
    return false;
  }
  if (length > kLineLength && !options.allow_trailing_columns) {
    *err = {l.number, kLineLength + 1,
            fmt::format("line {} is too long: expected {} columns; got {} (extra text {})", l.which,
                        kLineLength, length, Quote(l.text.substr(kLineLength)))};
    return false;
  }
  const char check = l.text[kLineLength - 1];
  if (!IsDigit(check)) {
    *err = {l.number, kLineLength,
            fmt::format("line {} checksum (column 69): expected a digit; got {}", l.which,
                        Quote(l.text.substr(kLineLength - 1, 1)))};
    return false;
  }
  if (options.verify_checksum) {
    const int expected = TleChecksum(l.text);
    if (check - '0' != expected) {
      *err = {l.number, kLineLength,
              fmt::format("line {} checksum (column 69): expected {} (sum of digits and '-' "
                          "signs in columns 1-68, modulo 10); got {}",
                          l.which, expected, check)};
      return false;
    }
  }
  for (const int col : {2}) {
    if (l.text[col - 1] != ' ') {
      *err = {l.number, col, fmt::format("line {}: expected a blank in column {}", l.which, col)};
      return false;
    }
  }
  return true;
}

bool ParseRecordImpl(const LineView& l1, const LineView& l2, std::string_view name,
                     const TleParseOptions& options, ElementSet* out, RecordError* err) {
  if (!CheckLineShape(l1, options, err)) return false;
  if (!CheckLineShape(l2, options, err)) return false;
  ElementSet e;
  // Name: strip a "0 " prefix and blanks.
  std::string_view n = TrimBlanks(name);
  if (n.size() >= 2 && n[0] == '0' && n[1] == ' ') n = TrimBlanks(n.substr(2));
  e.name = std::string(n);

  // Catalog numbers.
  auto cat1 = DecodeAlpha5(Field(l1, 3, 7));
  if (!cat1.ok()) {
    *err = FieldError(l1, 3, 7, "catalog number",
                      "5 digits or Alpha-5 (a letter other than I/O then 4 digits)");
    return false;
  }
  auto cat2 = DecodeAlpha5(Field(l2, 3, 7));
  if (!cat2.ok()) {
    *err = FieldError(l2, 3, 7, "catalog number",
                      "5 digits or Alpha-5 (a letter other than I/O then 4 digits)");
    return false;
  }
  if (*cat1 != *cat2) {
    *err = FieldError(l2, 3, 7, "catalog number",
                      fmt::format("the catalog number of line 1 ({})", *cat1));
    return false;
  }
  e.catalog_number = *cat1;
  const char cls = l1.text[7];
  e.classification = cls == ' ' ? 'U' : cls;
  if (e.classification != 'U' && e.classification != 'C' && e.classification != 'S') {
    *err = FieldError(l1, 8, 8, "classification", "U, C, S or blank");
    return false;
  }
  e.international_designator = std::string(TrimBlanks(Field(l1, 10, 17)));

  // Epoch.
  int64_t yy = 0;
  if (!ParseUnsigned(Field(l1, 19, 20), false, 0, &yy) || Field(l1, 19, 20)[0] == ' ') {
    *err = FieldError(l1, 19, 20, "epoch year", "two digits YY (57..99 = 19YY, 00..56 = 20YY)");
    return false;
  }
  e.epoch_year = static_cast<int>(yy < 57 ? 2000 + yy : 1900 + yy);
  double day = 0.0;
  const bool leap = (e.epoch_year % 4 == 0 && e.epoch_year % 100 != 0) || e.epoch_year % 400 == 0;
  if (!ParseDecimal(Field(l1, 21, 32), &day) || day < 1.0 || day >= (leap ? 367.0 : 366.0)) {
    *err = FieldError(l1, 21, 32, "epoch day of year",
                      fmt::format("DDD.DDDDDDDD with 1 <= day < {}", leap ? 367 : 366));
    return false;
  }
  e.epoch_day_of_year = day;
  e.epoch = EpochFromYearDay(e.epoch_year, day);

  if (!ParseDecimal(Field(l1, 34, 43), &e.mean_motion_dot) || std::fabs(e.mean_motion_dot) >= 1.0) {
    *err = FieldError(l1, 34, 43, "mean motion derivative / 2",
                      "a signed decimal below 1 in magnitude, e.g. -.00000084 (rev/day^2)");
    return false;
  }
  if (!ParseImpliedExponent(Field(l1, 45, 52), &e.mean_motion_ddot)) {
    *err = FieldError(l1, 45, 52, "mean motion second derivative / 6",
                      "implied-decimal form SMMMMMSE, e.g. \" 12345-3\" = 0.12345e-3");
    return false;
  }
  if (!ParseImpliedExponent(Field(l1, 54, 61), &e.bstar)) {
    *err = FieldError(l1, 54, 61, "BSTAR drag term",
                      "implied-decimal form SMMMMMSE, e.g. \" 28098-4\" = 0.28098e-4");
    return false;
  }
  int64_t v = 0;
  if (!ParseUnsigned(Field(l1, 63, 63), true, 0, &v)) {
    *err = FieldError(l1, 63, 63, "ephemeris type", "a digit or blank");
    return false;
  }
  e.ephemeris_type = static_cast<int>(v);
  if (!ParseUnsigned(Field(l1, 65, 68), true, 0, &v)) {
    *err = FieldError(l1, 65, 68, "element set number", "up to 4 digits");
    return false;
  }
  e.element_set_number = static_cast<int>(v);

  // Line 2 angles.
  struct Angle {
    int first, last;
    const char* what;
    double max;
    double* out;
  };
  const Angle angles[] = {
      {9, 16, "inclination", 180.0, &e.inclination_deg},
      {18, 25, "right ascension of the ascending node", 360.0, &e.raan_deg},
      {35, 42, "argument of perigee", 360.0, &e.arg_perigee_deg},
      {44, 51, "mean anomaly", 360.0, &e.mean_anomaly_deg},
  };
  for (const Angle& a : angles) {
    double value = 0.0;
    if (!ParseDecimal(Field(l2, a.first, a.last), &value) || value < 0.0 || value > a.max) {
      *err = FieldError(l2, a.first, a.last, a.what,
                        fmt::format("degrees in [0, {:.0f}], e.g. {:8.4f}", a.max, a.max / 3.0));
      return false;
    }
    *a.out = value;
  }
  const std::string_view ecc = Field(l2, 27, 33);
  int64_t ecc_digits = 0;
  bool ecc_ok = true;
  for (const char c : ecc) ecc_ok = ecc_ok && IsDigit(c);
  if (!ecc_ok || !ParseUnsigned(ecc, false, 0, &ecc_digits)) {
    *err = FieldError(l2, 27, 33, "eccentricity",
                      "7 digits with an implied leading decimal point, e.g. 0001564");
    return false;
  }
  e.eccentricity = static_cast<double>(ecc_digits) * 1e-7;
  if (!ParseDecimal(Field(l2, 53, 63), &e.mean_motion_rev_per_day) ||
      !(e.mean_motion_rev_per_day > 0.0)) {
    *err = FieldError(l2, 53, 63, "mean motion",
                      "a positive decimal in revolutions per day, e.g. 15.06390214");
    return false;
  }
  if (!ParseUnsigned(Field(l2, 64, 68), true, 0, &e.revolution_number)) {
    *err = FieldError(l2, 64, 68, "revolution number", "up to 5 digits");
    return false;
  }
  *out = std::move(e);
  return true;
}

bool IsElementLine(std::string_view s, char which) {
  return !s.empty() && s[0] == which && (s.size() == 1 || s[1] == ' ');
}

}  // namespace

int TleChecksum(std::string_view line) {
  int sum = 0;
  const size_t n = std::min<size_t>(line.size(), kLineLength - 1);
  for (size_t i = 0; i < n; ++i) {
    const char c = line[i];
    if (IsDigit(c)) {
      sum += c - '0';
    } else if (c == '-') {
      sum += 1;
    }
  }
  return sum % 10;
}

StatusOr<int64_t> DecodeAlpha5(std::string_view field) {
  if (field.size() != 5) {
    return absl::InvalidArgumentError(
        fmt::format("catalog number {}: expected 5 columns", Quote(field)));
  }
  const char c = field[0];
  int64_t lead;
  if (c >= 'A' && c <= 'Z' && c != 'I' && c != 'O') {
    lead = 10 + (c - 'A') - (c > 'I' ? 1 : 0) - (c > 'O' ? 1 : 0);
    for (int i = 1; i < 5; ++i) {
      if (!IsDigit(field[i])) {
        return absl::InvalidArgumentError(fmt::format(
            "catalog number {}: expected 4 digits after the Alpha-5 letter", Quote(field)));
      }
    }
    int64_t rest = 0;
    for (int i = 1; i < 5; ++i) rest = rest * 10 + (field[i] - '0');
    return lead * 10000 + rest;
  }
  int64_t value = 0;
  if (!ParseUnsigned(field, false, 0, &value) || field[4] == ' ') {
    return absl::InvalidArgumentError(fmt::format(
        "catalog number {}: expected 5 digits or Alpha-5 (letter other than I/O, 4 digits)",
        Quote(field)));
  }
  return value;
}

StatusOr<std::string> EncodeAlpha5(int64_t n) {
  if (n < 0 || n > 339999) {
    return absl::OutOfRangeError(
        fmt::format("catalog number {} does not fit a TLE (0..339999 with Alpha-5)", n));
  }
  if (n < 100000) return fmt::format("{:05d}", n);
  const int64_t lead = n / 10000;  // 10..33
  int64_t offset = lead - 10;      // 0..23 over the letters without I and O
  char letter = static_cast<char>('A' + offset);
  if (letter >= 'I') ++letter;
  if (letter >= 'O') ++letter;
  return fmt::format("{}{:04d}", letter, n % 10000);
}

StatusOr<ElementSet> ParseTleRecord(std::string_view line1, std::string_view line2,
                                    std::string_view name, const TleParseOptions& options,
                                    int first_line) {
  LineView l1{TrimTrailingBlanks(line1), first_line, 1};
  LineView l2{TrimTrailingBlanks(line2), first_line + 1, 2};
  ElementSet e;
  RecordError err;
  if (!ParseRecordImpl(l1, l2, name, options, &e, &err)) {
    return absl::InvalidArgumentError(
        fmt::format("{}:{}:{}: {}", options.source_name, err.line, err.column, err.message));
  }
  return e;
}

StatusOr<TleParseResult> ParseTle(std::string_view text, const TleParseOptions& options) {
  // Split into lines (LF; a CR before the LF is dropped with trailing blanks).
  std::vector<std::string_view> lines;
  {
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      lines.push_back(text.substr(start, end - start));
      start = end + 1;
    }
  }
  TleParseResult result;
  Status first_error = absl::OkStatus();
  auto fail = [&](const RecordError& err) {
    const std::string msg =
        fmt::format("{}:{}:{}: {}", options.source_name, err.line, err.column, err.message);
    ++result.skipped_count;
    if (result.skipped.size() < TleParseResult::kMaxSkippedKept) {
      result.skipped.push_back({err.line, err.column, msg});
    }
    if (first_error.ok()) first_error = absl::InvalidArgumentError(msg);
  };

  auto is_skippable = [&](std::string_view s) {
    const std::string_view t = TrimBlanks(TrimTrailingBlanks(s));
    return t.empty() || (options.allow_comments && t[0] == '#');
  };

  int pending_name = -1;  // index of an unconsumed name line
  const int count = static_cast<int>(lines.size());
  for (int i = 0; i < count; ++i) {
    if (options.strict && !first_error.ok()) break;
    const std::string_view line = TrimTrailingBlanks(lines[i]);
    if (is_skippable(line)) continue;
    if (IsElementLine(line, '1')) {
      int j = i + 1;
      while (j < count && is_skippable(lines[j])) ++j;
      std::string_view name;
      if (pending_name >= 0) name = TrimTrailingBlanks(lines[pending_name]);
      pending_name = -1;
      if (j >= count || !IsElementLine(TrimTrailingBlanks(lines[j]), '2')) {
        if (j >= count) {
          fail({i + 1, 0, "line 1 is not followed by a line 2 (end of input)"});
        } else {
          fail({j + 1, 1,
                fmt::format("expected line 2 (starting with \"2 \") after the line 1 on line {}",
                            i + 1)});
        }
        continue;  // Line j is examined on its own (it may start the next record).
      }
      LineView l1{line, i + 1, 1};
      LineView l2{TrimTrailingBlanks(lines[j]), j + 1, 2};
      ElementSet e;
      RecordError err;
      if (ParseRecordImpl(l1, l2, name, options, &e, &err)) {
        result.elements.push_back(std::move(e));
        result.source_lines.push_back(i + 1);
        result.trailing_text.emplace_back(options.allow_trailing_columns &&
                                                  l2.text.size() > kLineLength
                                              ? std::string(l2.text.substr(kLineLength))
                                              : std::string());
      } else {
        fail(err);
      }
      i = j;
      continue;
    }
    if (IsElementLine(line, '2')) {
      if (pending_name >= 0) {
        fail({pending_name + 1, 1, "name line is not followed by a line 1"});
        pending_name = -1;
      }
      fail({i + 1, 1, "line 2 without a preceding line 1"});
      continue;
    }
    // A name line. Control characters are not allowed in names (binary input).
    for (size_t k = 0; k < line.size(); ++k) {
      const unsigned char c = static_cast<unsigned char>(line[k]);
      if (c < 0x20 && c != '\t') {
        if (pending_name >= 0) fail({pending_name + 1, 1, "name line is not followed by a line 1"});
        pending_name = -2;  // mark: this line already reported
        fail({i + 1, static_cast<int>(k) + 1,
              fmt::format("expected a name line or a TLE line; got control byte 0x{:02x}", c)});
        break;
      }
    }
    if (pending_name == -2) {
      pending_name = -1;
      continue;
    }
    if (pending_name >= 0) fail({pending_name + 1, 1, "name line is not followed by a line 1"});
    pending_name = i;
  }
  if (pending_name >= 0 && !(options.strict && !first_error.ok())) {
    fail({pending_name + 1, 1, "name line is not followed by a line 1 (end of input)"});
  }
  if (options.strict && !first_error.ok()) return first_error;
  return result;
}

StatusOr<TleParseResult> ReadTleFile(const std::string& path, TleParseOptions options) {
  if (options.source_name == "<input>") options.source_name = path;
  LEOTWIN_ASSIGN_OR_RETURN(const std::string text, ReadFileBounded(path, kDefaultMaxInputBytes));
  return ParseTle(text, options);
}

namespace {

// Formats |v| as the implied-decimal exponent form (8 columns).
StatusOr<std::string> FormatImpliedExponent(double v, std::string_view what) {
  if (!std::isfinite(v)) {
    return absl::OutOfRangeError(fmt::format("{} is not finite", what));
  }
  const char sign = v < 0 ? '-' : ' ';
  double m = std::fabs(v);
  if (m == 0.0) return std::string(" 00000+0");
  int exponent = static_cast<int>(std::floor(std::log10(m))) + 1;
  long long mantissa = std::llround(m / std::pow(10.0, exponent) * 1e5);
  if (mantissa >= 100000) {
    mantissa /= 10;
    ++exponent;
  }
  if (exponent < -9) {  // Below the normalized range: denormalize to the smallest exponent.
    exponent = -9;
    mantissa = std::llround(m / 1e-9 * 1e5);
  }
  if (mantissa == 0) return std::string(" 00000+0");
  if (exponent > 9) {
    return absl::OutOfRangeError(fmt::format("{} {} does not fit the TLE exponent form", what, v));
  }
  return fmt::format("{}{:05d}{}{}", sign, mantissa, exponent < 0 ? '-' : '+', std::abs(exponent));
}

std::string FormatAngle(double deg) { return fmt::format("{:8.4f}", deg); }

}  // namespace

std::string TleLines::ToText(bool with_name) const {
  std::string out;
  if (with_name && !name.empty()) out += name + "\n";
  out += line1 + "\n" + line2 + "\n";
  return out;
}

StatusOr<TleLines> FormatTle(const ElementSet& e) {
  LEOTWIN_ASSIGN_OR_RETURN(const std::string cat, EncodeAlpha5(e.catalog_number));
  if (e.epoch_year < 1957 || e.epoch_year > 2056) {
    return absl::OutOfRangeError(
        fmt::format("epoch year {} does not fit a TLE (1957..2056)", e.epoch_year));
  }
  if (!(e.epoch_day_of_year >= 1.0 && e.epoch_day_of_year < 367.0)) {
    return absl::OutOfRangeError(fmt::format("epoch day {} outside [1, 367)", e.epoch_day_of_year));
  }
  if (!(std::fabs(e.mean_motion_dot) < 1.0)) {
    return absl::OutOfRangeError(
        fmt::format("mean motion derivative {} does not fit a TLE (|x| < 1)", e.mean_motion_dot));
  }
  if (!(e.mean_motion_rev_per_day > 0.0 && e.mean_motion_rev_per_day < 100.0)) {
    return absl::OutOfRangeError(fmt::format("mean motion {} rev/day does not fit a TLE (0, 100)",
                                             e.mean_motion_rev_per_day));
  }
  if (!(e.eccentricity >= 0.0 && e.eccentricity < 1.0)) {
    return absl::OutOfRangeError(fmt::format("eccentricity {} outside [0, 1)", e.eccentricity));
  }
  struct A {
    double v;
    double max;
    const char* what;
  };
  for (const A& a : {A{e.inclination_deg, 180.0, "inclination"}, A{e.raan_deg, 360.0, "RAAN"},
                     A{e.arg_perigee_deg, 360.0, "argument of perigee"},
                     A{e.mean_anomaly_deg, 360.0, "mean anomaly"}}) {
    if (!(a.v >= 0.0 && a.v <= a.max)) {
      return absl::OutOfRangeError(fmt::format("{} {} deg outside [0, {}]", a.what, a.v, a.max));
    }
  }
  if (e.ephemeris_type < 0 || e.ephemeris_type > 9) {
    return absl::OutOfRangeError(
        fmt::format("ephemeris type {} is not one digit", e.ephemeris_type));
  }
  if (e.international_designator.size() > 8) {
    return absl::OutOfRangeError(fmt::format("international designator \"{}\" is over 8 characters",
                                             e.international_designator));
  }
  LEOTWIN_ASSIGN_OR_RETURN(
      const std::string nddot,
      FormatImpliedExponent(e.mean_motion_ddot, "mean motion second derivative"));
  LEOTWIN_ASSIGN_OR_RETURN(const std::string bstar, FormatImpliedExponent(e.bstar, "BSTAR"));

  std::string ndot = fmt::format("{:.8f}", std::fabs(e.mean_motion_dot));  // "0.00000023"
  ndot = (e.mean_motion_dot < 0 && ndot != "0.00000000" ? "-" : " ") + ndot.substr(1);
  // Epoch day: "DDD.DDDDDDDD"; rounding may carry to the next day, which is fine for the parser.
  const std::string day = fmt::format("{:012.8f}", e.epoch_day_of_year);
  long long ecc = std::llround(e.eccentricity * 1e7);
  if (ecc > 9999999) ecc = 9999999;

  TleLines out;
  out.name = e.name;
  out.line1 = fmt::format("1 {}{} {:<8} {:02d}{} {} {} {} {} {:4d}", cat,
                          e.classification == 0 ? 'U' : e.classification,
                          e.international_designator, e.epoch_year % 100, day, ndot, nddot, bstar,
                          e.ephemeris_type, e.element_set_number % 10000);
  out.line2 = fmt::format("2 {} {} {} {:07d} {} {} {:11.8f}{:5d}", cat,
                          FormatAngle(e.inclination_deg), FormatAngle(e.raan_deg), ecc,
                          FormatAngle(e.arg_perigee_deg), FormatAngle(e.mean_anomaly_deg),
                          e.mean_motion_rev_per_day, e.revolution_number % 100000);
  if (out.line1.size() != kLineLength - 1 || out.line2.size() != kLineLength - 1) {
    return absl::InternalError(fmt::format("formatted TLE lines have wrong length: \"{}\" / \"{}\"",
                                           out.line1, out.line2));
  }
  out.line1 += static_cast<char>('0' + TleChecksum(out.line1));
  out.line2 += static_cast<char>('0' + TleChecksum(out.line2));
  return out;
}

}  // namespace leotwin::orbit
