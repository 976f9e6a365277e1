// Latency statistics shared by the load generator (samskab_load) and the storage
// benchmark (samskab_storage_bench): exact percentiles over all samples.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <iomanip>
#include <sstream>
#include <string>
#include <vector>

namespace samskab::load {

struct stats {
    std::size_t count = 0;
    double p50 = 0, p95 = 0, p99 = 0, p999 = 0, max = 0, mean = 0;  // milliseconds
};

// Percentiles by nearest rank: the smallest sample with at least q of the samples at or
// below it. Sorts v.
inline stats summarise(std::vector<double>& v) {
    stats s;
    s.count = v.size();
    if (v.empty()) return s;
    std::sort(v.begin(), v.end());
    auto at = [&](double q) {
        const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
        return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
    };
    s.p50 = at(0.50);
    s.p95 = at(0.95);
    s.p99 = at(0.99);
    s.p999 = at(0.999);
    s.max = v.back();
    double sum = 0;
    for (double x : v) sum += x;
    s.mean = sum / static_cast<double>(v.size());
    return s;
}

// One line of a report: "  <what>  n=…  p50 …  p95 …  p99 …  p99.9 …  max …  mean … ms".
inline std::string stats_line(const std::string& what, const stats& s) {
    std::ostringstream o;
    o << std::fixed << std::setprecision(3) << "  " << std::left << std::setw(34) << what << std::right
      << " n=" << s.count << "  p50 " << s.p50 << "  p95 " << s.p95 << "  p99 " << s.p99 << "  p99.9 " << s.p999
      << "  max " << s.max << "  mean " << s.mean << " ms\n";
    return o.str();
}

// v rounded to three decimals, for the JSON results.
inline double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

}  // namespace samskab::load
