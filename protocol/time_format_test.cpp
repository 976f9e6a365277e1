// format_time: RFC 3339 in UTC with milliseconds, across the edges of its fields.
#include "protocol/time_format.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

using samskab::protocol::format_time;

TEST_CASE("times are written as RFC 3339 in UTC with milliseconds", "[protocol]") {
    using ms = std::chrono::milliseconds;
    struct row {
        std::int64_t since_epoch_ms;
        std::string text;
    };
    const row rows[] = {
        {0, "1970-01-01T00:00:00.000Z"},
        {-1, "1969-12-31T23:59:59.999Z"},
        {1795440420123, "2026-11-23T13:27:00.123Z"},
        {1709251199999, "2024-02-29T23:59:59.999Z"},     // a leap day's last millisecond
        {1709251200000, "2024-03-01T00:00:00.000Z"},
        {253402300799999, "9999-12-31T23:59:59.999Z"},   // the last RFC 3339 can write
        {253402300800000, "10000-01-01T00:00:00.000Z"},  // beyond it, still readable
    };
    for (const auto& r : rows) {
        INFO(r.since_epoch_ms);
        CHECK(format_time(samskab::domain::time_point{ms{r.since_epoch_ms}}) == r.text);
    }
}
