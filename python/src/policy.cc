// The policy ledger, read-only: open a ledger file, decide for arrays of positions, explain one
// decision, verify the chain. The same calls as `leotwin policy decide|explain` and
// `leotwin ledger verify`: ledger::Ledger::OpenReadOnly, Ledger::StateAt + policy::Decide /
// policy::Authorize (the functions behind Ledger::Explain), Ledger::Explain, Ledger::VerifyFile.
#include "leotwin/policy/policy.h"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common.h"
#include "fmt/format.h"
#include "leotwin/cli/common.h"
#include "leotwin/ledger/ledger.h"
#include "leotwin/policy/decision.h"

namespace leotwin::python {
namespace {

constexpr int kReasonCount = static_cast<int>(policy::ReasonCode::kInvalidPosition) + 1;

struct PyLedger {
  std::string path;
  std::optional<ledger::Ledger> ledger;
  std::mutex mu;  // Ledger queries update the journal's caches: one at a time.
};

std::shared_ptr<PyLedger> Open(const std::string& path_arg) {
  auto out = std::make_shared<PyLedger>();
  out->path = path_arg.empty() ? ledger::DefaultLedgerPath() : path_arg;
  Check(cli::CheckLedgerPath(out->path));  // the CLI's messages for a missing file or a folder
  StatusOr<ledger::Ledger> opened;
  {
    py::gil_scoped_release release;
    opened = ledger::Ledger::OpenReadOnly(out->path);
  }
  out->ledger.emplace(Unwrap(std::move(opened)));
  return out;
}

// Decisions for n points. `terminals` has n ids or one for all; `at_ns` n instants or one.
py::dict Decide(PyLedger& l, const std::vector<std::string>& terminals,
                const py::array_t<double, py::array::c_style>& lat,
                const py::array_t<double, py::array::c_style>& lon,
                const py::array_t<double, py::array::c_style>& speed,
                const py::array_t<int64_t, py::array::c_style>& at_ns, bool with_rules) {
  const auto n = static_cast<size_t>(lat.size());
  if (static_cast<size_t>(lon.size()) != n || static_cast<size_t>(speed.size()) != n) {
    ThrowInvalid("decide: lat, lon and speed must have the same length");
  }
  if (!(terminals.size() == n || terminals.size() == 1)) {
    ThrowInvalid(fmt::format("decide: {} terminal ids for {} positions (give one or one each)",
                             terminals.size(), n));
  }
  if (!(static_cast<size_t>(at_ns.size()) == n || at_ns.size() == 1)) {
    ThrowInvalid(fmt::format("decide: {} instants for {} positions (give one or one each)",
                             at_ns.size(), n));
  }
  std::vector<uint8_t> allowed(n), reason(n);
  std::vector<int64_t> entry(n);
  std::vector<std::string> rules(with_rules ? n : 0), territories(with_rules ? n : 0);
  {
    py::gil_scoped_release release;
    std::lock_guard lock(l.mu);
    std::map<int64_t, ledger::LedgerState> states;  // one replay per distinct instant
    const double *plat = lat.data(), *plon = lon.data(), *pspeed = speed.data();
    const int64_t* pat = at_ns.data();
    for (size_t i = 0; i < n; ++i) {
      const int64_t t_ns = pat[at_ns.size() == 1 ? 0 : i];
      auto it = states.find(t_ns);
      if (it == states.end()) {
        it = states.emplace(t_ns, Unwrap(l.ledger->StateAt(SimTime::FromUnixNanos(t_ns)))).first;
      }
      const policy::Policy& pol = ledger::PolicyOf(it->second);
      const SimTime t = SimTime::FromUnixNanos(t_ns);
      const std::string& id = terminals[terminals.size() == 1 ? 0 : i];
      const std::optional<policy::Terminal> term = pol.FindTerminal(id);
      if (term && !with_rules) {  // the allocation-free path
        const policy::FastDecision d = policy::Decide(pol, *term, plat[i], plon[i], pspeed[i], t);
        allowed[i] = d.allowed, reason[i] = static_cast<uint8_t>(d.reason);
        entry[i] = d.ledger_entry_id;
        continue;
      }
      const policy::Decision d = policy::Authorize(pol, id, plat[i], plon[i], pspeed[i], t);
      allowed[i] = d.allowed, reason[i] = static_cast<uint8_t>(d.reason);
      entry[i] = d.ledger_entry_id;
      if (with_rules) rules[i] = d.rule_id, territories[i] = d.territory;
    }
  }
  py::dict out;
  py::array_t<bool> allowed_array(static_cast<py::ssize_t>(n));
  for (size_t i = 0; i < n; ++i) allowed_array.mutable_at(static_cast<py::ssize_t>(i)) = allowed[i];
  out["allowed"] = allowed_array;
  out["reason"] = AdoptVector(std::move(reason));
  out["ledger_entry"] = AdoptVector(std::move(entry));
  out["rule"] = with_rules ? py::object(py::cast(rules)) : py::object(py::none());
  out["territory"] = with_rules ? py::object(py::cast(territories)) : py::object(py::none());
  return out;
}

py::tuple Explain(PyLedger& l, const std::string& terminal, double lat, double lon, double speed,
                  int64_t at_ns) {
  StatusOr<ledger::Explanation> x;
  {
    py::gil_scoped_release release;
    std::lock_guard lock(l.mu);
    x = l.ledger->Explain(terminal, lat, lon, speed, SimTime::FromUnixNanos(at_ns));
  }
  const ledger::Explanation e = Unwrap(std::move(x));
  return py::make_tuple(e.ToText(), e.ToJson().dump());
}

// `leotwin ledger verify`: the whole file re-checked from the genesis (a damaged file is a
// report with ok False, not an exception, as the CLI prints it).
py::dict Verify(const std::string& path_arg, const std::optional<std::string>& expect_head) {
  const std::string path = path_arg.empty() ? ledger::DefaultLedgerPath() : path_arg;
  Check(cli::CheckLedgerPath(path));
  StatusOr<ledger::VerifyReport> report;
  {
    py::gil_scoped_release release;
    auto initial = policy::Policy::CreateDefault();
    if (!initial.ok()) {
      report = initial.status();
    } else {
      report = ledger::Ledger::VerifyFile(path, std::move(*initial), expect_head);
    }
  }
  const ledger::VerifyReport r = Unwrap(std::move(report));
  py::dict out;
  out["ok"] = r.ok, out["entries"] = r.entries, out["verified"] = r.verified;
  out["first_bad_seq"] = r.first_bad_seq, out["problem"] = r.problem;
  out["head_seq"] = r.head.seq, out["head_hash"] = r.head.hash;
  out["ledger_id"] = r.ledger_id;
  return out;
}

}  // namespace

void RegisterPolicy(py::module_& m) {
  py::class_<PyLedger, std::shared_ptr<PyLedger>>(
      m, "LedgerFile", "A policy ledger opened read-only (build with leotwin.Ledger(path)).")
      .def_readonly("path", &PyLedger::path)
      .def_property_readonly("id", [](const PyLedger& l) { return l.ledger->id(); })
      .def_property_readonly("head_seq",
                             [](const PyLedger& l) { return l.ledger->state().head().seq; })
      .def_property_readonly("head_hash",
                             [](const PyLedger& l) { return l.ledger->state().head().hash; })
      .def_property_readonly("terminals", [](const PyLedger& l) {
        std::vector<std::string> ids;
        for (const policy::Terminal& t : l.ledger->policy().terminals()) ids.push_back(t.id);
        return ids;
      });
  m.def("open_ledger", &Open, py::arg("path"));
  m.def("decide", &Decide, py::arg("ledger"), py::arg("terminals"), py::arg("lat"), py::arg("lon"),
        py::arg("speed"), py::arg("at_ns"), py::arg("with_rules"));
  m.def("explain", &Explain, py::arg("ledger"), py::arg("terminal"), py::arg("lat"), py::arg("lon"),
        py::arg("speed"), py::arg("at_ns"));
  m.def("verify_ledger", &Verify, py::arg("path"), py::arg("expect_head"));
  std::vector<std::string> names;
  for (int k = 0; k < kReasonCount; ++k) {
    names.emplace_back(policy::ReasonCodeName(static_cast<policy::ReasonCode>(k)));
  }
  m.attr("REASON_NAMES") = py::tuple(py::cast(names));
  m.def("wall_clock_ns", [] {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  });
}

}  // namespace leotwin::python
