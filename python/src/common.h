// Shared by the binding's source files: Status -> Python exception, instants and arrays.
//
// Conventions of the whole module (python/leotwin/__init__.py documents them for users):
// - instants are int64 nanoseconds since 1970-01-01T00:00:00 UTC (numpy datetime64[ns] as int64),
//   exactly leotwin::SimTime::unix_nanos(); the Python layer converts datetime64/str/datetime;
// - errors keep the library's message (the text the CLI prints after "leotwin: ") and map the
//   absl code to an exception class (see RegisterExceptions);
// - long calls release the GIL; progress callbacks are called with the GIL held.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>  // std::vector, std::optional, std::pair arguments and results

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::python {

namespace py = pybind11;

// Creates leotwin._core.Error and its subclasses in `m` (once per process).
void RegisterExceptions(py::module_& m);

// Raises the Python exception for a non-OK status (message unchanged). REQUIRES: !status.ok().
[[noreturn]] void ThrowStatus(const Status& status);

inline void Check(const Status& status) {
  if (!status.ok()) ThrowStatus(status);
}
template <typename T>
T Unwrap(StatusOr<T>&& value) {
  if (!value.ok()) ThrowStatus(value.status());
  return std::move(*value);
}

// InvalidArgument with this message, raised as a Python exception.
[[noreturn]] void ThrowInvalid(const std::string& message);

// An instant from int64 Unix nanoseconds or an ISO 8601 string (the library's parser; errors are
// "<name>: <parser message>", as the CLI's "--<flag>: <parser message>").
SimTime InstantArg(const py::handle& value, std::string_view name);

// A 1-D int64 array (Unix nanoseconds) as SimTimes.
std::vector<SimTime> InstantsArg(const py::array_t<int64_t, py::array::c_style>& ns);

// A 1-D int64 array of nanoseconds owning `values` without copying (the vector moves into a
// capsule that frees it with the array).
template <typename T>
py::array_t<T> AdoptVector(std::vector<T>&& values) {
  auto* owned = new std::vector<T>(std::move(values));
  py::capsule free_when_done(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>({static_cast<py::ssize_t>(owned->size())}, {sizeof(T)}, owned->data(),
                        free_when_done);
}

// Progress: calls `callback(done, total)` with the GIL held when it is not None; an exception the
// callback raises propagates (py::error_already_set). Hidden like pybind11's own types (it holds a
// py::object), whatever the visibility pragmas of headers included before this one.
class __attribute__((visibility("hidden"))) Progress {
 public:
  Progress(py::object callback, int64_t total) : callback_(std::move(callback)), total_(total) {}
  void Report(int64_t done) const {
    if (callback_.is_none()) return;
    py::gil_scoped_acquire gil;
    callback_(done, total_);
  }
  bool enabled() const { return !callback_.is_none(); }

 private:
  py::object callback_;
  int64_t total_;
};

void RegisterOrbit(py::module_& m);
void RegisterNetwork(py::module_& m);
void RegisterCoverage(py::module_& m);
void RegisterPolicy(py::module_& m);

}  // namespace leotwin::python
