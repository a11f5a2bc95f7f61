// The delivery invariant: sent bytes arrive whole and in order before end of stream, or the
// connection reports an error.
#include "judge/delivery-check.h"

#include <deque>
#include <map>
#include <set>
#include <type_traits>
#include <utility>
#include <variant>

#include "trace/trace-io.h"

namespace wsdsim
{
namespace
{

/// How many trace lines before a violation its divergence shows.
constexpr size_t kContextLines = 3;

/// One direction of a connection, from the sender's side: what it sent, what the peer read.
struct Stream
{
    std::string window;       //!< bytes sent from offset windowStart on, not yet all read
    uint64_t windowStart{0};  //!< offset of window's first byte
    uint64_t offered{0};      //!< bytes offered by send calls, including ones not returned yet
    uint64_t confirmed{0};    //!< bytes that send calls have returned as sent
    uint64_t read{0};         //!< bytes the peer's recv calls returned
    uint64_t pendingOffer{0}; //!< bytes of the send call that has not returned yet
};

/// \return the socket name a step's "s" argument names, or ""
std::string
SocketOf(const Step& step)
{
    const SocketRef* socket = wsdsim::SocketOf(step.call);
    return socket && socket->IsNamed() ? socket->name : "";
}

/// \return whether an error says the connection ended and data in flight may be lost
bool
EndsConnection(const std::string& error)
{
    const WinsockError* entry = FindWinsockError(error);
    return entry && entry->endsConnection;
}

/// The calls that send a stream's bytes: send, sendto (a connected stream socket ignores its
/// address) and WSASend.
template <class C>
constexpr bool IsSendCall
    = std::is_same_v<
          C,
          calls::Send> || std::is_same_v<C, calls::SendTo> || std::is_same_v<C, calls::WsaSend>;

/// \return the byte count a WSARecv or WSASend return gives in its "bytes" out-parameter (0 when
///         it gives none)
int64_t
BytesOut(const TraceEvent& event)
{
    if (event.outputs.empty())
    {
        return 0;
    }
    const auto outputs = nlohmann::json::parse(event.outputs, nullptr, false);
    return outputs.is_object() && outputs.contains("bytes") && outputs["bytes"].is_number_integer()
               ? outputs["bytes"].get<int64_t>()
               : 0;
}

/// Walks a trace once, pairing the case's connections and following their bytes.
class DeliveryWalker
{
  public:
    explicit DeliveryWalker(const ScenarioCase& scenarioCase)
        : m_case(scenarioCase)
    {
        for (const auto& thread : scenarioCase.threads)
        {
            m_hostOf[thread.name] = thread.host;
        }
    }

    /// Follow one event; \return false once a violation is found
    bool Follow(const TraceEvent& event, size_t index)
    {
        m_context.push_back(event); // rendered as text only for a violation
        if (m_context.size() > kContextLines)
        {
            m_context.pop_front();
        }
        if (event.step < 0 || static_cast<size_t>(event.step) >= m_case.steps.size())
        {
            return true;
        }
        const Step& step = m_case.steps[event.step];
        if (event.kind == EventKind::CALL)
        {
            std::visit(
                [&](const auto& call)
                {
                    using C = std::decay_t<decltype(call)>;
                    if constexpr (IsSendCall<C>)
                    {
                        Offer(SocketOf(step), OfferedBytes(call));
                    }
                },
                step.call);
            return true;
        }
        return event.kind != EventKind::RETURN || Returned(step, event, index);
    }

    /// \return the result so far
    DeliveryCheck Result() const
    {
        return m_result;
    }

  private:
    /// A step's call returned: follow what it did to the case's connections.
    bool Returned(const Step& step, const TraceEvent& event, size_t index)
    {
        const std::string socket = SocketOf(step);
        if (EndsConnection(event.error))
        {
            m_errored.insert(socket);
            if (m_peer.count(socket))
            {
                m_errored.insert(m_peer[socket]);
            }
        }
        if (const auto* bind = std::get_if<calls::Bind>(&step.call); bind && event.result == 0)
        {
            const auto host = static_cast<uint32_t>(bind->host.value_or(m_hostOf[step.thread]));
            m_boundTo[socket] = Endpoint{host, static_cast<uint32_t>(bind->port)};
        }
        else if (const auto* connect = std::get_if<calls::Connect>(&step.call);
                 connect && (event.result == 0 || event.error == "WSAEWOULDBLOCK"))
        {
            const Endpoint at{static_cast<uint32_t>(connect->host),
                              static_cast<uint32_t>(connect->port)};
            Pair(at, socket, m_connecting, m_accepted);
        }
        else if (std::holds_alternative<calls::Accept>(step.call) && event.result >= 0 && step.as)
        {
            Reset(*step.as);
            const auto listener = m_boundTo.find(socket);
            if (listener != m_boundTo.end())
            {
                Pair(listener->second, *step.as, m_accepted, m_connecting);
            }
        }
        else if ((std::holds_alternative<calls::Socket>(step.call)
                  || std::holds_alternative<calls::WsaSocket>(step.call))
                 && event.result >= 0 && step.as)
        {
            Reset(*step.as);
        }
        else
        {
            return MovedBytes(step, socket, event, index);
        }
        return true;
    }

    /// A send or receive returned: keep what it sent, check what it read.
    bool MovedBytes(const Step& step,
                    const std::string& socket,
                    const TraceEvent& event,
                    size_t index)
    {
        if (std::holds_alternative<calls::Send>(step.call)
            || std::holds_alternative<calls::SendTo>(step.call))
        {
            Confirm(socket, event.result);
        }
        else if (std::holds_alternative<calls::WsaSend>(step.call))
        {
            // Done at once: the bytes it gives; pending (WSA_IO_PENDING): all of them, which it
            // sends unless the connection fails (an error that ends it is reported).
            Confirm(socket,
                    event.error == "WSA_IO_PENDING" ? m_streams[socket].pendingOffer
                    : event.result == 0             ? BytesOut(event)
                                                    : 0);
        }
        else if (std::holds_alternative<calls::Recv>(step.call)
                 || std::holds_alternative<calls::RecvFrom>(step.call))
        {
            return Read(socket, event, event.result, index);
        }
        else if (std::holds_alternative<calls::WsaRecv>(step.call))
        {
            if (event.error == "WSA_IO_PENDING")
            {
                // What a pending receive takes is in no trace line (its completion gives a
                // count, not the bytes): the stream cannot be followed from here on.
                m_blind.insert(socket);
                return true;
            }
            return Read(socket, event, event.result == 0 ? BytesOut(event) : -1, index);
        }
        return true;
    }

    /// A listening address: (host, port).
    using Endpoint = std::pair<uint32_t, uint32_t>;
    /// Sockets waiting for their other end, per listening address.
    using Waiting = std::map<Endpoint, std::deque<std::string>>;

    /// Pair a socket with the first one waiting on the other side, or let it wait.
    void Pair(const Endpoint& at, const std::string& socket, Waiting& mine, Waiting& theirs)
    {
        auto& other = theirs[at];
        if (other.empty())
        {
            mine[at].push_back(socket);
            return;
        }
        m_peer[socket] = other.front();
        m_peer[other.front()] = socket;
        other.pop_front();
    }

    /// A name now stands for a new socket: forget the old one's streams.
    void Reset(const std::string& socket)
    {
        m_streams.erase(socket);
        m_errored.erase(socket);
        m_blind.erase(socket);
        const auto peer = m_peer.find(socket);
        if (peer != m_peer.end())
        {
            m_peer.erase(peer->second);
            m_peer.erase(peer);
        }
    }

    void Offer(const std::string& socket, const std::string& bytes)
    {
        Stream& stream = m_streams[socket];
        stream.window += bytes;
        stream.offered += bytes.size();
        stream.pendingOffer = bytes.size();
    }

    /// A send returned: keep what it sent, drop the part of its offer it did not.
    void Confirm(const std::string& socket, int64_t result)
    {
        Stream& stream = m_streams[socket];
        const uint64_t sent = result > 0 ? std::min<uint64_t>(result, stream.pendingOffer) : 0;
        const uint64_t unsent = stream.pendingOffer - sent;
        const uint64_t droppable = std::min<uint64_t>(unsent, stream.offered - stream.read);
        stream.window.resize(stream.window.size() - droppable);
        stream.offered -= droppable;
        stream.confirmed += sent;
        stream.pendingOffer = 0;
    }

    /// A receive returned `count` bytes (0: end of stream, -1: it failed).
    bool Read(const std::string& socket, const TraceEvent& event, int64_t count, size_t index)
    {
        const auto peer = m_peer.find(socket);
        if (peer == m_peer.end() || m_blind.count(socket))
        {
            return true; // not a connection the case made (UDP, or its other end is unknown),
                         // or one whose bytes a pending receive took unseen
        }
        Stream& stream = m_streams[peer->second];
        if (count > 0 && event.data)
        {
            const std::string& bytes = *event.data;
            const uint64_t offset = stream.read - stream.windowStart;
            if (stream.read + bytes.size() > stream.offered)
            {
                return Violate(
                    index,
                    "recv on " + socket + " returned bytes " + peer->second + " never sent",
                    std::to_string(stream.offered - stream.read)
                        + " more byte(s) at most, after byte " + std::to_string(stream.read),
                    std::to_string(bytes.size()) + " byte(s)");
            }
            const std::string expected = stream.window.substr(offset, bytes.size());
            if (expected != bytes)
            {
                size_t at = 0;
                while (at < bytes.size() && expected[at] == bytes[at])
                {
                    ++at;
                }
                return Violate(index,
                               "recv on " + socket + " returned bytes out of order or corrupted",
                               "byte " + std::to_string(stream.read + at) + " of what "
                                   + peer->second + " sent: '" + expected.substr(at, 16) + "'",
                               "'" + bytes.substr(at, 16) + "'");
            }
            stream.read += bytes.size();
            m_result.bytesChecked += bytes.size();
            // Forget what has been read once it is most of the window.
            const uint64_t consumed = stream.read - stream.windowStart;
            if (consumed > 65536 && consumed * 2 > stream.window.size())
            {
                stream.window.erase(0, consumed);
                stream.windowStart = stream.read;
            }
            return true;
        }
        if (count == 0 && event.error == "NO_ERROR")
        {
            ++m_result.streamsChecked;
            if (stream.read < stream.confirmed && !m_errored.count(socket)
                && !m_errored.count(peer->second))
            {
                return Violate(index,
                               "silent data loss: recv on " + socket
                                   + " returned end of stream before every byte " + peer->second
                                   + " sent had arrived, and no error was reported",
                               std::to_string(stream.confirmed) + " byte(s), then end of stream",
                               std::to_string(stream.read) + " byte(s), then end of stream ("
                                   + std::to_string(stream.confirmed - stream.read) + " missing)");
            }
        }
        return true;
    }

    bool Violate(size_t index,
                 const std::string& what,
                 const std::string& expected,
                 const std::string& actual)
    {
        Divergence violation;
        violation.kind = DivergenceKind::DELIVERY;
        violation.eventIndex = index;
        violation.what = what;
        violation.expected = expected;
        violation.actual = actual;
        for (const auto& earlier : m_context)
        {
            violation.context.push_back(earlier.ToLine());
        }
        violation.level = "MUST";
        m_result.violation = violation;
        return false;
    }

    const ScenarioCase& m_case;                //!< the case
    std::map<std::string, uint32_t> m_hostOf;  //!< thread -> host
    std::map<std::string, Endpoint> m_boundTo; //!< socket -> address it is bound to
    Waiting m_connecting;                      //!< connects not yet paired
    Waiting m_accepted;                        //!< accepts not yet paired
    std::map<std::string, std::string> m_peer; //!< socket -> its connection's other end
    std::map<std::string, Stream> m_streams;   //!< sender socket -> its stream
    std::set<std::string> m_errored;           //!< sockets that reported an error
    std::set<std::string> m_blind;             //!< sockets an overlapped receive read unseen
    std::deque<TraceEvent> m_context;          //!< the last events
    DeliveryCheck m_result;                    //!< what was found
};

} // namespace

DeliveryCheck
CheckDelivery(const ScenarioCase& scenarioCase, const std::string& tracePath)
{
    TraceReader reader(tracePath);
    DeliveryWalker walker(scenarioCase);
    size_t index = 0;
    TraceEvent event; // one event's storage, reused line after line
    while (reader.Next(&event))
    {
        if (!walker.Follow(event, index++))
        {
            break;
        }
    }
    return walker.Result();
}

} // namespace wsdsim
