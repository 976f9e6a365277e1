// For the integration tests that read the raw messages each client receives: a client
// that keeps every message.
#pragma once

#include "live_server.hpp"

#include <functional>
#include <string>
#include <vector>

namespace samskab::testing {

// A client that keeps every raw message it received, for inspection.
struct recorder {
    ws_client client;
    std::vector<std::string> raw;
    std::string token;  // from the welcome of a join that created the participant
    explicit recorder(std::uint16_t port) : client(port) {}

    nlohmann::json next() {
        auto m = client.next();
        REQUIRE(m.has_value());
        raw.push_back(*m);
        return nlohmann::json::parse(*m);
    }
    nlohmann::json next_change() {
        for (;;) {
            auto j = next();
            const std::string type = j["type"];
            if (type != "presence" && type != "presence.changed") return j;
        }
    }
    nlohmann::json answer(nlohmann::json cmd) {
        const std::string ref = cmd["ref"];
        client.send(cmd);
        for (;;) {
            auto j = next();
            if ((j["type"] == "ack" || j["type"] == "error") && j.value("ref", "") == ref) return j;
        }
    }
    nlohmann::json next_of_type(const std::string& type) {
        for (;;)
            if (auto j = next(); j["type"] == type) return j;
    }
    // Sends a join with these fields (type and protocol added), keeps the token a new
    // participant is given, reads up to the presence message; returns the welcome.
    nlohmann::json join(nlohmann::json fields) {
        fields["type"] = "join";
        fields["protocol"] = 1;
        client.send(fields);
        const auto welcome = next();
        REQUIRE(welcome["type"] == "welcome");
        if (welcome.contains("token")) token = welcome["token"];
        next_of_type("presence");
        return welcome;
    }
    // Reads until the message of this seq has arrived (so everything before it has too).
    void until_seq(std::int64_t seq) {
        for (;;) {
            auto j = next();
            const nlohmann::json& ev = j["type"] == "ack" ? j["event"] : j;
            if (ev.value("seq", std::int64_t{0}) >= seq) return;
        }
    }
    bool received(const std::string& text) const {
        for (const auto& m : raw)
            if (m.find(text) != std::string::npos) return true;
        return false;
    }
    // Every message received of this type.
    std::vector<nlohmann::json> of_type(const std::string& type) const {
        std::vector<nlohmann::json> out;
        for (const auto& m : raw)
            if (auto j = nlohmann::json::parse(m); j["type"] == type) out.push_back(j);
        return out;
    }
    // Calls f on every JSON object in every message received.
    void each_object(const std::function<void(const nlohmann::json&)>& f) const {
        std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& j) {
            if (j.is_object()) f(j);
            if (j.is_structured())
                for (const auto& child : j) walk(child);
        };
        for (const auto& m : raw) walk(nlohmann::json::parse(m));
    }
};

}  // namespace samskab::testing
