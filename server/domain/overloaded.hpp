// overloaded: a visitor built from lambdas, for std::visit over commands and events.
#pragma once

namespace samskab::domain {

template <class... Ts>
struct overloaded : Ts... {
    using Ts::operator()...;
};

}  // namespace samskab::domain
