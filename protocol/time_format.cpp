// RFC 3339 formatting (see time_format.hpp).
#include "protocol/time_format.hpp"

#include <cstdio>

namespace samskab::protocol {

namespace {

// Writes v in `width` digits, zero-padded, ending just before `end`.
void digits(char* end, unsigned v, int width) {
    for (int k = 0; k < width; ++k, v /= 10) *--end = static_cast<char>('0' + v % 10);
}

}  // namespace

std::string format_time(domain::time_point t) {
    using namespace std::chrono;
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss hms{t - day};
    const int year = static_cast<int>(ymd.year());
    if (year < 0 || year > 9999) {  // not RFC 3339's four digits; never a real session's
        char buf[48];
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%03ldZ", year,
                      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                      static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                      static_cast<long>(hms.seconds().count()), static_cast<long>(hms.subseconds().count()));
        return buf;
    }
    // By hand: snprintf took ten times as long, and every event carries a few of these.
    std::string out = "0000-00-00T00:00:00.000Z";
    char* p = out.data();
    digits(p + 4, static_cast<unsigned>(year), 4);
    digits(p + 7, static_cast<unsigned>(ymd.month()), 2);
    digits(p + 10, static_cast<unsigned>(ymd.day()), 2);
    digits(p + 13, static_cast<unsigned>(hms.hours().count()), 2);
    digits(p + 16, static_cast<unsigned>(hms.minutes().count()), 2);
    digits(p + 19, static_cast<unsigned>(hms.seconds().count()), 2);
    digits(p + 23, static_cast<unsigned>(hms.subseconds().count()), 3);
    return out;
}

}  // namespace samskab::protocol
