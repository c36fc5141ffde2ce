#include "common.h"

#include <Python.h>

#include "fmt/format.h"

namespace leotwin::python {
namespace {

// Exception classes, created once in RegisterExceptions (module lifetime = process lifetime).
PyObject* g_error = nullptr;             // leotwin.Error(Exception): any other code
PyObject* g_invalid_argument = nullptr;  // InvalidArgument(Error, ValueError)
PyObject* g_out_of_range = nullptr;      // OutOfRange(Error, ValueError)
PyObject* g_not_found = nullptr;         // NotFound(Error, LookupError)
PyObject* g_data_loss = nullptr;         // DataLoss(Error): a damaged ledger

PyObject* NewException(py::module_& m, const char* name, PyObject* bases, const char* doc) {
  const std::string qualified = fmt::format("leotwin.{}", name);
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases, nullptr);
  if (type == nullptr) throw py::error_already_set();
  m.add_object(name, py::handle(type));  // add_object increments the reference it stores
  return type;
}

}  // namespace

void RegisterExceptions(py::module_& m) {
  g_error = NewException(m, "Error", PyExc_Exception,
                         "A leotwin error; the message is the one the CLI prints.");
  auto bases = [](PyObject* a, PyObject* b) {
    return py::make_tuple(py::handle(a), py::handle(b));
  };
  g_invalid_argument = NewException(m, "InvalidArgument", bases(g_error, PyExc_ValueError).ptr(),
                                    "A bad argument (absl InvalidArgument); also a ValueError.");
  g_out_of_range = NewException(
      m, "OutOfRange", bases(g_error, PyExc_ValueError).ptr(),
      "A request over a bound on work or memory (absl OutOfRange); also a ValueError.");
  g_not_found = NewException(m, "NotFound", bases(g_error, PyExc_LookupError).ptr(),
                             "A file, place, preset or satellite that does not exist (absl "
                             "NotFound); also a LookupError.");
  g_data_loss = NewException(m, "DataLoss", g_error,
                             "A damaged ledger or file that cannot be trusted (absl DataLoss).");
}

void ThrowStatus(const Status& status) {
  PyObject* type = g_error;
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
      type = g_invalid_argument;
      break;
    case absl::StatusCode::kOutOfRange:
      type = g_out_of_range;
      break;
    case absl::StatusCode::kNotFound:
      type = g_not_found;
      break;
    case absl::StatusCode::kDataLoss:
      type = g_data_loss;
      break;
    default:
      break;
  }
  py::gil_scoped_acquire gil;  // Callers may have released it.
  PyErr_SetString(type, std::string(status.message()).c_str());
  throw py::error_already_set();
}

void ThrowInvalid(const std::string& message) { ThrowStatus(absl::InvalidArgumentError(message)); }

SimTime InstantArg(const py::handle& value, std::string_view name) {
  if (py::isinstance<py::str>(value)) {
    auto t = SimTime::Parse(value.cast<std::string>());
    if (!t.ok()) ThrowInvalid(fmt::format("{}: {}", name, std::string(t.status().message())));
    return *t;
  }
  if (py::isinstance<py::int_>(value)) return SimTime::FromUnixNanos(value.cast<int64_t>());
  ThrowInvalid(fmt::format("{}: expected an ISO 8601 string or int64 Unix nanoseconds", name));
}

std::vector<SimTime> InstantsArg(const py::array_t<int64_t, py::array::c_style>& ns) {
  if (ns.ndim() != 1) ThrowInvalid("times: expected a one-dimensional array of instants");
  std::vector<SimTime> out;
  out.reserve(static_cast<size_t>(ns.shape(0)));
  const int64_t* p = ns.data();
  for (py::ssize_t i = 0; i < ns.shape(0); ++i) out.push_back(SimTime::FromUnixNanos(p[i]));
  return out;
}

}  // namespace leotwin::python

PYBIND11_MODULE(_core, m) {
  namespace lp = leotwin::python;
  m.doc() =
      "leotwin's C++ core (the binding behind `import leotwin`; use the package, not this "
      "module). Instants are int64 Unix nanoseconds (UTC); distances km; angles degrees.";
  lp::RegisterExceptions(m);
  lp::RegisterOrbit(m);
  lp::RegisterNetwork(m);
  lp::RegisterCoverage(m);
  lp::RegisterPolicy(m);
}
