#pragma once
// What the other end of stdout or stderr can take: how wide a line may be, whether colour and
// in-place redrawing work there, and the progress of a run (a redrawn line on a terminal, a line
// now and then in a pipe or a CI log, so that a long run shows life everywhere).
#include <chrono>
#include <cstddef>
#include <string>

namespace sigheap {

// The widest line for output on `fd`: $COLUMNS when it is a positive integer, else the terminal's
// width, else (a pipe, a file) 100 columns.
std::size_t output_width(int fd);

// ANSI colour on `fd`: a terminal, NO_COLOR unset or empty, and TERM not "dumb".
bool colour_allowed(int fd);

// "\r" and "erase line" work on `fd`: a terminal whose TERM is not "dumb".
bool can_redraw(int fd);

// Progress of `total` measurements on stderr. On a terminal that can redraw: one line,
// "[done/total] label", rewritten in place and erased at the end. Anywhere else: a plain line
// whenever another 10 % is done or 5 s have passed since the last one, then a last one at the end.
class Progress {
 public:
  Progress(std::string command, std::size_t total, bool quiet);
  void step(const std::string& label);  // one measurement finished
  bool redraws() const { return redraw_; }

 private:
  std::string command_;
  std::size_t total_;
  std::size_t done_ = 0;
  bool quiet_;
  bool redraw_;
  std::size_t last_decile_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_line_;
};

}  // namespace sigheap
