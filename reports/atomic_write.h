#pragma once
#include <string>

namespace sigheap {

// Writes `content` to `path` atomically: a temporary file in the same directory, flushed, then
// renamed over `path`. On any failure nothing is left behind and BadInput says why.
void write_file_atomic(const std::string& path, const std::string& content);

// Reads a whole file; BadInput if it is missing or unreadable.
std::string read_file(const std::string& path);

}  // namespace sigheap
