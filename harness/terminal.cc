#include "harness/terminal.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <iostream>

namespace sigheap {

namespace {

constexpr std::size_t kDefaultWidth = 100;  // the project's line length, for pipes and files
constexpr auto kQuietPeriod = std::chrono::seconds(5);

bool dumb_terminal() {
  const char* term = std::getenv("TERM");
  return term != nullptr && std::strcmp(term, "dumb") == 0;
}

}  // namespace

std::size_t output_width(int fd) {
  if (const char* columns = std::getenv("COLUMNS"); columns != nullptr && *columns != '\0') {
    std::size_t n = 0;
    const char* end = columns + std::strlen(columns);
    const auto [ptr, ec] = std::from_chars(columns, end, n);
    if (ec == std::errc() && ptr == end && n > 0) return n;
  }
  winsize ws{};
  if (::isatty(fd) && ::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return kDefaultWidth;
}

bool colour_allowed(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  return (no_color == nullptr || *no_color == '\0') && !dumb_terminal() && ::isatty(fd);
}

bool can_redraw(int fd) { return ::isatty(fd) && !dumb_terminal(); }

Progress::Progress(std::string command, std::size_t total, bool quiet)
    : command_(std::move(command)),
      total_(total),
      quiet_(quiet),
      redraw_(!quiet && can_redraw(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()),
      last_line_(start_) {}

void Progress::step(const std::string& label) {
  ++done_;
  if (quiet_ || total_ == 0) return;
  if (redraw_) {
    std::cerr << fmt::format("\r\033[K[{}/{}] {}", done_, total_, label)
              << (done_ == total_ ? "\r\033[K" : "") << std::flush;
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  const std::size_t decile = done_ * 10 / total_;
  if (decile == last_decile_ && now - last_line_ < kQuietPeriod && done_ != total_) return;
  last_decile_ = decile;
  last_line_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  std::cerr << fmt::format("sigheap {}: {}/{} measurements done ({}%, {:.1f} s){}\n", command_, done_, total_,
                           done_ * 100 / total_, seconds, done_ == total_ ? "" : ", last: " + label)
            << std::flush;
}

}  // namespace sigheap
