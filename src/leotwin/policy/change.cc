#include "leotwin/policy/change.h"

#include <array>
#include <cmath>
#include <set>

#include "fmt/format.h"
#include "leotwin/base/input.h"
#include "leotwin/geo/region.h"

namespace leotwin::policy {

namespace {

constexpr std::array<std::string_view, 5> kStateNames = {"available", "waitlist", "coming_soon",
                                                         "unavailable", "blocked"};
constexpr std::array<std::string_view, 5> kKindNames = {"fixed", "roam", "maritime", "aviation",
                                                        "government"};
constexpr std::array<std::string_view, 2> kStatusNames = {"active", "suspended"};
constexpr std::array<std::string_view, 2> kEffectNames = {"deny", "allow"};

template <typename E, size_t N>
StatusOr<E> ParseEnum(std::string_view name, const std::array<std::string_view, N>& names,
                      std::string_view what) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<E>(i);
  }
  std::string options;
  for (size_t i = 0; i < N; ++i) options += fmt::format("{}\"{}\"", i ? ", " : "", names[i]);
  return absl::InvalidArgumentError(
      fmt::format("unknown {} \"{}\" (expected one of {})", what, name, options));
}

Status FieldError(std::string_view action, std::string_view field, const std::string& what) {
  return absl::InvalidArgumentError(fmt::format("{}.{}: {}", action, field, what));
}

// Strict reader over one JSON object: every member must be consumed exactly once.
class Reader {
 public:
  Reader(const nlohmann::json& obj, std::string_view action) : obj_(obj), action_(action) {}

  StatusOr<std::string> String(std::string_view field) {
    LEOTWIN_ASSIGN_OR_RETURN(const nlohmann::json* v, Required(field));
    if (!v->is_string()) return FieldError(action_, field, Expected("a string", *v));
    return v->get<std::string>();
  }
  StatusOr<std::optional<std::string>> OptionalString(std::string_view field) {
    const nlohmann::json* v = Optional(field);
    if (v == nullptr) return std::optional<std::string>();
    if (!v->is_string()) return FieldError(action_, field, Expected("a string", *v));
    return std::optional<std::string>(v->get<std::string>());
  }
  StatusOr<std::optional<SimTime>> OptionalTime(std::string_view field) {
    const nlohmann::json* v = Optional(field);
    if (v == nullptr) return std::optional<SimTime>();
    if (!v->is_string()) return FieldError(action_, field, Expected("an RFC 3339 time string", *v));
    auto t = SimTime::Parse(v->get<std::string>());
    if (!t.ok()) return WithContext(t.status(), fmt::format("{}.{}", action_, field));
    return std::optional<SimTime>(*t);
  }
  StatusOr<double> Number(std::string_view field) {
    LEOTWIN_ASSIGN_OR_RETURN(const nlohmann::json* v, Required(field));
    if (!v->is_number()) return FieldError(action_, field, Expected("a number", *v));
    const double d = v->get<double>();
    if (!std::isfinite(d)) return FieldError(action_, field, "must be finite");
    return d;
  }
  StatusOr<std::optional<double>> OptionalNumber(std::string_view field) {
    if (Optional(field) == nullptr) return std::optional<double>();
    seen_.erase(std::string(field));
    LEOTWIN_ASSIGN_OR_RETURN(double d, Number(field));
    return std::optional<double>(d);
  }
  StatusOr<const nlohmann::json*> Object(std::string_view field) {
    LEOTWIN_ASSIGN_OR_RETURN(const nlohmann::json* v, Required(field));
    if (!v->is_object()) return FieldError(action_, field, Expected("an object", *v));
    return v;
  }
  const nlohmann::json* OptionalRaw(std::string_view field) { return Optional(field); }
  // Refuses members not consumed.
  Status Finish() const {
    for (const auto& [key, value] : obj_.items()) {
      if (!seen_.count(key)) {
        return FieldError(action_, key, "unknown field");
      }
    }
    return absl::OkStatus();
  }

 private:
  static std::string Expected(std::string_view what, const nlohmann::json& got) {
    return fmt::format("expected {}, got {}", what, got.type_name());
  }
  StatusOr<const nlohmann::json*> Required(std::string_view field) {
    const nlohmann::json* v = Optional(field);
    if (v == nullptr) return FieldError(action_, field, "missing required field");
    return v;
  }
  const nlohmann::json* Optional(std::string_view field) {
    auto it = obj_.find(std::string(field));
    if (it == obj_.end()) return nullptr;
    seen_.insert(std::string(field));
    if (it->is_null()) return nullptr;
    return &*it;
  }

  const nlohmann::json& obj_;
  std::string action_;
  std::set<std::string> seen_;
};

bool ValidId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Status CheckId(std::string_view action, const std::string& id) {
  if (!ValidId(id)) {
    return FieldError(action, "id",
                      fmt::format("\"{}\" is not 1..64 characters of [A-Za-z0-9._:-]", id));
  }
  return absl::OkStatus();
}

template <typename E, size_t N>
StatusOr<E> EnumField(Reader& r, std::string_view action, std::string_view field,
                      const std::array<std::string_view, N>& names, std::string_view what) {
  LEOTWIN_ASSIGN_OR_RETURN(std::string s, r.String(field));
  auto e = ParseEnum<E>(s, names, what);
  if (!e.ok()) return WithContext(e.status(), fmt::format("{}.{}", action, field));
  return *e;
}

StatusOr<PolicyChange> ParseSetTerritoryState(Reader& r) {
  constexpr std::string_view a = "set_territory_state";
  SetTerritoryState c;
  LEOTWIN_ASSIGN_OR_RETURN(c.iso, r.String("iso"));
  if (c.iso.size() < 2 || c.iso.size() > 3) {
    return FieldError(a, "iso", fmt::format("\"{}\" is not an alpha-2 or alpha-3 code", c.iso));
  }
  for (char& ch : c.iso) {
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    if (ch < 'A' || ch > 'Z') {
      return FieldError(a, "iso", fmt::format("\"{}\" is not an alpha-2 or alpha-3 code", c.iso));
    }
  }
  LEOTWIN_ASSIGN_OR_RETURN(
      c.state, (EnumField<TerritoryState>(r, a, "state", kStateNames, "territory state")));
  LEOTWIN_ASSIGN_OR_RETURN(c.coming_soon_date, r.OptionalTime("coming_soon_date"));
  if (c.coming_soon_date && c.state != TerritoryState::kComingSoon) {
    return FieldError(a, "coming_soon_date", "only allowed with state \"coming_soon\"");
  }
  LEOTWIN_ASSIGN_OR_RETURN(c.effective_at, r.OptionalTime("effective_at"));
  return PolicyChange(std::move(c));
}

StatusOr<PolicyChange> ParseAddGeofence(Reader& r) {
  constexpr std::string_view a = "add_geofence";
  AddGeofence c;
  LEOTWIN_ASSIGN_OR_RETURN(c.id, r.String("id"));
  LEOTWIN_RETURN_IF_ERROR(CheckId(a, c.id));
  LEOTWIN_ASSIGN_OR_RETURN(std::optional<std::string> name, r.OptionalString("name"));
  c.name = name.value_or("");
  if (c.name.size() > 256) return FieldError(a, "name", "longer than 256 bytes");
  LEOTWIN_ASSIGN_OR_RETURN(
      c.effect, (EnumField<GeofenceEffect>(r, a, "effect", kEffectNames, "geofence effect")));
  LEOTWIN_ASSIGN_OR_RETURN(const nlohmann::json* geometry, r.Object("geometry"));
  auto polygon = geo::PolygonFromGeoJson(*geometry, "add_geofence.geometry");
  if (!polygon.ok()) return polygon.status();
  c.geometry = *geometry;
  if (const nlohmann::json* w = r.OptionalRaw("window")) {
    if (!w->is_object()) {
      return FieldError(a, "window", fmt::format("expected an object, got {}", w->type_name()));
    }
    Reader wr(*w, "add_geofence.window");
    LEOTWIN_ASSIGN_OR_RETURN(c.active_from, wr.OptionalTime("from"));
    LEOTWIN_ASSIGN_OR_RETURN(c.active_until, wr.OptionalTime("to"));
    LEOTWIN_RETURN_IF_ERROR(wr.Finish());
    if (!c.active_from && !c.active_until) {
      return FieldError(a, "window", "needs \"from\", \"to\" or both");
    }
    if (c.active_from && c.active_until && !(*c.active_from < *c.active_until)) {
      return FieldError(a, "window", "\"from\" must be before \"to\" (window is [from, to))");
    }
  }
  LEOTWIN_ASSIGN_OR_RETURN(c.speed_cap_kmh, r.OptionalNumber("speed_cap_kmh"));
  if (c.speed_cap_kmh && !(*c.speed_cap_kmh > 0)) {
    return FieldError(a, "speed_cap_kmh", "must be > 0");
  }
  return PolicyChange(std::move(c));
}

StatusOr<PolicyChange> ParseRemoveGeofence(Reader& r) {
  RemoveGeofence c;
  LEOTWIN_ASSIGN_OR_RETURN(c.id, r.String("id"));
  LEOTWIN_RETURN_IF_ERROR(CheckId("remove_geofence", c.id));
  return PolicyChange(std::move(c));
}

StatusOr<PolicyChange> ParseRegisterTerminal(Reader& r) {
  constexpr std::string_view a = "register_terminal";
  RegisterTerminal c;
  LEOTWIN_ASSIGN_OR_RETURN(c.id, r.String("id"));
  LEOTWIN_RETURN_IF_ERROR(CheckId(a, c.id));
  LEOTWIN_ASSIGN_OR_RETURN(c.kind,
                           (EnumField<TerminalKind>(r, a, "kind", kKindNames, "terminal kind")));
  LEOTWIN_ASSIGN_OR_RETURN(const nlohmann::json* addr, r.Object("service_address"));
  Reader ar(*addr, "register_terminal.service_address");
  LEOTWIN_ASSIGN_OR_RETURN(c.service_lat_deg, ar.Number("lat"));
  LEOTWIN_ASSIGN_OR_RETURN(c.service_lon_deg, ar.Number("lon"));
  LEOTWIN_RETURN_IF_ERROR(ar.Finish());
  if (c.service_lat_deg < -90 || c.service_lat_deg > 90) {
    return FieldError(a, "service_address.lat", "outside [-90, 90]");
  }
  if (c.service_lon_deg < -180 || c.service_lon_deg > 180) {
    return FieldError(a, "service_address.lon", "outside [-180, 180]");
  }
  LEOTWIN_ASSIGN_OR_RETURN(std::optional<std::string> sponsor, r.OptionalString("sponsor"));
  c.sponsor = sponsor.value_or("");
  if (c.sponsor.size() > 256) return FieldError(a, "sponsor", "longer than 256 bytes");
  return PolicyChange(std::move(c));
}

StatusOr<PolicyChange> ParseSetTerminalStatus(Reader& r) {
  constexpr std::string_view a = "set_terminal_status";
  SetTerminalStatus c;
  LEOTWIN_ASSIGN_OR_RETURN(c.id, r.String("id"));
  LEOTWIN_RETURN_IF_ERROR(CheckId(a, c.id));
  LEOTWIN_ASSIGN_OR_RETURN(
      c.status, (EnumField<TerminalStatus>(r, a, "status", kStatusNames, "terminal status")));
  return PolicyChange(std::move(c));
}

}  // namespace

std::string_view TerritoryStateName(TerritoryState s) { return kStateNames[static_cast<int>(s)]; }
StatusOr<TerritoryState> ParseTerritoryState(std::string_view n) {
  return ParseEnum<TerritoryState>(n, kStateNames, "territory state");
}
std::string_view TerminalKindName(TerminalKind k) { return kKindNames[static_cast<int>(k)]; }
StatusOr<TerminalKind> ParseTerminalKind(std::string_view n) {
  return ParseEnum<TerminalKind>(n, kKindNames, "terminal kind");
}
std::string_view TerminalStatusName(TerminalStatus s) { return kStatusNames[static_cast<int>(s)]; }
StatusOr<TerminalStatus> ParseTerminalStatus(std::string_view n) {
  return ParseEnum<TerminalStatus>(n, kStatusNames, "terminal status");
}
std::string_view GeofenceEffectName(GeofenceEffect e) { return kEffectNames[static_cast<int>(e)]; }
StatusOr<GeofenceEffect> ParseGeofenceEffect(std::string_view n) {
  return ParseEnum<GeofenceEffect>(n, kEffectNames, "geofence effect");
}

std::string_view ActionKind(const PolicyChange& change) {
  struct Visitor {
    std::string_view operator()(const SetTerritoryState& c) const {
      return c.state == TerritoryState::kBlocked ? "territory.block" : "territory.set_state";
    }
    std::string_view operator()(const AddGeofence& c) const {
      return c.effect == GeofenceEffect::kDeny ? "geofence.add_deny" : "geofence.add_allow";
    }
    std::string_view operator()(const RemoveGeofence&) const { return "geofence.remove"; }
    std::string_view operator()(const RegisterTerminal&) const { return "terminal.register"; }
    std::string_view operator()(const SetTerminalStatus& c) const {
      return c.status == TerminalStatus::kSuspended ? "terminal.suspend" : "terminal.activate";
    }
  };
  return std::visit(Visitor{}, change);
}

const std::vector<std::string_view>& AllActionKinds() {
  static const std::vector<std::string_view> kinds = {
      "territory.block",    "territory.set_state", "geofence.add_deny",
      "geofence.add_allow", "geofence.remove",     "geofence.remove_allow",
      "terminal.register",  "terminal.suspend",    "terminal.activate"};
  return kinds;
}

int RecommendedApprovals(std::string_view action_kind) {
  return action_kind == "territory.block" || action_kind == "geofence.add_deny" ||
                 action_kind == "geofence.remove_allow"
             ? 2
             : 1;
}

nlohmann::json ToJson(const PolicyChange& change) {
  struct Visitor {
    nlohmann::json operator()(const SetTerritoryState& c) const {
      nlohmann::json j = {{"action", "set_territory_state"},
                          {"iso", c.iso},
                          {"state", TerritoryStateName(c.state)}};
      if (c.coming_soon_date) j["coming_soon_date"] = c.coming_soon_date->ToIso8601();
      if (c.effective_at) j["effective_at"] = c.effective_at->ToIso8601();
      return j;
    }
    nlohmann::json operator()(const AddGeofence& c) const {
      nlohmann::json j = {{"action", "add_geofence"},
                          {"id", c.id},
                          {"name", c.name},
                          {"effect", GeofenceEffectName(c.effect)},
                          {"geometry", c.geometry}};
      if (c.active_from || c.active_until) {
        nlohmann::json w = nlohmann::json::object();
        if (c.active_from) w["from"] = c.active_from->ToIso8601();
        if (c.active_until) w["to"] = c.active_until->ToIso8601();
        j["window"] = w;
      }
      if (c.speed_cap_kmh) j["speed_cap_kmh"] = *c.speed_cap_kmh;
      return j;
    }
    nlohmann::json operator()(const RemoveGeofence& c) const {
      return {{"action", "remove_geofence"}, {"id", c.id}};
    }
    nlohmann::json operator()(const RegisterTerminal& c) const {
      return {{"action", "register_terminal"},
              {"id", c.id},
              {"kind", TerminalKindName(c.kind)},
              {"service_address", {{"lat", c.service_lat_deg}, {"lon", c.service_lon_deg}}},
              {"sponsor", c.sponsor}};
    }
    nlohmann::json operator()(const SetTerminalStatus& c) const {
      return {{"action", "set_terminal_status"},
              {"id", c.id},
              {"status", TerminalStatusName(c.status)}};
    }
  };
  return std::visit(Visitor{}, change);
}

StatusOr<PolicyChange> PolicyChangeFromJson(const nlohmann::json& json) {
  if (!json.is_object()) {
    return absl::InvalidArgumentError(
        fmt::format("policy change must be a JSON object, got {}", json.type_name()));
  }
  const auto it = json.find("action");
  if (it == json.end() || !it->is_string()) {
    return absl::InvalidArgumentError(
        "policy change: missing string field \"action\" (one of set_territory_state, "
        "add_geofence, remove_geofence, register_terminal, set_terminal_status)");
  }
  const std::string action = it->get<std::string>();
  Reader r(json, action);
  (void)r.OptionalRaw("action");
  StatusOr<PolicyChange> out = absl::InvalidArgumentError("");
  if (action == "set_territory_state") {
    out = ParseSetTerritoryState(r);
  } else if (action == "add_geofence") {
    out = ParseAddGeofence(r);
  } else if (action == "remove_geofence") {
    out = ParseRemoveGeofence(r);
  } else if (action == "register_terminal") {
    out = ParseRegisterTerminal(r);
  } else if (action == "set_terminal_status") {
    out = ParseSetTerminalStatus(r);
  } else {
    return absl::InvalidArgumentError(fmt::format(
        "policy change: unknown action \"{}\" (expected set_territory_state, add_geofence, "
        "remove_geofence, register_terminal or set_terminal_status)",
        action));
  }
  if (!out.ok()) return out;
  LEOTWIN_RETURN_IF_ERROR(r.Finish());
  return out;
}

StatusOr<PolicyChange> ParsePolicyChange(std::string_view text) {
  LEOTWIN_ASSIGN_OR_RETURN(const nlohmann::json doc, ParseJson(text, "policy change"));
  return PolicyChangeFromJson(doc);
}

std::string Describe(const PolicyChange& change) {
  struct Visitor {
    std::string operator()(const SetTerritoryState& c) const {
      std::string s =
          c.state == TerritoryState::kBlocked
              ? fmt::format("block territory {}", c.iso)
              : fmt::format("set territory {} to {}", c.iso, TerritoryStateName(c.state));
      if (c.coming_soon_date)
        s += fmt::format(" (service from {})", c.coming_soon_date->ToIso8601());
      if (c.effective_at) s += fmt::format(" from {}", c.effective_at->ToIso8601());
      return s;
    }
    std::string operator()(const AddGeofence& c) const {
      std::string s = fmt::format("add {} geofence {}", GeofenceEffectName(c.effect), c.id);
      if (!c.name.empty()) s += fmt::format(" \"{}\"", c.name);
      if (c.active_from) s += fmt::format(" from {}", c.active_from->ToIso8601());
      if (c.active_until) s += fmt::format(" until {}", c.active_until->ToIso8601());
      if (c.speed_cap_kmh) s += fmt::format(" with speed cap {} km/h", *c.speed_cap_kmh);
      return s;
    }
    std::string operator()(const RemoveGeofence& c) const {
      return fmt::format("remove geofence {}", c.id);
    }
    std::string operator()(const RegisterTerminal& c) const {
      return fmt::format("register {} terminal {} at ({:.5f}, {:.5f}){}", TerminalKindName(c.kind),
                         c.id, c.service_lat_deg, c.service_lon_deg,
                         c.sponsor.empty() ? "" : fmt::format(" for {}", c.sponsor));
    }
    std::string operator()(const SetTerminalStatus& c) const {
      return fmt::format("{} terminal {}",
                         c.status == TerminalStatus::kSuspended ? "suspend" : "reactivate", c.id);
    }
  };
  return std::visit(Visitor{}, change);
}

}  // namespace leotwin::policy
