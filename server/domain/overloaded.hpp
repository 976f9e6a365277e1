// overloaded: a visitor built from lambdas, for std::visit over commands and events.
#pragma once

namespace samskab::domain {

template <class... Ts>
struct overloaded : Ts... {
    using Ts::operator()...;
};
// Needed by compilers without C++20's deduction for aggregates (clang 14).
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;

}  // namespace samskab::domain
