#pragma once
// JSON form of the report: writing, and reading with validation. Every problem found while
// reading becomes a BadInput naming the file and the JSON path, e.g.
//   "old.json: $.results[2].setup.allocs: expected a non-negative integer, got -3"

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "reports/report.h"

namespace sigheap::report {

using Json = nlohmann::ordered_json;

Json to_json(const Report& r);
Json to_json(const Result& r);
Json to_json(const PerObject& p);

// `source` names the input in error messages (a file path, or "<stdin>").
Report report_from_json(const Json& j, const std::string& source);
Result result_from_json(const Json& j, const std::string& source);
PerObject per_object_from_json(const Json& j, const std::string& source);

// Parses and validates; throws BadInput on malformed JSON or any schema violation.
Report parse_report(const std::string& text, const std::string& source);
Report read_report_file(const std::string& path);

// nlohmann's exception text without its "[json.exception.parse_error.101] " prefix.
std::string json_error_message(const std::exception& e);

// Indented JSON text with a trailing newline; byte-identical for identical reports.
std::string dump(const Report& r);

// One line of JSON and back, for what a measuring process hands to its parent (the runner): a
// result, a per-object entry, timing samples. Reading throws on malformed text.
std::string dump_line(const Result& r);
std::string dump_line(const PerObject& p);
std::string dump_line(const std::vector<double>& numbers);
Result parse_result(const std::string& text, const std::string& source);
PerObject parse_per_object(const std::string& text, const std::string& source);
std::vector<double> parse_numbers(const std::string& text);

}  // namespace sigheap::report
