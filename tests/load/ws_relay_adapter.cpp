// The `ws` relay's adapter (see ws_relay_adapter.hpp).
#include "ws_relay_adapter.hpp"

#include "relay_common.hpp"

namespace samskab::load {

namespace {

class ws_relay_client : public relay_client {
public:
    using relay_client::relay_client;

    std::vector<std::string> join() override { return {concat({R"({"join":")", room_, "\"}"})}; }

    std::string make_change(std::uint64_t id) override { return relay_change_json(id, name_, text_length_); }

    received on_message(std::string_view text, std::vector<std::string>&) override {
        // The relay forwards the others' messages unchanged: the hot path, one prefix.
        if (starts_with(text, relay_change_prefix)) return change_at(text, relay_change_prefix.size());
        received r;
        if (starts_with(text, R"({"joined":)"))
            r.what = received::kind::joined;
        else
            r.problem = "unreadable_message";
        return r;
    }
};

}  // namespace

std::unique_ptr<client_protocol> ws_relay_adapter::make_client(int session, int index) {
    return std::make_unique<ws_relay_client>(session, index, text_length_);
}

}  // namespace samskab::load
