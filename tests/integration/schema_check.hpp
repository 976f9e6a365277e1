// A JSON document checked against one of protocol/'s JSON Schema files, with Python's
// jsonschema (Draft 2020-12), as a client in another language would check it: the
// session archive (archive_test.cpp) and the workspace archive, whose schema takes its
// sessions from the session archive's by $ref (workspace_export_test.cpp).
#pragma once

#include "live_server.hpp"

#include <fstream>
#include <string>
#include <vector>

namespace samskab::testing {

// Validates doc against the schema file `schema`; the schema files in `referenced` are
// there for its $refs, each under its own $id. The messages of the first errors, or ""
// if doc is valid.
inline std::string schema_errors(const temp_dir& dir, const std::string& schema, const nlohmann::json& doc,
                                 const std::vector<std::string>& referenced = {}) {
    const std::string file = dir.file("to-validate.json");
    std::ofstream(file) << doc.dump();
    const std::string script =
        "import json, sys, jsonschema\n"
        "schema = json.load(open(sys.argv[1]))\n"
        "jsonschema.Draft202012Validator.check_schema(schema)\n"
        "store = {s['$id']: s for s in (json.load(open(f)) for f in sys.argv[3:])}\n"
        "resolver = jsonschema.RefResolver.from_schema(schema, store=store)\n"
        "v = jsonschema.Draft202012Validator(schema, resolver=resolver)\n"
        "errors = list(v.iter_errors(json.load(open(sys.argv[2]))))\n"
        "print('\\n'.join('/'.join(map(str, e.absolute_path)) + ': ' + e.message for e in errors[:5]))\n"
        "sys.exit(1 if errors else 0)\n";
    const std::string py = dir.file("validate.py");
    std::ofstream(py) << script;
    std::vector<std::string> args{"/usr/bin/python3", py, schema, file};
    args.insert(args.end(), referenced.begin(), referenced.end());
    // Debian's python3, which python3-jsonschema (scripts/lib/setup.sh) is installed for;
    // not whichever python3 comes first on the PATH.
    auto r = run_command(args);
    return r.exit_code == 0 ? "" : "schema: " + r.output;
}

}  // namespace samskab::testing
