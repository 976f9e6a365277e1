// Retention: a workspace may have participants' display names removed a number of
// months after each of its sessions closes (domain::workspace::retention_months; README.md,
// "Personal data"). A name is replaced by a label that names nobody, so that a board
// still tells its people apart: "#3" for participant 3 of the session, and "—" for a
// person of another session (a name only, id 0).
#pragma once

#include "domain/types.hpp"
#include "domain/workshop.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

namespace samskab::domain {

// The label that takes the place of person `id`'s name.
std::string removed_name(participant_id id);

// Replaces every display name in st with removed_name of its person: the participants',
// the trial actions' owners', and the by_name of learnings, review date moves and
// decisions. Returns each name that was there with the label that replaced it (for a
// name two people had, the first one's), for searching stored texts.
std::map<std::string, std::string> remove_names(workshop_state& st);

// The day on which the names of a session that closed at `closed` are removed under a
// retention of `months` (> 0): the same day of the month `months` later (UTC), or that
// month's last day if it is shorter.
std::chrono::sys_days names_removed_on(time_point closed, std::int64_t months);

}  // namespace samskab::domain
