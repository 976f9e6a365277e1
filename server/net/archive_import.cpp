// A session archive made ready to be written (see archive_import.hpp).
#include "net/archive_import.hpp"

#include "net/secrets.hpp"
#include "storage/write_set.hpp"

#include <utility>

namespace samskab::server {

using namespace samskab::domain;

result<prepared_import> prepare_import(protocol::session_archive a, const std::string& id, const std::string& code,
                                       const std::string& workspace, const server_key& key) {
    workshop_state st = std::move(a.state);
    st.info.id = id;
    st.info.code = code;
    st.info.workspace_id = workspace;
    std::vector<protocol::imported_link> links;
    for (auto& p : st.participants) {
        std::string token = new_token();
        p.token_hash = hash_token(token);
        if (facilitates(p.role_) && !p.removed) links.push_back({p.id, p.name, p.role_, std::move(token)});
    }
    for (auto& i : st.invites) {
        if (i.active) {
            auto secret = key.new_invite(id);
            i.nonce = std::move(secret.nonce);
            i.token_hash = std::move(secret.token_hash);
        } else {
            i.nonce.clear();
            i.token_hash = hash_token(new_token());  // a revoked link: nobody has its token
        }
    }
    auto w = workshop::restore(std::move(st));
    if (!w)
        return error::in_field(errc::invalid_field, "", "the archive's session does not hold together: " + w.err().message);
    prepared_import out{std::move(w.value()), {}, {}, std::move(links)};
    out.rows = storage::collect_all(out.session);
    // The history's start, as the new session (its id, code and workspace).
    if (a.origin)
        out.rows.origin = storage::origin_texts{protocol::rebased_origin(a.origin->others, out.session.info()),
                                                protocol::rebased_origin(a.origin->facilitators, out.session.info())};
    out.history.reserve(a.history.size());
    for (auto& c : a.history) out.history.push_back({c.seq, c.at, c.by, std::move(c.action), std::move(c.event)});
    return out;
}

}  // namespace samskab::server
