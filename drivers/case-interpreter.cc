// Runs one wsdsim-case/1 document on a platform in real time, one OS thread per scenario thread.
#include "case-interpreter.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace wsdsim::driver
{

using nlohmann::json;

namespace
{

/// The longest real time a case may take in a driver.
constexpr int64_t kMaxRealNs = 30'000'000'000;
/// How long the sockets stay open after the last call returned.
constexpr std::chrono::milliseconds kGrace{300};

int64_t
NowEpochNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// `size` bytes of "abc...z" repeated (as the model sends).
std::string
Pattern(uint32_t size)
{
    std::string bytes(size, 'a');
    for (uint32_t i = 0; i < size; ++i)
    {
        bytes[i] = static_cast<char>('a' + i % 26);
    }
    return bytes;
}

/// Shared state of a running case.
class CaseRun
{
  public:
    CaseRun(const json& testCase,
            Platform& platform,
            const std::string& tracePath,
            int64_t startEpochNs)
        : m_case(testCase)
        , m_platform(platform)
        , m_trace(tracePath, std::ios::binary | std::ios::trunc)
        , m_start(startEpochNs)
    {
    }

    int Run()
    {
        if (!m_trace)
        {
            std::cerr << "cannot write the trace\n";
            return 2;
        }
        Write({{"kind", "header"},
               {"format", "wsdsim-trace/1"},
               {"scenario", m_case.at("scenario")},
               {"case", m_case.at("id")},
               {"implementation", m_platform.Name()}});
        const int64_t until = std::min<int64_t>(m_case.at("until_ns").get<int64_t>(), kMaxRealNs);
        std::vector<std::thread> threads;
        for (const auto& thread : m_case.at("threads"))
        {
            threads.emplace_back([this, name = thread.at("name").get<std::string>()]()
                                 { RunThread(name); });
        }
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            const auto deadline
                = std::chrono::system_clock::time_point(std::chrono::nanoseconds(m_start + until));
            m_changed.wait_until(
                lock, deadline, [&]() { return m_finishedThreads == threads.size(); });
            // Segments still in flight after the last call (a FIN's ACK, a RST) belong to the
            // case: keep the sockets open a little before the process ends and closes them.
            m_changed.wait_until(lock,
                                 std::min(deadline, std::chrono::system_clock::now() + kGrace),
                                 [] { return false; });
            // What the process's exit does to its sockets is not the case's: tell wsdsim where
            // the case ended (docs/driver-contract.md).
            std::cout << "ENDED " << Elapsed() << std::endl;
            // The case ends here: threads still blocked are abandoned with the process.
            json end = {{"kind", "end"}, {"events", m_events}};
            m_trace << end.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
            m_trace.flush();
            m_ended = true;
        }
        const bool allDone = m_finishedThreads == threads.size();
        for (auto& thread : threads)
        {
            if (allDone)
            {
                thread.join();
            }
            else
            {
                thread.detach();
            }
        }
        return 0;
    }

  private:
    void Write(const json& line)
    {
        m_trace << line.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    }

    int64_t Elapsed() const
    {
        return NowEpochNs() - m_start;
    }

    uint32_t HostOf(const std::string& thread) const
    {
        for (const auto& t : m_case.at("threads"))
        {
            if (t.at("name") == thread)
            {
                return t.at("host");
            }
        }
        return 0;
    }

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

    int64_t HandleOf(const json& value)
    {
        if (value.is_number_integer())
        {
            return value.get<int64_t>();
        }
        std::lock_guard<std::mutex> lock(m_mutex);
        auto it = m_handles.find(value.get<std::string>());
        return it == m_handles.end() ? -1 : it->second;
    }

    BufferArg Buffer(const json& value, bool forData)
    {
        BufferArg buffer;
        if (value.is_null())
        {
            return buffer;
        }
        if (value.is_string())
        {
            buffer.kind = BufferArg::Kind::TEXT;
            buffer.text = value.get<std::string>();
            return buffer;
        }
        if (value.contains("fault"))
        {
            const std::string fault = value.at("fault");
            buffer.kind = fault == "null"       ? BufferArg::Kind::NULL_ADDRESS
                          : fault == "unmapped" ? BufferArg::Kind::UNMAPPED
                                                : BufferArg::Kind::PAST_END;
            return buffer;
        }
        buffer.kind = forData ? BufferArg::Kind::NONE : BufferArg::Kind::CAPACITY;
        buffer.capacity = value.value("len", 0u);
        return buffer;
    }

    CallResult Invoke(const json& step, uint32_t host)
    {
        const json& a = step.at("args");
        const std::string call = step.at("call");
        const auto& hosts = m_case.at("hosts");
        const uint16_t portOffset = m_case.value("port_offset", 0);
        if (call == "WSAStartup")
        {
            return m_platform.Startup(a.value("version", "2.2"), a.value("nullData", false));
        }
        if (call == "WSACleanup")
        {
            return m_platform.Cleanup();
        }
        if (call == "socket")
        {
            const std::string type = a.at("type");
            const std::string protocol = a.contains("protocol") ? a.at("protocol").dump() : "0";
            CallResult r = m_platform.Socket(type == "SOCK_STREAM"  ? 1
                                             : type == "SOCK_DGRAM" ? 2
                                                                    : 3,
                                             protocol == "\"IPPROTO_TCP\""   ? 6
                                             : protocol == "\"IPPROTO_UDP\"" ? 17
                                                                             : 0);
            if (r.value != -1)
            {
                const auto& topology = m_case.at("topology");
                m_platform.SetBufferSizes(r.value,
                                          topology.value("receive_buffer", 131072u),
                                          topology.value("send_buffer", 131072u),
                                          topology.value("segment_size", 536u));
                // A thread's sockets belong to its host: bind them to its address up front
                // unless the scenario binds them itself.
                if (!step.at("as").is_null())
                {
                    std::lock_guard<std::mutex> lock(m_mutex);
                    m_handles[step.at("as")] = r.value;
                    m_hostOf[r.value] = host;
                }
            }
            return r;
        }
        if (call == "bind")
        {
            const uint32_t bindHost = a.value("host", host);
            return m_platform.Bind(
                HandleOf(a.at("s")), hosts.at(bindHost), a.at("port").get<uint16_t>() + portOffset);
        }
        if (call == "listen")
        {
            return m_platform.Listen(HandleOf(a.at("s")), a.value("backlog", 5));
        }
        if (call == "accept")
        {
            CallResult r = m_platform.Accept(HandleOf(a.at("s")));
            if (r.value != -1 && !step.at("as").is_null())
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                m_handles[step.at("as")] = r.value;
            }
            return r;
        }
        if (call == "connect")
        {
            const int64_t s = HandleOf(a.at("s"));
            {
                // Leave from the thread's host address, as the model's host does.
                std::lock_guard<std::mutex> lock(m_mutex);
                if (!m_bound.count(s))
                {
                    m_bound.insert(s);
                    m_platform.Bind(s, hosts.at(host), 0);
                }
            }
            return m_platform.Connect(s,
                                      hosts.at(a.at("host").get<uint32_t>()),
                                      a.at("port").get<uint16_t>() + portOffset);
        }
        if (call == "send")
        {
            return m_platform.Send(HandleOf(a.at("s")),
                                   a.contains("data") ? a.at("data").get<std::string>()
                                                      : Pattern(a.value("size", 0u)));
        }
        if (call == "recv")
        {
            return m_platform.Recv(HandleOf(a.at("s")), a.value("len", 65536u));
        }
        if (call == "shutdown")
        {
            const json& how = a.at("how");
            int number = 0;
            if (how.is_string())
            {
                number = how == "SD_RECEIVE" ? 0 : how == "SD_SEND" ? 1 : 2;
            }
            else
            {
                number = how.get<int>();
            }
            return m_platform.Shutdown(HandleOf(a.at("s")), number);
        }
        if (call == "WSASendDisconnect")
        {
            return m_platform.SendDisconnect(HandleOf(a.at("s")),
                                             Buffer(a.value("data", json()), true));
        }
        if (call == "WSARecvDisconnect")
        {
            return m_platform.RecvDisconnect(HandleOf(a.at("s")),
                                             Buffer(a.value("buffer", json()), false));
        }
        if (call == "closesocket")
        {
            return m_platform.CloseSocket(HandleOf(a.at("s")));
        }
        if (call == "setsockopt")
        {
            const std::string option = a.at("option");
            if (option == "SO_LINGER")
            {
                return m_platform.SetLinger(HandleOf(a.at("s")),
                                            a.value<uint16_t>("onoff", 0),
                                            a.value<uint16_t>("seconds", 0),
                                            a.value("optlen", 4));
            }
            if (option == "SO_DONTLINGER")
            {
                return m_platform.SetDontLinger(
                    HandleOf(a.at("s")), a.value("value", false), a.value("optlen", 4));
            }
            return m_platform.SetOtherOption(HandleOf(a.at("s")), option);
        }
        if (call == "getsockopt")
        {
            return m_platform.GetOption(HandleOf(a.at("s")), a.at("option"));
        }
        if (call == "ioctlsocket")
        {
            return m_platform.SetNonBlocking(HandleOf(a.at("s")), a.value("value", 0u));
        }
        CallResult unknown;
        unknown.value = -1;
        unknown.error = "WSAEOPNOTSUPP";
        return unknown;
    }

    void RunThread(const std::string& name)
    {
        const uint32_t host = HostOf(name);
        // Every thread exists before the case starts, at the time wsdsim gave: none starts late
        // because it was created after another.
        std::this_thread::sleep_until(
            std::chrono::system_clock::time_point(std::chrono::nanoseconds(m_start)));
        for (const auto& step : m_case.at("steps"))
        {
            if (step.at("thread") != name || step.value("blocking_hook", false))
            {
                continue;
            }
            if (!step.at("after").is_null())
            {
                std::unique_lock<std::mutex> lock(m_mutex);
                const std::string after = step.at("after");
                m_changed.wait(lock, [&]() { return m_returned.count(after) > 0 || m_ended; });
                if (m_ended)
                {
                    break;
                }
            }
            if (!step.at("at_ns").is_null())
            {
                const int64_t at = step.at("at_ns");
                std::this_thread::sleep_until(
                    std::chrono::system_clock::time_point(std::chrono::nanoseconds(m_start + at)));
            }
            const int64_t delay = step.value("delay_ns", 0);
            if (delay > 0)
            {
                std::this_thread::sleep_for(std::chrono::nanoseconds(delay));
            }
            const int64_t index = step.at("index");
            Event({{"kind", "call"},
                   {"host", host},
                   {"thread", name},
                   {"step", index},
                   {"call", step.at("call")},
                   {"args", step.at("args").dump()}});
            const int64_t called = Elapsed();
            const CallResult result = Invoke(step, host);
            const int64_t returned = Elapsed();
            json event = {{"kind", "return"},
                          {"host", host},
                          {"thread", name},
                          {"step", index},
                          {"call", step.at("call")},
                          {"result", result.value},
                          {"error", result.error},
                          {"errno", result.rawError},
                          // Real time always passes: "blocked" means more than a scheduling
                          // hiccup (1 ms), the model's simulated-time notion of blocking.
                          {"blocked", returned - called > 1'000'000}};
            if (result.hasData)
            {
                event["data"] = result.data;
            }
            Event(event);
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                m_returned.insert(step.at("id").get<std::string>());
            }
            m_changed.notify_all();
        }
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            ++m_finishedThreads;
        }
        m_changed.notify_all();
    }

    const json& m_case;
    Platform& m_platform;
    std::ofstream m_trace;
    int64_t m_start;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::map<std::string, int64_t> m_handles;
    std::map<int64_t, uint32_t> m_hostOf;
    std::set<int64_t> m_bound;
    std::set<std::string> m_returned;
    size_t m_finishedThreads{0};
    uint64_t m_events{0};
    bool m_ended{false};
};

} // namespace

int
RunCase(const json& testCase,
        Platform& platform,
        const std::string& tracePath,
        int64_t startEpochNs)
{
    std::string reason;
    if (!platform.CanExpress(testCase, &reason))
    {
        std::cout << "UNSUPPORTED: " << reason << std::endl;
        return 3;
    }
    CaseRun run(testCase, platform, tracePath, startEpochNs);
    return run.Run();
}

} // namespace wsdsim::driver
