// Names taken out of texts already sent: the stored changes and the session's origin
// snapshot (storage keeps events as the JSON sent), when retention removes a session's
// display names (domain/retention.hpp).
//
// In every message a person is an object with an integer "id" and a "name" (the encoder's
// person objects: authors, participants, owners, deciders, `you`); the only other objects
// with a "name" are clusters, which have a "column", and the event cluster.renamed, which
// has a "type". A person's name becomes domain::removed_name(id); a "by_name" beside an
// integer "by" (the archive's learnings and moves) likewise.
#pragma once

#include <string>
#include <string_view>

namespace samskab::protocol {

// The JSON text with every person's name replaced; the text unchanged if it is not JSON
// or names nobody.
std::string without_names(std::string_view text);

}  // namespace samskab::protocol
