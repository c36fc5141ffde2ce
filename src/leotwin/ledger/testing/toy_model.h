// A toy StateModel for the ledger's own tests: a map of string keys to integer values.
//   {"action":"set","key":"k","value":3}   action kind "toy.set" ("toy.set_big" when value >= 100)
//   {"action":"erase","key":"k"}           action kind "toy.erase"; fails if the key is absent
// Each value remembers the proposal entry that set it.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "fmt/format.h"
#include "leotwin/ledger/state_model.h"

namespace leotwin::ledger::testing {

class ToyModel : public StateModel {
 public:
  struct Value {
    int64_t value = 0;
    int64_t entry = 0;
    SimTime at;
  };

  std::unique_ptr<StateModel> Clone() const override { return std::make_unique<ToyModel>(*this); }
  std::vector<std::string> ActionKinds() const override {
    return {"toy.set", "toy.set_big", "toy.erase"};
  }
  StatusOr<QuorumNeed> QuorumNeedOf(const nlohmann::json& change, SimTime) const override {
    LEOTWIN_ASSIGN_OR_RETURN(std::string kind, ActionKindOf(change));
    return QuorumNeed{std::move(kind), {}};
  }
  StatusOr<std::string> ActionKindOf(const nlohmann::json& change) const {
    if (!change.is_object() || !change.contains("action") || !change["action"].is_string() ||
        !change.contains("key") || !change["key"].is_string()) {
      return absl::InvalidArgumentError("toy change needs string fields \"action\" and \"key\"");
    }
    const std::string action = change["action"];
    if (action == "set") {
      if (!change.contains("value") || !change["value"].is_number_integer()) {
        return absl::InvalidArgumentError("set.value must be an integer");
      }
      return std::string(change["value"].get<int64_t>() >= 100 ? "toy.set_big" : "toy.set");
    }
    if (action == "erase") return std::string("toy.erase");
    return absl::InvalidArgumentError(fmt::format("unknown action \"{}\"", action));
  }
  std::string Describe(const nlohmann::json& change) const override { return change.dump(); }
  Status Apply(const nlohmann::json& change, int64_t entry, SimTime at) override {
    LEOTWIN_ASSIGN_OR_RETURN(const std::string kind, ActionKindOf(change));
    const std::string key = change["key"];
    if (kind == "toy.erase") {
      if (values_.erase(key) == 0) {
        return absl::NotFoundError(fmt::format("unknown key \"{}\"", key));
      }
      return absl::OkStatus();
    }
    values_[key] = Value{change["value"].get<int64_t>(), entry, at};
    return absl::OkStatus();
  }
  const std::map<std::string, Value>& values() const { return values_; }

 private:
  std::map<std::string, Value> values_;
};

}  // namespace leotwin::ledger::testing
