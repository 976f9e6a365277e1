# Precompiled headers: the heavy third-party and standard headers are parsed once per
# build instead of once per translation unit (DEVELOPERS.md, "Build time").
#
# Each library gets only headers its layer may include (tests/check_layers.cmake): domain
# and storage the standard library, protocol also nlohmann/json, the network layer also
# Boost.Beast/Asio. The tests share two precompiled headers, each compiled once by a holder
# target that has no definitions of its own, and reused (REUSE_FROM) by every test target
# of that kind: unit tests (Catch2, nlohmann/json; no Boost, which domain and storage tests
# must not see) and the network tests (the same and Beast/Asio).
#
# A precompiled header is only valid with the flags it was made with; GCC then silently
# parses the headers again (CMake adds -Winvalid-pch, so the build log shows it), clang
# refuses. So a target reuses another's only when its flags match: the libraries build
# with other flags than the tests in build-sanitize/ (-O1 and libFuzzer's coverage), and
# samskab_server with Asio and Beast configuration macros nothing else has.
option(SAMSKAB_PCH "Precompile the heavy third-party headers (off: every file parses them)" ON)

set(SAMSKAB_PCH_STD <algorithm> <array> <chrono> <cstdint> <functional> <map> <memory> <optional>
  <set> <string> <string_view> <unordered_map> <utility> <variant> <vector>)
set(SAMSKAB_PCH_JSON <nlohmann/json.hpp>)
set(SAMSKAB_PCH_CATCH <catch2/catch.hpp>)
set(SAMSKAB_PCH_NET <boost/asio/io_context.hpp> <boost/asio/ip/tcp.hpp> <boost/asio/post.hpp>
  <boost/asio/steady_timer.hpp> <boost/asio/strand.hpp> <boost/beast/core.hpp> <boost/beast/http.hpp>
  <boost/beast/websocket.hpp>)

# ccache and precompiled headers (local builds with -DCMAKE_CXX_COMPILER_LAUNCHER=ccache):
# ccache hashes a precompiled header only with these sloppiness settings, and GCC's -include
# needs -fpch-preprocess; without them every compile is a miss.
if(SAMSKAB_PCH AND CMAKE_CXX_COMPILER_LAUNCHER MATCHES "ccache")
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CMAKE_COMMAND} -E env CCACHE_SLOPPINESS=pch_defines,time_macros
    ${CMAKE_CXX_COMPILER_LAUNCHER})
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    add_compile_options(-fpch-preprocess)
  endif()
endif()

# samskab_pch(TARGET HEADER...): TARGET precompiles the headers.
# samskab_pch(TARGET REUSE_FROM OTHER): TARGET uses OTHER's precompiled header.
function(samskab_pch target)
  if(NOT SAMSKAB_PCH)
    return()
  endif()
  if(ARGV1 STREQUAL "REUSE_FROM")
    target_precompile_headers(${target} REUSE_FROM ${ARGV2})
  else()
    target_precompile_headers(${target} PRIVATE ${ARGN})
  endif()
endfunction()

# samskab_pch_holder(NAME HEADER... LINK LIBRARY...): an object library that only makes
# the precompiled header for test targets to reuse. Its source is empty.
function(samskab_pch_holder name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "HEADERS;LINK")
  add_library(${name} OBJECT ${PROJECT_SOURCE_DIR}/cmake/pch_holder.cpp)
  target_link_libraries(${name} PRIVATE ${arg_LINK} samskab_warnings)
  if(SAMSKAB_PCH)
    target_precompile_headers(${name} PRIVATE ${arg_HEADERS})
  endif()
endfunction()
