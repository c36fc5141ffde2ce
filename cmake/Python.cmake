# Whether the Python module (python/) can be built: the interpreter with its headers and NumPy,
# and pybind11 (Debian python3-dev, python3-numpy, pybind11-dev). Included before the layers are
# added because a shared module can only link position-independent code: when the module is
# built, every library is compiled with -fPIC (and -fno-semantic-interposition, so that PIC does
# not stop GCC from inlining or cloning the libraries' own global functions; executables stay
# PIE). Sets LEOTWIN_PYTHON_FOUND.
set(LEOTWIN_PYTHON_FOUND OFF)
if(NOT LEOTWIN_PYTHON OR LEOTWIN_FUZZ)
  return()
endif()
# Debian's interpreter (/usr/bin/python3) is the one with python3-numpy and python3-pytest; prefer
# it over another python3 earlier on PATH (pyenv, venvs) unless Python_EXECUTABLE is given.
if(NOT DEFINED Python_EXECUTABLE AND EXISTS /usr/bin/python3)
  set(Python_EXECUTABLE /usr/bin/python3)
endif()
find_package(Python 3.9 COMPONENTS Interpreter Development.Module QUIET)
if(Python_FOUND)
  set(PYBIND11_FINDPYTHON ON)
  find_package(pybind11 2.6 CONFIG QUIET)
  execute_process(COMMAND ${Python_EXECUTABLE} -c "import numpy"
                  RESULT_VARIABLE leotwin_numpy_result OUTPUT_QUIET ERROR_QUIET)
endif()
if(NOT Python_FOUND OR NOT pybind11_FOUND OR NOT leotwin_numpy_result EQUAL 0)
  message(STATUS "leotwin Python module: skipped (needs python3-dev, python3-numpy and "
                 "pybind11-dev; scripts/install-deps.sh installs them)")
  return()
endif()
set(LEOTWIN_PYTHON_FOUND ON)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
target_compile_options(leotwin_options INTERFACE -fno-semantic-interposition)
message(STATUS "leotwin Python module: ${Python_EXECUTABLE} (${Python_VERSION}), "
               "pybind11 ${pybind11_VERSION}; libraries compiled position-independent")
