// The command line of the load tools (samskab_load, samskab_storage_bench): the flags in
// turn, each with its value if it takes one. --help (or -h) prints the usage and ends the
// program with status 0; a missing value or a bad number ends it with status 2, as die()
// does.
#pragma once

#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace samskab::load {

class flags {
public:
    flags(std::string tool, std::string usage, int argc, char** argv)
        : tool_(std::move(tool)), usage_(std::move(usage)), args_(argv + 1, argv + argc) {}

    // Moves to the next flag; false after the last.
    bool next() {
        if (++at_ >= args_.size()) return false;
        if (flag() == "--help" || flag() == "-h") {
            std::cout << usage_;
            std::exit(0);
        }
        return true;
    }
    const std::string& flag() const { return args_[at_]; }
    // The value of the current flag (the next argument).
    std::string value() {
        if (at_ + 1 >= args_.size()) die(flag() + " needs a value");
        return args_[++at_];
    }
    double number() {
        const std::string& name = flag();
        const std::string v = value();
        try {
            std::size_t used = 0;
            const double d = std::stod(v, &used);
            if (used == v.size()) return d;
        } catch (const std::exception&) {
        }
        die(name + ": not a number: " + v);
    }

    [[noreturn]] void die(const std::string& msg) const {
        std::cerr << tool_ << ": " << msg << "\n";
        std::exit(2);
    }

private:
    std::string tool_, usage_;
    std::vector<std::string> args_;
    std::size_t at_ = static_cast<std::size_t>(-1);
};

}  // namespace samskab::load
