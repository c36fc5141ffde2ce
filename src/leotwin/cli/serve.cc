// `leotwin serve`: the digital twin's web server. Loads the scenario once (constellation, ground
// segment), then serves the JSON API under /api/v1 and the map (web/dist) on one port, and prints
// the address of the map. Stops cleanly on Ctrl-C / SIGTERM.
//
//   leotwin serve                               # starlink-gen1 on http://127.0.0.1:8080/
//   leotwin serve --scenario demo               # ... with the demo's seeded ledger (run.sh)
//   leotwin serve --port 0 --constellation starlink.tle --web-root web/dist
#include <pthread.h>
#include <signal.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "fmt/format.h"
#include "leotwin/api/endpoints.h"
#include "leotwin/api/server.h"
#include "leotwin/api/twin.h"
#include "leotwin/base/input.h"
#include "leotwin/cli/command.h"
#include "leotwin/cli/common.h"
#include "leotwin/cli/scenario_seed.h"

namespace leotwin::cli {
namespace {

struct ServeArgs {
  int port = 8080;
  std::string host = "127.0.0.1";
  std::string constellation = "starlink-gen1";
  bool constellation_given = false;
  std::string db;
  std::string scenario, state_dir;
  std::string web_root;
  double rate = 100.0;
  double burst = 200.0;
  int threads = 16;
  int max_body_kib = 64;
  bool log = false;
  std::string admin_token_file;
  std::vector<std::string> allow_hosts;
  std::vector<std::string> cors_origins;
  int64_t max_work = api::AdmissionOptions{}.max_request_units;
  double deadline_s = 60;
};

// The admin token: the file's first line, at least 16 characters (guessing must be hopeless; the
// rate limit only slows it).
StatusOr<std::string> ReadAdminToken(const std::string& path) {
  LEOTWIN_ASSIGN_OR_RETURN(const std::string text, ReadFileBounded(path, 4096));
  std::string token = text.substr(0, text.find('\n'));
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
  if (token.size() < 16) {
    return absl::InvalidArgumentError(fmt::format(
        "the admin token in {} has {} characters, fewer than 16 (make one with: head -c 32 "
        "/dev/urandom | base64 > {})",
        path, token.size(), path));
  }
  for (unsigned char c : token) {
    if (c < 0x21 || c > 0x7e) {
      return absl::InvalidArgumentError(
          fmt::format("the admin token in {} must be printable ASCII without spaces", path));
    }
  }
  return token;
}

Status RunServe(const ServeArgs& args) {
  // Block the stop signals in every thread the server starts; one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  std::string admin_token;
  if (!args.admin_token_file.empty()) {
    LEOTWIN_ASSIGN_OR_RETURN(admin_token, ReadAdminToken(args.admin_token_file));
  }
  // A typo'd --db must not start a server without its ledger.
  if (!args.db.empty()) LEOTWIN_RETURN_IF_ERROR(CheckLedgerPath(args.db));

  api::TwinOptions twin_options;
  twin_options.constellation = args.constellation;
  twin_options.db_path = args.db;
  std::string token_in_url;  // the scenario's own admin token goes in the printed address
  if (!args.scenario.empty()) {
    if (!args.db.empty()) {
      return absl::InvalidArgumentError(
          "--scenario seeds its own ledger: give --scenario or --db, not both");
    }
    LEOTWIN_ASSIGN_OR_RETURN(const SeededStory story, LoadAndSeed(args.scenario, args.state_dir));
    twin_options.scenario = story.scenario;
    twin_options.db_path = story.seeded.ledger_path;
    twin_options.require_db = true;
    if (!args.constellation_given) twin_options.constellation = story.scenario->constellation;
    if (admin_token.empty()) {
      LEOTWIN_ASSIGN_OR_RETURN(admin_token, ReadAdminToken(story.seeded.admin_token_path));
      token_in_url = admin_token;
    }
  }
  LEOTWIN_ASSIGN_OR_RETURN(const auto twin, api::Twin::Load(twin_options));
  ReportSkipped(twin_options.constellation, twin->scenario().skipped_count(),
                twin->scenario().skipped());

  api::ServerOptions options;
  options.host = args.host;
  options.port = args.port;
  options.rate_per_second = args.rate;
  options.burst = args.burst;
  options.threads = args.threads;
  options.max_body_bytes = static_cast<size_t>(args.max_body_kib) * 1024;
  options.log_requests = args.log;
  options.admin_token = admin_token;
  options.allowed_hosts = args.allow_hosts;
  options.cors_origins = args.cors_origins;
  options.web_root = args.web_root.empty() ? api::DefaultWebRoot() : args.web_root;
  if (options.web_root.empty()) {
    std::fprintf(stderr,
                 "leotwin: warning: the page is not built (no web/dist/index.html); serving the "
                 "API only. Build it with: cd web && npm ci && npm run build\n");
  }
  api::AdmissionOptions admission;
  admission.max_request_units = args.max_work;
  admission.capacity_units = 2 * args.max_work;
  admission.deadline = std::chrono::milliseconds(static_cast<int64_t>(args.deadline_s * 1000));
  api::HttpServer server(api::BuildRouter(twin, admission), options);
  LEOTWIN_ASSIGN_OR_RETURN(const int port, server.Bind());

  const std::string host = args.host == "0.0.0.0" ? "127.0.0.1" : args.host;
  std::printf("leotwin: %s, %zu satellites, loaded in %.2f s\n", twin->constellation().name.c_str(),
              twin->constellation().size(), twin->load_seconds());
  if (!options.web_root.empty()) {
    // With the scenario's token in the fragment (never sent to the server in a URL, kept by the
    // page for its requests), the map may show the demo's terminals; without it, only what any
    // visitor may see.
    std::printf("leotwin: the map is at http://%s:%d/%s\n", host.c_str(), port,
                token_in_url.empty() ? "" : ("#token=" + token_in_url).c_str());
  }
  std::printf("leotwin: the API is at http://%s:%d/api/v1 (Ctrl-C stops)\n", host.c_str(), port);
  std::fflush(stdout);

  // The map asks for the territories (2 MB of GeoJSON to parse) right after its script: parse
  // them now, while the page loads, so that request is a copy and not heavy work.
  std::thread warm_territories([twin] { (void)twin->TerritoryFeatures(); });
  std::thread waiter([&server, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    server.Stop();
  });
  server.Serve();
  // Serve() returned without a signal (listen failure): wake the waiter.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  warm_territories.join();
  std::printf("leotwin: stopped\n");
  return absl::OkStatus();
}

}  // namespace

LEOTWIN_REGISTER_COMMAND(90, [](CLI::App& app) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd =
      app.add_subcommand("serve",
                         "Serve the twin: the JSON API under /api/v1 and the map, on one port.\n"
                         "Example: leotwin serve --port 8080 --constellation starlink-gen1");
  cmd->add_option("--port,-p", args->port, "TCP port (0 = any free port, printed)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  cmd->add_option("--host", args->host, "Address to listen on (0.0.0.0 for every interface)")
      ->capture_default_str();
  cmd->add_option("--constellation,-c", args->constellation,
                  "Preset (starlink-gen1, starlink-gen2a, kuiper, oneweb, handley2018) or a "
                  "TLE/OMM file (default: the scenario's, else starlink-gen1)")
      ->each([args](const std::string&) { args->constellation_given = true; });
  cmd->add_option("--db", args->db, "Ledger database (SQLite) holding the policy (must exist)")
      ->check(kNonEmptyPath);
  AddScenarioFlags(cmd, args->scenario, args->state_dir);
  cmd->add_option("--web-root", args->web_root,
                  "Directory of the built page (default: web/dist if it has an index.html)");
  cmd->add_option("--rate-limit", args->rate,
                  "Requests per second per client address (0 = no limit)")
      ->check(CLI::Range(0.0, 1e6))
      ->capture_default_str();
  cmd->add_option("--burst", args->burst, "Burst size of the per-client limit")
      ->check(CLI::Range(1.0, 1e6))
      ->capture_default_str();
  cmd->add_option("--threads", args->threads, "Worker threads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--max-body-kib", args->max_body_kib, "Largest request body, KiB")
      ->check(CLI::Range(1, 16384))
      ->capture_default_str();
  cmd->add_flag("--log", args->log, "Log every request on stderr");
  cmd->add_option("--admin-token-file", args->admin_token_file,
                  "File whose first line is the admin token (>= 16 characters): requests with "
                  "'Authorization: Bearer TOKEN' may read terminal data and ask /decide");
  cmd->add_option("--allow-host", args->allow_hosts,
                  "Host name clients may use besides localhost/127.0.0.1/[::1] (repeatable; "
                  "'*' = any, which gives up the DNS-rebinding defence)");
  cmd->add_option("--cors-origin", args->cors_origins,
                  "Origin whose pages may read the API, e.g. https://map.example.org "
                  "(repeatable; '*' = any). Default: same-origin only");
  cmd->add_option("--max-work", args->max_work,
                  "Largest computed cost of one request, in work units (about 1 us each; "
                  "over -> 422)")
      ->check(CLI::Range(int64_t{1000}, int64_t{1'000'000'000'000}))
      ->capture_default_str();
  cmd->add_option("--deadline", args->deadline_s, "Deadline of heavy requests, seconds")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  cmd->callback(Runs([args] { return RunServe(*args); }));
});

}  // namespace leotwin::cli
