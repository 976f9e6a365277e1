# Fails if the server's message types drift from protocol/messages.json, their one
# source: every type the encoder writes ({"type", "x"} or "type":"x" in
# protocol/encoder.cpp) must be one of the file's "events" or "replies", and each of
# those must be written there; every request the parser reads (type == "x" in
# protocol/parser.cpp) must be one of its "requests", and each of those read there.
# The commands are held by the permission table generated from the same file (a
# static_assert) and parser_test.cpp (the parser's table in the variant's order).
# Run as: cmake -DROOT=<repository> -P check_message_types.cmake
cmake_minimum_required(VERSION 3.25)

file(READ "${ROOT}/protocol/messages.json" json)

# The strings of one array of messages.json, as a CMake list.
function(json_list key out)
  string(JSON count LENGTH "${json}" ${key})
  set(items "")
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    string(JSON item GET "${json}" ${key} ${i})
    list(APPEND items "${item}")
  endforeach()
  set(${out} "${items}" PARENT_SCOPE)
endfunction()

# The distinct first capture of every match of pattern in text, as a CMake list.
function(captures text pattern out)
  string(REGEX MATCHALL "${pattern}" matches "${text}")
  set(found "")
  foreach(m ${matches})
    string(REGEX REPLACE "${pattern}" "\\1" name "${m}")
    list(APPEND found "${name}")
  endforeach()
  list(REMOVE_DUPLICATES found)
  set(${out} "${found}" PARENT_SCOPE)
endfunction()

set(bad "")
# Compares two lists; what is in one and not the other is reported as drift.
function(compare what source_list file_list)
  foreach(t ${source_list})
    if(NOT t IN_LIST file_list)
      list(APPEND bad "${what}: '${t}' is in the source but not in protocol/messages.json")
    endif()
  endforeach()
  foreach(t ${file_list})
    if(NOT t IN_LIST source_list)
      list(APPEND bad "${what}: '${t}' is in protocol/messages.json but not in the source")
    endif()
  endforeach()
  set(bad "${bad}" PARENT_SCOPE)
endfunction()

json_list(events events)
json_list(replies replies)
json_list(requests requests)
set(server_types ${events} ${replies})

file(READ "${ROOT}/protocol/encoder.cpp" encoder)
captures("${encoder}" "{\"type\", \"([a-z_.]+)\"}" braced)
captures("${encoder}" "\"type\":\"([a-z_.]+)\"" raw)
set(written ${braced} ${raw})
list(REMOVE_DUPLICATES written)
compare("server messages (protocol/encoder.cpp)" "${written}" "${server_types}")

file(READ "${ROOT}/protocol/parser.cpp" parser)
captures("${parser}" "type == \"([a-z_.]+)\"" read)
compare("requests (protocol/parser.cpp)" "${read}" "${requests}")

if(bad)
  list(JOIN bad "\n  " text)
  message(FATAL_ERROR "The message types drift from protocol/messages.json:\n  ${text}")
endif()
list(LENGTH written n_written)
list(LENGTH read n_read)
message(STATUS "${n_written} server message types and ${n_read} requests, as in protocol/messages.json")
