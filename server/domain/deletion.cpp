// A session's shell with its trial actions kept (see deletion.hpp).
#include "domain/deletion.hpp"

#include <algorithm>
#include <set>

namespace samskab::domain {

workshop_state trials_kept(const workshop_state& st, time_point at) {
    workshop_state out;
    out.info = st.info;
    out.info.code.clear();
    out.info.question.clear();
    out.info.status = session_status::closed;
    out.info.deleted_at = at;
    out.seq = 0;
    out.controls.current = st.controls.current;
    out.controls.options = st.controls.options;
    out.controls.phase_started_at = st.controls.phase_started_at;
    out.last_trial_id = st.last_trial_id;  // a trial action's id is never used again
    // The columns' titles (the facilitator's headings) keep the board a board.
    out.board.columns = st.board.columns;
    out.board.last_column_id = st.board.last_column_id;
    const bool live = !st.info.workspace_id.empty();
    std::set<trial_id> kept;
    for (const trial_action& t : st.trials) {
        if (live && !t.origin_session.empty()) continue;  // a view: its origin keeps it
        trial_action k = t;
        k.from_ideas.clear();
        k.created_by = 0;
        for (auto& o : k.owners) o.id = 0;
        for (auto& l : k.learnings) l.by = 0;
        for (auto& m : k.review_moves) m.by = 0;
        kept.insert(k.id);
        out.trials.push_back(std::move(k));
    }
    for (const decision& d : st.decisions) {
        if (d.on != target_kind::trial_action || !kept.contains(d.target)) continue;
        decision k = d;
        k.by = 0;
        out.decisions.push_back(std::move(k));
    }
    return out;
}

}  // namespace samskab::domain
