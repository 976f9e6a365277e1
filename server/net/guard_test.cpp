// Tests of the limits per address and per connection, with a clock the test moves.
#include "net/guard.hpp"

#include <catch2/catch.hpp>

using namespace samskab::server;
using namespace std::chrono_literals;

TEST_CASE("a token bucket gives its burst, then refills at its rate", "[server]") {
    const auto t0 = guard_clock::time_point{} + 1h;
    token_bucket b(3, 2, t0);  // 3 at once, then 2 a second
    CHECK(b.full(t0));
    CHECK(b.take(t0));
    CHECK(b.take(t0));
    CHECK(b.take(t0));
    CHECK_FALSE(b.take(t0));
    CHECK_FALSE(b.full(t0));
    CHECK_FALSE(b.take(t0 + 400ms));  // 0.8 tokens
    CHECK(b.take(t0 + 500ms));
    CHECK(b.full(t0 + 10s));           // never more than the burst
    for (int k = 0; k < 3; ++k) CHECK(b.take(t0 + 10s));
    CHECK_FALSE(b.take(t0 + 10s));
}

TEST_CASE("a connection's messages: accepted, then refused, then closed", "[server]") {
    guard_limits limits;
    limits.message_burst = 5;
    limits.messages_per_second = 1;
    limits.messages_over_before_close = 3;
    const auto t0 = guard_clock::time_point{} + 1h;
    message_budget budget(limits, t0);
    for (int k = 0; k < 5; ++k) CHECK(budget.on_message(t0) == message_budget::verdict::accept);
    CHECK(budget.on_message(t0) == message_budget::verdict::refuse);
    CHECK(budget.on_message(t0) == message_budget::verdict::refuse);
    // A pause lets it through again and forgives the refusals.
    CHECK(budget.on_message(t0 + 1s) == message_budget::verdict::accept);
    for (int k = 0; k < 3; ++k) CHECK(budget.on_message(t0 + 1s) == message_budget::verdict::refuse);
    CHECK(budget.on_message(t0 + 1s) == message_budget::verdict::close);
}

TEST_CASE("an address holds at most its connections, slots give them back", "[server]") {
    guard_limits limits;
    limits.max_connections = 2;
    address_guard g(limits);
    {
        // As the listener does: count the connection, then hand its slot on.
        REQUIRE(g.connect("10.0.0.1"));
        connection_slot a(g, "10.0.0.1");
        REQUIRE(g.connect("10.0.0.1"));
        connection_slot b(g, "10.0.0.1");
        CHECK_FALSE(g.connect("10.0.0.1"));
        CHECK(g.connect("10.0.0.2"));  // another address is counted apart
        connection_slot moved = std::move(a);  // the upgrade to a WebSocket
        CHECK(moved.address() == "10.0.0.1");
        CHECK_FALSE(g.connect("10.0.0.1"));  // moving released nothing
    }
    // Both slots are released: two connections fit again.
    CHECK(g.connect("10.0.0.1"));
    CHECK(g.connect("10.0.0.1"));
    CHECK_FALSE(g.connect("10.0.0.1"));
}

TEST_CASE("failed attempts and creations are budgeted per address", "[server]") {
    guard_limits limits;
    limits.failure_burst = 3;
    limits.creation_burst = 2;
    address_guard g(limits);
    for (int k = 0; k < 3; ++k) {
        CHECK(g.may_attempt("a"));
        g.failed("a");
    }
    CHECK_FALSE(g.may_attempt("a"));
    CHECK(g.may_attempt("b"));
    CHECK(g.may_create("a"));
    CHECK(g.may_create("a"));
    CHECK_FALSE(g.may_create("a"));
}

TEST_CASE("new participants and their changes are budgeted per address, with the wait until a retry", "[server]") {
    guard_limits limits;
    limits.join_burst = 2;
    limits.joins_per_second = 0.5;  // one every 2 seconds
    limits.changes_per_second = 1;
    limits.change_burst_seconds = 3;  // 3 at once
    address_guard g(limits);
    CHECK(g.may_join("a"));
    CHECK(g.may_join("a"));
    const admission refused = g.may_join("a");
    CHECK_FALSE(refused);
    CHECK(refused.retry_after_s >= 1);
    CHECK(refused.retry_after_s <= 2);
    CHECK(g.may_join("b"));
    // Changes: a peek, then the accepted change takes its token.
    for (int k = 0; k < 3; ++k) {
        REQUIRE(g.may_change("a"));
        g.changed("a");
    }
    const admission busy = g.may_change("a");
    CHECK_FALSE(busy);
    CHECK(busy.retry_after_s == 1);
    CHECK(g.may_change("b"));
    // Without a limit, every change may go.
    guard_limits off;
    off.changes_per_second = 0;
    address_guard free(off);
    for (int k = 0; k < 1000; ++k) {
        REQUIRE(free.may_change("a"));
        free.changed("a");
    }
}

TEST_CASE("a token bucket says how long until its next token", "[server]") {
    const auto t0 = guard_clock::time_point{} + 1h;
    token_bucket b(1, 0.5, t0);
    CHECK(b.until_next(t0) == guard_clock::duration::zero());
    CHECK(b.take(t0));
    CHECK(b.until_next(t0) == std::chrono::seconds(2));
    CHECK(b.until_next(t0 + 1500ms) == std::chrono::milliseconds(500));
    CHECK(b.until_next(t0 + 2s) == guard_clock::duration::zero());
}

TEST_CASE("idle addresses are forgotten when the table is full", "[server]") {
    guard_limits limits;
    limits.max_tracked_addresses = 4;
    limits.max_connections = 1;
    address_guard g(limits);
    CHECK(g.connect("busy"));
    for (int k = 0; k < 20; ++k) CHECK(g.may_attempt("idle" + std::to_string(k)));
    // The busy address is still counted: its second connection is refused.
    CHECK_FALSE(g.connect("busy"));
}
