// Timestamps on the wire: RFC 3339 in UTC with milliseconds, "2026-11-23T13:07:00.123Z".
#pragma once

#include "domain/types.hpp"

#include <string>

namespace samskab::protocol {

std::string format_time(domain::time_point t);

}  // namespace samskab::protocol
