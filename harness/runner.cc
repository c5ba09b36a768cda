#include "harness/runner.h"

#include <poll.h>
#include <sys/prctl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <string>

#include <fmt/format.h>

#include "harness/instruction_timing.h"
#include "harness/interrupt.h"
#include "harness/measure.h"
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
  std::size_t index;  // into tasks
  pid_t pid;
  int fd;
  std::string output;
  Clock::time_point deadline;
  bool timed_out = false;
};

// Runs the task and writes its text to fd. A task that throws reports "!" + the message.
// The worker dies with its parent (even one killed with SIGKILL), and on its own after the time
// limit plus a grace period (should the parent be stopped rather than dead).
[[noreturn]] void child_main(const Task& task, int fd, pid_t parent, double timeout_seconds) {
  reset_interrupt_handlers();
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) _exit(4);  // the parent died before prctl took effect
  ::alarm(static_cast<unsigned>(timeout_seconds) + 5);
  std::string text;
  try {
    text = task.run();
  } catch (const std::exception& e) {
    text = std::string("!") + e.what();
  }
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

TaskOutcome finish_child(Child& c, double timeout_seconds) {
  int status = 0;
  while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
  }
  ::close(c.fd);
  TaskOutcome out;
  if (c.timed_out) {
    out.status = report::Status::kTimeout;
    out.error = "timed out after " + std::to_string(static_cast<long long>(timeout_seconds)) + " s";
  } else if (WIFSIGNALED(status)) {
    out.status = report::Status::kCrashed;
    out.error = "crashed: " + signal_name(WTERMSIG(status));
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || c.output.empty()) {
    out.status = report::Status::kError;
    out.error = "measurement process exited with status " + std::to_string(WEXITSTATUS(status));
  } else if (c.output[0] == '!') {
    out.status = report::Status::kError;
    out.error = "exception: " + c.output.substr(1);
  } else {
    out.output = std::move(c.output);
  }
  return out;
}

TaskOutcome run_task_here(const Task& t) {
  TaskOutcome out;
  try {
    out.output = t.run();
  } catch (const std::exception& e) {
    alloc::set_counting(true);
    out.status = report::Status::kError;
    out.error = std::string("exception: ") + e.what();
  }
  return out;
}

}  // namespace

std::vector<TaskOutcome> run_tasks(const std::vector<Task>& tasks, const RunnerOptions& opt,
                                   const ProgressFn& progress) {
  std::vector<TaskOutcome> results(tasks.size());
  std::size_t done = 0;
  if (!opt.isolate) {
    for (std::size_t i = 0; i < tasks.size(); ++i) {
      results[i] = run_task_here(tasks[i]);
      throw_if_interrupted();
      if (progress) progress(++done, tasks.size(), tasks[i].label);
    }
    return results;
  }
  const auto timeout = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(opt.timeout_seconds));
  std::deque<Child> running;
  std::size_t next = 0;
  const unsigned parallel = opt.jobs == 0 ? 1 : opt.jobs;
  const pid_t self = ::getpid();
  // Interrupted (SIGINT, SIGTERM): no worker outlives the run.
  auto stop_all = [&running] {
    for (const Child& c : running) ::kill(c.pid, SIGKILL);
    for (Child& c : running) {
      while (::waitpid(c.pid, nullptr, 0) < 0 && errno == EINTR) {
      }
      ::close(c.fd);
    }
    running.clear();
  };
  while (next < tasks.size() || !running.empty()) {
    if (interrupt_signal() != 0) {
      stop_all();
      throw_if_interrupted();
    }
    while (next < tasks.size() && running.size() < parallel) {
      int fds[2];
      if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
      std::fflush(nullptr);
      const pid_t pid = ::fork();
      if (pid < 0) throw std::runtime_error("fork failed");
      if (pid == 0) {
        ::close(fds[0]);
        child_main(tasks[next], fds[1], self, opt.timeout_seconds);
      }
      ::close(fds[1]);
      running.push_back(Child{next, pid, fds[0], {}, Clock::now() + timeout});
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
    if (ready < 0) continue;  // a signal: the loop's head looks at it
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
        results[c.index] = finish_child(c, opt.timeout_seconds);
        if (progress) progress(++done, tasks.size(), tasks[c.index].label);
        running.erase(running.begin() + static_cast<std::ptrdiff_t>(k));
      }
    }
  }
  return results;
}

report::Result run_in_process(const Matrix& m, const Job& job, const MeasureOptions& opt) {
  const ScenarioInfo& s = m.scenarios[job.scenario];
  try {
    const Cell* cell = m.cell(job.impl, job.scenario);
    if (cell == nullptr) {
      throw std::invalid_argument(fmt::format("{} was not compiled with scenario {}", m.impls[job.impl].name, s.name));
    }
    return measure_cell(*cell, s.values(job.param_values), opt);
  } catch (const std::exception& e) {
    alloc::set_counting(true);
    report::Result r = blank_result(m, job);
    r.status = report::Status::kError;
    r.error = std::string("exception: ") + e.what();
    return r;
  }
}

// Rounds 2..N of timing (MeasureOptions::time_rounds): the whole list again, timing only, each
// measurement in its own process; the samples join the first round's.
void add_time_rounds(const Matrix& m, const std::vector<Job>& jobs, const RunnerOptions& opt,
                     std::vector<report::Result>& results) {
  if (!opt.measure.time || opt.measure.time_counter != TimeCounter::kCpuNs || opt.measure.time_rounds < 2) {
    return;
  }
  std::vector<std::size_t> timed;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (results[i].status == report::Status::kOk && results[i].time && results[i].steady) timed.push_back(i);
  }
  std::vector<Task> tasks;
  for (std::size_t i : timed) {
    const Job job = jobs[i];
    const std::uint64_t iterations = results[i].steady->iterations;
    tasks.push_back({std::string(m.impls[job.impl].name) + " " + std::string(m.scenarios[job.scenario].name),
                     [&m, job, iterations, reps = opt.measure.time_repetitions] {
                       const ScenarioInfo& s = m.scenarios[job.scenario];
                       const Cell* cell = m.cell(job.impl, job.scenario);
                       return report::dump_line(time_cell(*cell, s.values(job.param_values), iterations, reps).samples_ns);
                     }});
  }
  for (std::uint64_t round = 1; round < opt.measure.time_rounds; ++round) {
    const auto outcomes = run_tasks(tasks, opt, {});
    for (std::size_t k = 0; k < timed.size(); ++k) {
      if (outcomes[k].status != report::Status::kOk) continue;  // a round lost: fewer samples
      report::TimeBlock& t = *results[timed[k]].time;
      for (double x : report::parse_numbers(outcomes[k].output)) t.samples_ns.push_back(x);
    }
  }
  for (std::size_t i : timed) {
    report::TimeBlock& t = *results[i].time;
    t = summarize_time(std::move(t.samples_ns), t.iterations_per_sample);
  }
}

std::vector<report::Result> run_jobs(const Matrix& m, const std::vector<Job>& jobs,
                                     const RunnerOptions& opt, const ProgressFn& progress) {
  std::vector<Task> tasks;
  for (const Job& job : jobs) {
    tasks.push_back({std::string(m.impls[job.impl].name) + " " + std::string(m.scenarios[job.scenario].name),
                     [&m, job, measure = opt.measure] {
                       return report::dump_line(run_in_process(m, job, measure));
                     }});
  }
  const auto outcomes = run_tasks(tasks, opt, progress);
  std::vector<report::Result> results;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const TaskOutcome& o = outcomes[i];
    report::Result r = blank_result(m, jobs[i]);
    if (o.status == report::Status::kOk) {
      try {
        r = report::parse_result(o.output, "measurement process");
      } catch (const std::exception& e) {
        r.status = report::Status::kError;
        r.error = std::string("unreadable result from measurement process: ") + e.what();
      }
    } else {
      r.status = o.status;
      r.error = o.error;
    }
    results.push_back(std::move(r));
  }
  add_time_rounds(m, jobs, opt, results);
  add_instruction_counts(m, jobs, opt, results, progress);
  return results;
}

AttributionOutcome run_attributions(const Matrix& m, const std::vector<std::size_t>& impls,
                                    const RunnerOptions& opt, const ProgressFn& progress) {
  std::vector<Task> tasks;
  for (std::size_t i : impls) {
    tasks.push_back({std::string(m.impls[i].name) + " per-object",
                     [fn = m.impls[i].attribute] { return report::dump_line(fn()); }});
  }
  const auto outcomes = run_tasks(tasks, opt, progress);
  AttributionOutcome out;
  for (std::size_t k = 0; k < impls.size(); ++k) {
    const std::string name(m.impls[impls[k]].name);
    if (outcomes[k].status != report::Status::kOk) {
      out.errors[name] = outcomes[k].error;
      continue;
    }
    try {
      out.per_object[name] = report::parse_per_object(outcomes[k].output, name);
    } catch (const std::exception& e) {
      out.errors[name] = std::string("unreadable per-object result: ") + e.what();
    }
  }
  return out;
}

}  // namespace sigheap
