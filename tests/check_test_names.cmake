# Fails if a Catch2 test name holds a semicolon. catch_discover_tests hands each name to
# CTest as a list element, and CMake splits lists at semicolons: such a test is
# registered under part of its name, matches nothing, and "passes" without running.
# Run as: cmake -DROOT=<repository> -P check_test_names.cmake
file(GLOB_RECURSE sources "${ROOT}/server/*.cpp" "${ROOT}/protocol/*.cpp" "${ROOT}/storage/*.cpp"
     "${ROOT}/tests/*.cpp")
set(bad "")
foreach(source ${sources})
  file(READ "${source}" content)
  if(content MATCHES "TEST_CASE\\(\"[^\"]*;[^\"]*\"")
    list(APPEND bad "${source}")
  endif()
endforeach()
if(bad)
  list(JOIN bad "\n  " shown)
  message(FATAL_ERROR "a test name with a semicolon (CTest would never run it) in:\n  ${shown}")
endif()
message(STATUS "no test name holds a semicolon")
