// journal: where the server writes what must survive a restart. The interface lets the
// server's rooms be tested with a fake (see net/room_test.cpp) and lets tests inject
// write failures; sqlite_journal is the real one.
//
// Contract for every write: it is queued and performed in the order of submission
// (per journal, hence per session); its completion runs exactly once, on the journal's
// own thread, after the write has been committed durably (ok) or has failed (nothing
// of it was applied). Completions must not block; they typically post to a strand.
// All member functions are thread-safe.
//
// Writes of one session depend on each other, so once one fails, every later write of
// the same session and epoch fails too, without being tried. The session's owner then
// rolls back to what was committed and continues with a higher epoch.
#pragma once

#include "domain/board.hpp"
#include "domain/event.hpp"
#include "storage/sqlite.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace samskab::storage {

using completion = std::function<void(const status&)>;

// Which session a write belongs to, and in which epoch of its owner (see above).
struct session_epoch {
    std::string session_id;
    std::uint64_t epoch = 0;
};

class journal {
public:
    virtual ~journal() = default;

    // A new session with its columns and facilitator (state.seq must be 0).
    virtual void create_session(domain::board_state state, completion done) = 0;

    // A participant who joined session_id.
    virtual void add_participant(const session_epoch& s, domain::participant p, completion done) = 0;

    // An accepted change of a session and its wire text. Fails, without applying
    // anything, unless c.seq is one more than the session's last committed seq.
    virtual void append(const session_epoch& s, domain::change c, std::shared_ptr<const std::string> wire,
                        completion done) = 0;

    // Calls done (on the journal's thread) once every write submitted before has
    // completed.
    virtual void flush(std::function<void()> done) = 0;

    // False after the last commit failed, true again after one succeeds.
    virtual bool healthy() const = 0;
};

}  // namespace samskab::storage
