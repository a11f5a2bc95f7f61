// Runs one case on a platform in real time, one OS thread per scenario thread.
#include "case-interpreter.h"

#include "platform-invoker.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "wsdsim/call-json.h"
#include "wsdsim/trace-format.h"

namespace wsdsim::driver
{

using nlohmann::json;

namespace
{

/// The longest real time a case may take in a driver.
constexpr int64_t kMaxRealNs = 30'000'000'000;
/// A driver that picks the case start itself starts this long after it is ready: time enough to
/// make the case's threads, so that none begins late.
constexpr int64_t kReadyLeadNs = 2'000'000;
/// More real time than this in a call is written "blocked", the driver's raw reading for the
/// reports. wsdsim does not judge by it: it judges a real call blocking from the call's and the
/// return's time_ns and the implementation's timing floor (docs/driver-contract.md, "What blocked
/// means for a real implementation").
constexpr int64_t kBlockedNs = 1'000'000;

int64_t
NowEpochNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// \return a point of the system clock, nanoseconds since the epoch
std::chrono::system_clock::time_point
At(int64_t epochNs)
{
    return std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::nanoseconds(epochNs)));
}

/// The shared state of a running case.
class CaseRun
{
  public:
    CaseRun(const DriverCase& testCase,
            Platform& platform,
            const std::string& tracePath,
            int64_t startEpochNs)
        : m_case(testCase)
        , m_platform(platform)
        , m_trace(tracePath, std::ios::binary | std::ios::trunc)
        , m_start(startEpochNs)
        , m_stepsStart(startEpochNs)
    {
    }

    /// Run every thread to the case's end and write the trace. \return the exit status
    /// \param allThreadsDone set to whether every thread finished (else some are still blocked
    ///        in a call, detached: the process must end)
    int Run(bool* allThreadsDone)
    {
        if (!m_trace)
        {
            std::cerr << "cannot write the trace\n";
            return 2;
        }
        Write({{"kind", "header"},
               {"format", kTraceFormatName},
               {"scenario", m_case.scenario},
               {"case", m_case.id},
               {"implementation", m_platform.Name()}});
        // A process that reaches the case start late (Wine's loader with every core busy took
        // 3.5 s, scripts/flake.sh) runs the steps from the moment it is ready: at_ns counted from
        // the case start would run every step due by then at once, and a recv the scenario
        // makes wait 500 ms for its peer would wait a few milliseconds. time_ns stays counted from
        // the case start, the time wsdsim's capture is merged by; the comparator times segments
        // from the calls before them, so a late schedule does not count against them.
        m_stepsStart = std::max(m_start, NowEpochNs());
        std::vector<std::thread> threads;
        for (const auto& [name, host] : m_case.threads)
        {
            threads.emplace_back([this, name = name, host = host]() { RunThread(name, host); });
        }
        const bool allDone = WaitForTheEnd(threads.size());
        *allThreadsDone = allDone;
        for (auto& thread : threads)
        {
            if (allDone)
            {
                thread.join();
            }
            else
            {
                thread.detach(); // still blocked in a call: abandoned with the process
            }
        }
        return 0;
    }

  private:
    /// Wait until every thread finished or the case's time is up, then end the trace.
    /// \return whether every thread finished
    bool WaitForTheEnd(size_t threadCount)
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        const auto deadline = At(m_stepsStart + std::min<int64_t>(m_case.untilNs, kMaxRealNs));
        m_changed.wait_until(lock, deadline, [&]() { return m_finishedThreads == threadCount; });
        // Segments still in flight after the last call (a FIN's ACK, a RST) belong to the
        // case: keep the sockets open as long as the case says (its reference's tail) before the
        // process ends and closes them.
        const auto grace
            = std::chrono::nanoseconds(std::clamp<int64_t>(m_case.graceNs, 0, kMaxRealNs));
        m_changed.wait_until(
            lock,
            std::min(deadline,
                     std::chrono::system_clock::now()
                         + std::chrono::duration_cast<std::chrono::system_clock::duration>(grace)),
            [] { return false; });
        // What the process's exit does to its sockets is not the case's: tell wsdsim where the
        // case ended (docs/driver-contract.md).
        std::cout << "ENDED " << Elapsed() << std::endl;
        Write({{"kind", "end"}, {"events", m_events}});
        m_trace.flush();
        m_ended = true;
        m_changed.notify_all(); // the finished threads may end now
        return m_finishedThreads == threadCount;
    }

    void Write(const json& line)
    {
        m_trace << line.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    }

    int64_t Elapsed() const
    {
        return NowEpochNs() - m_start;
    }

    /// Write an event, timed now (nothing once the case has ended).
    void Event(json event)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_ended)
        {
            return;
        }
        event["time_ns"] = Elapsed();
        Write(event);
        ++m_events;
    }

    /// Wait for a step's turn: its "after" step returned, its time come. \return false when
    /// the case ended first
    bool WaitForTurn(const DriverStep& step)
    {
        if (step.after)
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_changed.wait(lock, [&]() { return m_returned.count(*step.after) > 0 || m_ended; });
            if (m_ended)
            {
                return false;
            }
        }
        if (step.atNs)
        {
            std::this_thread::sleep_until(At(m_stepsStart + *step.atNs));
        }
        if (step.delayNs > 0)
        {
            std::this_thread::sleep_for(std::chrono::nanoseconds(step.delayNs));
        }
        return true;
    }

    /// Make a step's call and write its call and return events.
    void MakeCall(const DriverStep& step, const std::string& thread, uint32_t host)
    {
        const std::string name(CallName(step.call));
        Event({{"kind", "call"},
               {"host", host},
               {"thread", thread},
               {"step", step.index},
               {"call", name},
               {"args", EncodeArguments(step.call)}});
        const int64_t called = Elapsed();
        PlatformInvoker invoker(m_platform, m_case, step, host, m_handles);
        const CallResult result = std::visit(invoker, step.call);
        const int64_t returned = Elapsed();
        json event = {{"kind", "return"},
                      {"host", host},
                      {"thread", thread},
                      {"step", step.index},
                      {"call", name},
                      {"result", result.value},
                      {"error", result.error},
                      {"errno", result.rawError},
                      {"blocked", returned - called > kBlockedNs}};
        if (result.hasData)
        {
            event["data"] = result.data;
        }
        if (!result.outputs.empty())
        {
            event["out"] = result.outputs;
        }
        Event(event);
    }

    /// One scenario thread: its steps in order (blocking-hook steps never run on a driver).
    void RunThread(const std::string& name, uint32_t host)
    {
        // Every thread exists before the case starts, at the time wsdsim gave: none starts late
        // because it was created after another.
        std::this_thread::sleep_until(At(m_stepsStart));
        for (const auto& step : m_case.steps)
        {
            if (step.thread != name || step.inBlockingHook)
            {
                continue;
            }
            if (!WaitForTurn(step))
            {
                break;
            }
            MakeCall(step, name, host);
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                m_returned.insert(step.id);
            }
            m_changed.notify_all();
        }
        std::unique_lock<std::mutex> lock(m_mutex);
        ++m_finishedThreads;
        m_changed.notify_all();
        // The OS thread lives until the case ends, as a program's threads do: Windows cancels the
        // overlapped operations a thread issued when it exits (unless its socket is associated
        // with a completion port), so a thread ending after its last step would cancel a WSARecv
        // another thread waits for.
        m_changed.wait(lock, [this]() { return m_ended; });
    }

    const DriverCase& m_case;          //!< the case
    Platform& m_platform;              //!< the implementation
    std::ofstream m_trace;             //!< the trace
    int64_t m_start;                   //!< the case start (epoch ns), time_ns counts from it
    int64_t m_stepsStart;              //!< at_ns and until_ns count from it: the case start, or
                                       //!< when the process was ready if that was later
    std::mutex m_mutex;                //!< guards what follows and the trace
    std::condition_variable m_changed; //!< a step returned, a thread finished
    HandleBook m_handles;              //!< handle names
    std::set<std::string> m_returned;  //!< ids of the steps that returned
    size_t m_finishedThreads{0};       //!< threads done
    uint64_t m_events{0};              //!< events written
    bool m_ended{false};               //!< the trace has its end line
};

} // namespace

int
RunCase(const DriverCase& testCase,
        Platform& platform,
        const std::string& tracePath,
        std::optional<int64_t> startEpochNs,
        bool* allThreadsDone)
{
    *allThreadsDone = true;
    std::string reason;
    if (!platform.CanExpress(testCase, &reason))
    {
        std::cout << "UNSUPPORTED: " << reason << std::endl;
        return 3;
    }
    if (!startEpochNs)
    {
        // Ready now (the process started, the case read, the platform made): the case starts
        // once its threads exist, and wsdsim learns when (docs/driver-contract.md).
        startEpochNs = NowEpochNs() + kReadyLeadNs;
        std::cout << "STARTED " << *startEpochNs << std::endl;
    }
    auto run = std::make_unique<CaseRun>(testCase, platform, tracePath, *startEpochNs);
    const int status = run->Run(allThreadsDone);
    if (!*allThreadsDone)
    {
        run.release(); // its threads still blocked in calls use it until the process ends
    }
    return status;
}

} // namespace wsdsim::driver
