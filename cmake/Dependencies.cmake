# Every dependency comes from a Debian 12 package (scripts/install-deps.sh installs them).
find_package(absl REQUIRED)
find_package(fmt REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(CLI11 REQUIRED)
find_package(OpenMP REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(SQLite3 REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
find_package(tomlplusplus QUIET)

# libs2-dev ships no CMake config; it is a plain shared library with headers in /usr/include/s2.
find_library(S2_LIBRARY NAMES s2 REQUIRED)
find_path(S2_INCLUDE_DIR NAMES s2/s2latlng.h REQUIRED)
if(NOT TARGET s2::s2)
  add_library(s2::s2 UNKNOWN IMPORTED)
  set_target_properties(s2::s2 PROPERTIES IMPORTED_LOCATION ${S2_LIBRARY}
                                          INTERFACE_INCLUDE_DIRECTORIES ${S2_INCLUDE_DIR})
  target_link_libraries(s2::s2 INTERFACE absl::base absl::strings absl::flat_hash_map
                                         absl::btree absl::span)
endif()

# cpp-httplib is header-plus-library in Debian (libcpp-httplib-dev).
find_path(HTTPLIB_INCLUDE_DIR NAMES httplib.h)
find_library(HTTPLIB_LIBRARY NAMES cpp-httplib)

if(LEOTWIN_BUILD_TESTS AND NOT LEOTWIN_FUZZ)
  find_package(GTest REQUIRED)
  include(GoogleTest)
endif()
if(LEOTWIN_BUILD_BENCH AND NOT LEOTWIN_FUZZ)
  find_package(benchmark REQUIRED)
endif()
