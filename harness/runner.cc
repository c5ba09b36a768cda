#include "harness/runner.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <string>

#include "reports/report_json.h"

namespace sigheap {

namespace {

using Clock = std::chrono::steady_clock;

report::Result blank_result(const Matrix& m, const Job& job) {
  report::Result r;
  r.impl = std::string(m.impls[job.impl].name);
  const ScenarioInfo& s = m.scenarios[job.scenario];
  r.scenario = std::string(s.name);
  r.params = to_report_params(s.values(job.param_values));
  return r;
}

std::string signal_name(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  std::string name = abbrev != nullptr ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
  if (sig == SIGKILL) name += " (killed; out of memory?)";
  return name;
}

struct Child {
  std::size_t index;  // into jobs
  pid_t pid;
  int fd;
  std::string output;
  Clock::time_point deadline;
  bool timed_out = false;
  double timeout_seconds = 0;
};

[[noreturn]] void child_main(const Matrix& m, const Job& job, const MeasureOptions& opt, int fd) {
  const report::Result r = run_in_process(m, job, opt);
  const std::string text = report::to_json(r).dump();
  const char* p = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(3);
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  ::close(fd);
  _exit(0);
}

report::Result finish_child(const Matrix& m, const Job& job, Child& c) {
  int status = 0;
  while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
  }
  ::close(c.fd);
  report::Result r = blank_result(m, job);
  if (c.timed_out) {
    r.status = report::Status::kTimeout;
    r.error = "timed out after " + std::to_string(static_cast<long long>(c.timeout_seconds)) + " s";
    return r;
  }
  if (WIFSIGNALED(status)) {
    r.status = report::Status::kCrashed;
    r.error = "crashed: " + signal_name(WTERMSIG(status));
    return r;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || c.output.empty()) {
    r.status = report::Status::kError;
    r.error = "measurement process exited with status " + std::to_string(WEXITSTATUS(status));
    return r;
  }
  try {
    return report::result_from_json(report::Json::parse(c.output), "measurement process");
  } catch (const std::exception& e) {
    r.status = report::Status::kError;
    r.error = std::string("unreadable result from measurement process: ") + e.what();
    return r;
  }
}

}  // namespace

report::Result run_in_process(const Matrix& m, const Job& job, const MeasureOptions& opt) {
  const ScenarioInfo& s = m.scenarios[job.scenario];
  try {
    return m.measure_fn(job.impl, job.scenario)(s.values(job.param_values), opt);
  } catch (const std::exception& e) {
    alloc::set_counting(true);
    report::Result r = blank_result(m, job);
    r.status = report::Status::kError;
    r.error = std::string("exception: ") + e.what();
    return r;
  }
}

std::vector<report::Result> run_jobs(const Matrix& m, const std::vector<Job>& jobs,
                                     const RunnerOptions& opt, const ProgressFn& progress) {
  std::vector<report::Result> results(jobs.size());
  std::size_t done = 0;
  if (!opt.isolate) {
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      results[i] = run_in_process(m, jobs[i], opt.measure);
      if (progress) progress(++done, jobs.size(), results[i]);
    }
    return results;
  }

  const auto timeout = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(opt.timeout_seconds));
  std::deque<Child> running;
  std::size_t next = 0;
  const unsigned parallel = opt.jobs == 0 ? 1 : opt.jobs;
  while (next < jobs.size() || !running.empty()) {
    while (next < jobs.size() && running.size() < parallel) {
      int fds[2];
      if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
      std::fflush(nullptr);
      const pid_t pid = ::fork();
      if (pid < 0) throw std::runtime_error("fork failed");
      if (pid == 0) {
        ::close(fds[0]);
        child_main(m, jobs[next], opt.measure, fds[1]);
      }
      ::close(fds[1]);
      running.push_back(
          Child{next, pid, fds[0], {}, Clock::now() + timeout, false, opt.timeout_seconds});
      ++next;
    }
    std::vector<pollfd> pfds;
    for (const Child& c : running) pfds.push_back({c.fd, POLLIN, 0});
    auto nearest = running.front().deadline;
    for (const Child& c : running) nearest = std::min(nearest, c.deadline);
    const auto wait_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(nearest - Clock::now()).count();
    const int ready = ::poll(pfds.data(), pfds.size(), static_cast<int>(std::max<long>(0, wait_ms)));
    if (ready < 0 && errno != EINTR) throw std::runtime_error("poll failed");
    for (std::size_t k = running.size(); k-- > 0;) {
      Child& c = running[k];
      bool finished = false;
      if (pfds[k].revents & (POLLIN | POLLHUP | POLLERR)) {
        char buf[1 << 16];
        const ssize_t n = ::read(c.fd, buf, sizeof(buf));
        if (n > 0) {
          c.output.append(buf, static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EINTR) {
          finished = true;
        }
      }
      if (!finished && Clock::now() >= c.deadline) {
        ::kill(c.pid, SIGKILL);
        c.timed_out = true;
        finished = true;
      }
      if (finished) {
        results[c.index] = finish_child(m, jobs[c.index], c);
        if (progress) progress(++done, jobs.size(), results[c.index]);
        running.erase(running.begin() + static_cast<std::ptrdiff_t>(k));
      }
    }
  }
  return results;
}

}  // namespace sigheap
