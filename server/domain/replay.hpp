// replay: which changes may be replayed to a client that resumes.
//
// A client that reconnects with `since` is sent the changes it missed as they were
// encoded when they happened. That is right only if nothing in them has since been
// taken out of view: an idea or comment hidden or deleted, an idea's text replaced.
// Such a change "withdraws" what earlier events showed, and a client that resumes from
// before it is sent a snapshot of the session as it is now instead (see room.cpp).
#pragma once

#include "domain/event.hpp"

namespace samskab::domain {

// Whether e takes out of view something that events before it may have shown to
// someone. Decided for every kind of event (no default: a new event must be
// classified here, or the build fails).
bool withdraws(const event& e);

}  // namespace samskab::domain
