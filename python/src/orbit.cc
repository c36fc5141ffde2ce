// Elements, propagation, look angles and passes (orbit/). Every number comes from the library:
// orbit::LoadConstellation, orbit::BatchPropagator, orbit::EcefToGeodetic, orbit::Topocentric and
// orbit::FindPasses, the functions behind `leotwin propagate` and `leotwin passes`.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common.h"
#include "fmt/format.h"
#include "leotwin/orbit/batch_propagator.h"
#include "leotwin/orbit/constellation_source.h"
#include "leotwin/orbit/frames.h"
#include "leotwin/orbit/passes.h"
#include "leotwin/orbit/walker.h"
#include "orbit_binding.h"

namespace leotwin::python {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int64_t kMaxInstants = 100'000'000;

enum class Frame { kTeme, kEcef, kGeodetic };

Frame FrameArg(const std::string& frame) {
  if (frame == "teme") return Frame::kTeme;
  if (frame == "ecef") return Frame::kEcef;
  if (frame == "geodetic") return Frame::kGeodetic;
  // The CLI's message for --frame (cli/propagate.cc), without the dashes.
  ThrowInvalid(fmt::format("frame \"{}\": expected teme, ecef or geodetic", frame));
}

std::shared_ptr<PyConstellation> Load(const std::string& source, std::optional<int64_t> epoch_ns,
                                      bool strict) {
  orbit::ConstellationSourceOptions options;
  if (epoch_ns) options.preset_epoch = SimTime::FromUnixNanos(*epoch_ns);
  options.load.strict = strict;
  StatusOr<orbit::LoadedConstellation> loaded;
  {
    py::gil_scoped_release release;
    loaded = orbit::LoadConstellation(source, options);
  }
  auto out = std::make_shared<PyConstellation>();
  out->source = source;
  auto value = Unwrap(std::move(loaded));
  out->skipped_count = value.skipped_count;
  for (const auto& s : value.skipped) out->skipped.push_back(s.message);
  out->from_preset = value.from_preset;
  out->constellation = std::make_shared<const orbit::Constellation>(std::move(value.constellation));
  out->MakePropagator();
  return out;
}

// (satellites, times, 3) float64 over a (times, 3, satellites) buffer: each instant's struct of
// arrays from the propagator is copied in with three memcpy calls, and the view's strides put the
// satellite first without a transposition.
struct TimeMajor {
  py::array_t<double> buffer;
  py::array_t<int32_t> errors_buffer;
  size_t sats, times;
  TimeMajor(size_t s, size_t t)
      : buffer({static_cast<py::ssize_t>(t), py::ssize_t{3}, static_cast<py::ssize_t>(s)}),
        errors_buffer({static_cast<py::ssize_t>(t), static_cast<py::ssize_t>(s)}),
        sats(s),
        times(t) {}
  double* component(size_t k, int c) { return buffer.mutable_data() + (k * 3 + c) * sats; }
  int32_t* errors(size_t k) { return errors_buffer.mutable_data() + k * sats; }
  py::array View() const {
    const auto d = static_cast<py::ssize_t>(sizeof(double));
    const auto s = static_cast<py::ssize_t>(sats);
    return py::array(py::dtype::of<double>(), {s, static_cast<py::ssize_t>(times), py::ssize_t{3}},
                     {d, 3 * s * d, s * d}, buffer.data(), buffer);
  }
  py::array ErrorView() const {
    const auto d = static_cast<py::ssize_t>(sizeof(int32_t));
    const auto s = static_cast<py::ssize_t>(sats);
    return py::array(py::dtype::of<int32_t>(), {s, static_cast<py::ssize_t>(times)}, {d, s * d},
                     errors_buffer.data(), errors_buffer);
  }
};

py::tuple Propagate(const PyConstellation& c, const py::array_t<int64_t, py::array::c_style>& ns,
                    const std::string& frame_name, bool velocities, py::object progress_callback) {
  const Frame frame = FrameArg(frame_name);
  const std::vector<SimTime> times = InstantsArg(ns);
  const size_t n = c.constellation->size();
  TimeMajor pos(n, times.size());
  std::optional<TimeMajor> vel;
  if (velocities) vel.emplace(n, times.size());
  const Progress progress(std::move(progress_callback), static_cast<int64_t>(times.size()));
  const size_t report_every = std::max<size_t>(1, times.size() / 100);
  {
    py::gil_scoped_release release;
    orbit::SatelliteStates states;
    for (size_t k = 0; k < times.size(); ++k) {
      if (frame == Frame::kTeme) {
        c.propagator->PropagateTeme(times[k], &states);
      } else {
        c.propagator->PropagateEcef(times[k], &states);
      }
      if (frame == Frame::kGeodetic) {
        double* lat = pos.component(k, 0);
        double* lon = pos.component(k, 1);
        double* h = pos.component(k, 2);
        for (size_t i = 0; i < n; ++i) {
          const orbit::Geodetic g =
              orbit::EcefToGeodetic(EcefVector{states.x[i], states.y[i], states.z[i]});
          lat[i] = g.latitude_deg, lon[i] = g.longitude_deg, h[i] = g.height_km;
        }
      } else {
        std::memcpy(pos.component(k, 0), states.x.data(), n * sizeof(double));
        std::memcpy(pos.component(k, 1), states.y.data(), n * sizeof(double));
        std::memcpy(pos.component(k, 2), states.z.data(), n * sizeof(double));
      }
      if (vel) {  // km/s in TEME or ECEF (for geodetic: ECEF, as the propagator gives it)
        std::memcpy(vel->component(k, 0), states.vx.data(), n * sizeof(double));
        std::memcpy(vel->component(k, 1), states.vy.data(), n * sizeof(double));
        std::memcpy(vel->component(k, 2), states.vz.data(), n * sizeof(double));
      }
      std::copy(states.error.begin(), states.error.end(), pos.errors(k));
      if (progress.enabled() && ((k + 1) % report_every == 0 || k + 1 == times.size())) {
        progress.Report(static_cast<int64_t>(k + 1));
      }
    }
  }
  return py::make_tuple(pos.View(), vel ? py::object(vel->View()) : py::object(py::none()),
                        pos.ErrorView());
}

// Zero-copy: the arrays are views of the propagator's own output vectors, kept alive by a
// capsule that owns them.
py::dict StatesAt(const PyConstellation& c, int64_t t_ns, const std::string& frame_name) {
  const Frame frame = FrameArg(frame_name);
  if (frame == Frame::kGeodetic) {
    ThrowInvalid("frame \"geodetic\": states_at gives teme or ecef states (use propagate)");
  }
  auto* states = new orbit::SatelliteStates();
  py::capsule owner(states, [](void* p) { delete static_cast<orbit::SatelliteStates*>(p); });
  {
    py::gil_scoped_release release;
    if (frame == Frame::kTeme) {
      c.propagator->PropagateTeme(SimTime::FromUnixNanos(t_ns), states);
    } else {
      c.propagator->PropagateEcef(SimTime::FromUnixNanos(t_ns), states);
    }
  }
  const auto n = static_cast<py::ssize_t>(states->size());
  auto view = [&](std::vector<double>& v) {
    return py::array_t<double>({n}, {py::ssize_t{8}}, v.data(), owner);
  };
  py::dict out;
  out["x"] = view(states->x), out["y"] = view(states->y), out["z"] = view(states->z);
  out["vx"] = view(states->vx), out["vy"] = view(states->vy), out["vz"] = view(states->vz);
  out["error"] =
      py::array_t<int>({n}, {static_cast<py::ssize_t>(sizeof(int))}, states->error.data(), owner);
  return out;
}

void CheckFiniteIn(double v, double lo, double hi, const char* name) {
  // The wording of the CLI's FiniteIn validator (cli/common.cc).
  if (!std::isfinite(v) || v < lo || v > hi) {
    ThrowInvalid(fmt::format("{}: {} is not a finite number in [{:g}, {:g}]", name, v, lo, hi));
  }
}

orbit::Geodetic SiteArg(double lat, double lon, double height_m) {
  CheckFiniteIn(lat, -90.0, 90.0, "lat");
  CheckFiniteIn(lon, -180.0, 360.0, "lon");
  CheckFiniteIn(height_m, -500.0, 50'000.0, "height");
  return orbit::Geodetic{lat, lon, height_m / 1000.0};
}

py::dict LookAngles(const PyConstellation& c, const py::array_t<int64_t, py::array::c_style>& ns,
                    double lat, double lon, double height_m) {
  const orbit::Topocentric site(SiteArg(lat, lon, height_m));
  const std::vector<SimTime> times = InstantsArg(ns);
  const size_t n = c.constellation->size(), t = times.size();
  const std::vector<py::ssize_t> shape = {static_cast<py::ssize_t>(n), static_cast<py::ssize_t>(t)};
  py::array_t<double> az(shape), el(shape), range(shape), rate(shape);
  {
    py::gil_scoped_release release;
    double *paz = az.mutable_data(), *pel = el.mutable_data();
    double *prange = range.mutable_data(), *prate = rate.mutable_data();
    orbit::SatelliteStates s;
    for (size_t k = 0; k < t; ++k) {
      c.propagator->PropagateEcef(times[k], &s);
      for (size_t i = 0; i < n; ++i) {
        const size_t at = i * t + k;
        if (s.error[i] != 0 || !std::isfinite(s.x[i])) {
          paz[at] = pel[at] = prange[at] = prate[at] = kNaN;
          continue;
        }
        const orbit::LookAngles a =
            site.Look(EcefVector{s.x[i], s.y[i], s.z[i]}, EcefVector{s.vx[i], s.vy[i], s.vz[i]});
        paz[at] = a.azimuth_deg, pel[at] = a.elevation_deg;
        prange[at] = a.range_km, prate[at] = a.range_rate_km_s;
      }
    }
  }
  py::dict out;
  out["azimuth_deg"] = az, out["elevation_deg"] = el;
  out["range_km"] = range, out["range_rate_km_s"] = rate;
  return out;
}

// Passes of every satellite over a site in [start, end], sorted by rise (as `leotwin passes`).
py::dict Passes(const PyConstellation& c, double lat, double lon, double height_m, int64_t start_ns,
                int64_t end_ns, double min_elevation_deg, int64_t max_satellites,
                py::object progress_callback) {
  const orbit::Geodetic site = SiteArg(lat, lon, height_m);
  CheckFiniteIn(min_elevation_deg, -90.0, 89.9, "min_elevation");
  const size_t n = c.constellation->size();
  if (static_cast<int64_t>(n) > max_satellites) {
    // The CLI's bound (`passes --max-satellites`, default 2000), named for Python.
    Check(absl::OutOfRangeError(
        fmt::format("{} satellites match; narrow them with select(), or raise max_satellites", n)));
  }
  orbit::PassOptions options;
  options.min_elevation_deg = min_elevation_deg;
  struct Row {
    size_t sat;
    orbit::Pass pass;
  };
  std::vector<Row> rows;
  const Progress progress(std::move(progress_callback), static_cast<int64_t>(n));
  {
    py::gil_scoped_release release;
    for (size_t i = 0; i < n; ++i) {
      const auto passes =
          orbit::FindPasses(c.propagator->scalar(i), site, SimTime::FromUnixNanos(start_ns),
                            SimTime::FromUnixNanos(end_ns), options);
      Check(passes.status());
      for (const orbit::Pass& p : *passes) rows.push_back({i, p});
      if (progress.enabled() && ((i + 1) % 64 == 0 || i + 1 == n)) {
        progress.Report(static_cast<int64_t>(i + 1));
      }
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Row& a, const Row& b) { return a.pass.rise < b.pass.rise; });
  }
  const auto m = static_cast<py::ssize_t>(rows.size());
  py::array_t<int64_t> sat(m), catalog(m), rise(m), culmination(m), set(m);
  py::array_t<double> max_el(m), rise_az(m), culmination_az(m), set_az(m);
  py::array_t<bool> before(m), after(m);
  for (py::ssize_t k = 0; k < m; ++k) {
    const Row& r = rows[static_cast<size_t>(k)];
    sat.mutable_at(k) = static_cast<int64_t>(r.sat);
    catalog.mutable_at(k) = c.constellation->elements[r.sat].catalog_number;
    rise.mutable_at(k) = r.pass.rise.unix_nanos();
    culmination.mutable_at(k) = r.pass.culmination.unix_nanos();
    set.mutable_at(k) = r.pass.set.unix_nanos();
    max_el.mutable_at(k) = r.pass.max_elevation_deg;
    rise_az.mutable_at(k) = r.pass.rise_azimuth_deg;
    culmination_az.mutable_at(k) = r.pass.culmination_azimuth_deg;
    set_az.mutable_at(k) = r.pass.set_azimuth_deg;
    before.mutable_at(k) = r.pass.rise_before_window;
    after.mutable_at(k) = r.pass.set_after_window;
  }
  py::dict out;
  out["satellite"] = sat, out["catalog_number"] = catalog;
  out["rise"] = rise, out["culmination"] = culmination, out["set"] = set;
  out["max_elevation_deg"] = max_el, out["rise_azimuth_deg"] = rise_az;
  out["culmination_azimuth_deg"] = culmination_az, out["set_azimuth_deg"] = set_az;
  out["rise_before_window"] = before, out["set_after_window"] = after;
  return out;
}

py::list Shells(const orbit::Constellation& c) {
  py::list out;
  for (const auto& s : c.shells) {
    py::dict d;
    d["name"] = s.name, d["planes"] = s.planes, d["sats_per_plane"] = s.sats_per_plane;
    d["phasing"] = s.phasing, d["altitude_km"] = s.altitude_km;
    d["inclination_deg"] = s.inclination_deg, d["raan_spread_deg"] = s.raan_spread_deg;
    out.append(d);
  }
  return out;
}

}  // namespace

void PyConstellation::MakePropagator() {
  StatusOr<orbit::BatchPropagator> p;
  {
    py::gil_scoped_release release;
    p = orbit::BatchPropagator::Create(constellation->elements);
  }
  propagator = std::make_shared<const orbit::BatchPropagator>(Unwrap(std::move(p)));
}

std::shared_ptr<PyConstellation> PyConstellation::Select(
    const std::vector<int64_t>& catalog_numbers) const {
  auto out = std::make_shared<PyConstellation>(*this);
  orbit::Constellation subset;
  subset.name = constellation->name;
  subset.shells = constellation->shells;
  for (size_t i = 0; i < constellation->size(); ++i) {
    const auto& e = constellation->elements[i];
    if (std::find(catalog_numbers.begin(), catalog_numbers.end(), e.catalog_number) !=
        catalog_numbers.end()) {
      subset.elements.push_back(e);
      subset.slots.push_back(constellation->slots[i]);
    }
  }
  if (subset.elements.empty()) {
    // The CLI's message for --catalog (cli/propagate.cc).
    Check(absl::NotFoundError("no satellite matches --catalog in that constellation"));
  }
  out->constellation = std::make_shared<const orbit::Constellation>(std::move(subset));
  out->MakePropagator();
  return out;
}

void RegisterOrbit(py::module_& m) {
  py::class_<PyConstellation, std::shared_ptr<PyConstellation>>(
      m, "Constellation",
      "Element sets (SGP4 initialized once) of a preset or an element file. Build with "
      "leotwin.load().")
      .def("__len__", [](const PyConstellation& c) { return c.constellation->size(); })
      .def_property_readonly("name", [](const PyConstellation& c) { return c.constellation->name; })
      .def_readonly("source", &PyConstellation::source)
      .def_readonly("skipped_count", &PyConstellation::skipped_count)
      .def_readonly("skipped", &PyConstellation::skipped)
      .def_readonly("from_preset", &PyConstellation::from_preset)
      .def_property_readonly("catalog_numbers",
                             [](const PyConstellation& c) {
                               std::vector<int64_t> v;
                               for (const auto& e : c.constellation->elements) {
                                 v.push_back(e.catalog_number);
                               }
                               return AdoptVector(std::move(v));
                             })
      .def_property_readonly("names",
                             [](const PyConstellation& c) {
                               std::vector<std::string> v;
                               for (const auto& e : c.constellation->elements) v.push_back(e.name);
                               return v;
                             })
      .def_property_readonly("epochs_ns",
                             [](const PyConstellation& c) {
                               std::vector<int64_t> v;
                               for (const auto& e : c.constellation->elements) {
                                 v.push_back(e.epoch.unix_nanos());
                               }
                               return AdoptVector(std::move(v));
                             })
      .def_property_readonly("shells",
                             [](const PyConstellation& c) { return Shells(*c.constellation); })
      .def("select", &PyConstellation::Select, py::arg("catalog_numbers"));

  m.def("load", &Load, py::arg("source"), py::arg("epoch_ns") = py::none(),
        py::arg("strict") = false);
  m.def("propagate", &Propagate, py::arg("constellation"), py::arg("times_ns"), py::arg("frame"),
        py::arg("velocities"), py::arg("progress"));
  m.def("states_at", &StatesAt, py::arg("constellation"), py::arg("t_ns"), py::arg("frame"));
  m.def("look_angles", &LookAngles, py::arg("constellation"), py::arg("times_ns"), py::arg("lat"),
        py::arg("lon"), py::arg("height_m"));
  m.def("passes", &Passes, py::arg("constellation"), py::arg("lat"), py::arg("lon"),
        py::arg("height_m"), py::arg("start_ns"), py::arg("end_ns"), py::arg("min_elevation_deg"),
        py::arg("max_satellites"), py::arg("progress"));
  m.def("presets", [] {
    py::list out;
    for (const auto& p : orbit::ConstellationPresets()) {
      out.append(py::make_tuple(std::string(p.name), std::string(p.description)));
    }
    return out;
  });
  m.def(
      "parse_instant",
      [](const py::object& value, const std::string& name) {
        return InstantArg(value, name).unix_nanos();
      },
      py::arg("value"), py::arg("name"));
  m.def(
      "parse_duration",
      [](const std::string& text, const std::string& name, bool allow_zero) {
        auto d = ParseDuration(text, allow_zero);
        if (!d.ok()) ThrowInvalid(fmt::format("{}: {}", name, std::string(d.status().message())));
        return *d;
      },
      py::arg("text"), py::arg("name"), py::arg("allow_zero") = false);
  m.def(
      "time_grid",
      [](int64_t start_ns, int64_t duration_ns, int64_t step_ns) {
        if (step_ns <= 0 || duration_ns < 0) {
          ThrowInvalid("time_grid: expected step > 0 and duration >= 0");
        }
        const TimeGrid grid =
            TimeGrid::Over(SimTime::FromUnixNanos(start_ns), duration_ns, step_ns);
        if (grid.count > kMaxInstants) {  // the CLI's bound on a time grid (cli/common.h)
          Check(absl::OutOfRangeError(fmt::format(
              "duration at step gives {} instants; the limit is {} (shorten duration or "
              "lengthen step)",
              grid.count, kMaxInstants)));
        }
        std::vector<int64_t> out(static_cast<size_t>(grid.count));
        for (int64_t i = 0; i < grid.count; ++i) out[i] = grid.At(i).unix_nanos();
        return AdoptVector(std::move(out));
      },
      py::arg("start_ns"), py::arg("duration_ns"), py::arg("step_ns"));
  m.def(
      "format_instant", [](int64_t ns) { return SimTime::FromUnixNanos(ns).ToIso8601(); },
      py::arg("t_ns"));
}

}  // namespace leotwin::python
