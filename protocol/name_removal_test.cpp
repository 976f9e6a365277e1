// Tests of without_names: people's names go from stored texts; clusters' names, texts
// people wrote and the order of members stay.
#include "protocol/name_removal.hpp"

#include <catch2/catch.hpp>

using samskab::protocol::without_names;

TEST_CASE("name removal: every person's name in a stored event is replaced by its label", "[protocol]") {
    const std::string joined =
        R"({"type":"participant.joined","seq":4,"participant":{"id":3,"name":"Ole Hansen","role":"citizen","online":true}})";
    CHECK(without_names(joined) ==
          R"({"type":"participant.joined","seq":4,"participant":{"id":3,"name":"#3","role":"citizen","online":true}})");

    const std::string trial =
        R"({"type":"trial.updated","trial":{"id":1,"title":"Ole's idea","owners":[{"id":2,"name":"Kari"},{"id":0,"name":"Per"}],)"
        R"("learnings":[{"id":1,"by":{"id":2,"name":"Kari","role":"staff"},"text":"Kari learned"}]}})";
    CHECK(without_names(trial) ==
          R"({"type":"trial.updated","trial":{"id":1,"title":"Ole's idea","owners":[{"id":2,"name":"#2"},{"id":0,"name":"—"}],)"
          R"("learnings":[{"id":1,"by":{"id":2,"name":"#2","role":"staff"},"text":"Kari learned"}]}})");

    // The archive's by_name beside by.
    CHECK(without_names(R"({"moves":[{"by":4,"by_name":"Mette","reason":"ferie"}]})") ==
          R"({"moves":[{"by":4,"by_name":"#4","reason":"ferie"}]})");
}

TEST_CASE("name removal: clusters, texts and anything that is not a person stay as they were", "[protocol]") {
    for (const std::string text : {
             R"({"type":"cluster.renamed","id":2,"name":"Mette"})",
             R"({"clusters":[{"id":2,"column":1,"name":"Ole"}]})",
             R"({"type":"idea.added","idea":{"id":5,"text":"Ole og Kari"}})",
             R"({"name":"no id here"})",
             R"({"id":"not a number","name":"Ole"})",
             R"({"participant":{"id":3,"name":"#3"}})",  // removed before
             "not json at all",
         }) {
        INFO(text);
        CHECK(without_names(text) == text);
    }
}
