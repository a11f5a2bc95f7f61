// Fuzz entry for the comparator and the delivery check: a fixed small case, its reference, and
// the bytes as a trace.
#include "fuzz-entries.h"
#include "fuzz-files.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "common/input-error.h"
#include "judge/comparator.h"
#include "judge/delivery-check.h"
#include "scenario/scenario-loader.h"

namespace
{

/// The case: scenarios/errors/send-disconnect-fault.json as of issue 7 (frozen here, so that
/// the regression inputs keep their meaning when the suite changes).
const char* const kScenario = R"json(
{
  "description": "On a provider with disconnect data (ISO transport over TCP), WSASendDisconnect with a disconnect-data descriptor that is not wholly inside the application's address space (running past the end of its buffer, a null address, an address never allocated) fails with WSAEFAULT.",
  "profile": "iso-tp-over-tcp",
  "matrix": {
    "buffer": {
      "past-end": { "data": { "fault": "past-end" } },
      "null": { "data": { "fault": "null" } },
      "unmapped": { "data": { "fault": "unmapped" } }
    }
  },
  "threads": [
    { "name": "client", "host": 0 },
    { "name": "server", "host": 1 }
  ],
  "steps": [
    { "id": "server-startup", "thread": "server", "call": "WSAStartup", "expect": { "result": 0 } },
    { "id": "server-socket", "thread": "server", "call": "socket", "args": { "type": "SOCK_STREAM" }, "as": "ls",
      "expect": { "result": "handle" } },
    { "id": "server-bind", "thread": "server", "call": "bind", "args": { "s": "ls", "port": 5000 }, "expect": { "result": 0 } },
    { "id": "server-listen", "thread": "server", "call": "listen", "args": { "s": "ls" }, "expect": { "result": 0 } },
    { "id": "server-accept", "thread": "server", "call": "accept", "args": { "s": "ls" }, "as": "a",
      "expect": { "result": "handle" } },

    { "id": "client-startup", "thread": "client", "call": "WSAStartup", "expect": { "result": 0 } },
    { "id": "client-socket", "thread": "client", "call": "socket", "args": { "type": "SOCK_STREAM" }, "as": "c",
      "expect": { "result": "handle" } },
    { "id": "client-connect", "at": "1ms", "thread": "client", "call": "connect", "args": { "s": "c", "host": 1, "port": 5000 },
      "expect": { "result": 0 } },
    { "id": "send-disconnect", "at": "100ms", "thread": "client", "call": "WSASendDisconnect", "args": { "s": "c", "data": "$data" },
      "expect": { "result": "SOCKET_ERROR", "error": "WSAEFAULT",
                  "requirements": ["WSD-ERR-FAULT", "WSD-RETURNS-SOCKET-ERROR"] } }
  ],
  "until": "2s"
}
)json";

/// Its case "errors/send-disconnect-fault[buffer=null]" and the model's reference trace.
const char* const kCaseId = "errors/send-disconnect-fault[buffer=null]";
const char* const kReference = R"json(
{"case":"errors/send-disconnect-fault[buffer=null]","format":"wsdsim-trace/2","implementation":"model","kind":"header","scenario":"errors/send-disconnect-fault"}
{"args":{"nullData":false,"version":"2.2"},"call":"WSAStartup","host":0,"kind":"call","step":5,"thread":"client","time_ns":0}
{"blocked":false,"call":"WSAStartup","errno":0,"error":"NO_ERROR","host":0,"kind":"return","result":0,"step":5,"thread":"client","time_ns":0}
{"args":{"af":"AF_INET","protocol":0,"type":"SOCK_STREAM"},"call":"socket","host":0,"kind":"call","step":6,"thread":"client","time_ns":0}
{"blocked":false,"call":"socket","errno":0,"error":"NO_ERROR","host":0,"kind":"return","result":256,"step":6,"thread":"client","time_ns":0}
{"args":{"nullData":false,"version":"2.2"},"call":"WSAStartup","host":1,"kind":"call","step":0,"thread":"server","time_ns":0}
{"blocked":false,"call":"WSAStartup","errno":0,"error":"NO_ERROR","host":1,"kind":"return","result":0,"step":0,"thread":"server","time_ns":0}
{"args":{"af":"AF_INET","protocol":0,"type":"SOCK_STREAM"},"call":"socket","host":1,"kind":"call","step":1,"thread":"server","time_ns":0}
{"blocked":false,"call":"socket","errno":0,"error":"NO_ERROR","host":1,"kind":"return","result":256,"step":1,"thread":"server","time_ns":0}
{"args":{"port":5000,"s":"ls"},"call":"bind","host":1,"kind":"call","step":2,"thread":"server","time_ns":0}
{"blocked":false,"call":"bind","errno":0,"error":"NO_ERROR","host":1,"kind":"return","result":0,"step":2,"thread":"server","time_ns":0}
{"args":{"backlog":5,"s":"ls"},"call":"listen","host":1,"kind":"call","step":3,"thread":"server","time_ns":0}
{"from":"CLOSED","host":1,"kind":"tcp-state","socket":"ls","time_ns":0,"to":"LISTEN"}
{"blocked":false,"call":"listen","errno":0,"error":"NO_ERROR","host":1,"kind":"return","result":0,"step":3,"thread":"server","time_ns":0}
{"args":{"s":"ls"},"call":"accept","host":1,"kind":"call","step":4,"thread":"server","time_ns":0}
{"args":{"host":1,"port":5000,"s":"c"},"call":"connect","host":0,"kind":"call","step":7,"thread":"client","time_ns":1000000}
{"ack":0,"dir":"tx","dst":"10.0.0.2:5000","flags":"SYN","host":0,"kind":"segment","len":0,"proto":"tcp","seq":0,"src":"10.0.0.1:49153","time_ns":1000000}
{"from":"CLOSED","host":0,"kind":"tcp-state","socket":"c","time_ns":1000000,"to":"SYN_SENT"}
{"ack":0,"dir":"rx","dst":"10.0.0.2:5000","flags":"SYN","host":1,"kind":"segment","len":0,"proto":"tcp","seq":0,"src":"10.0.0.1:49153","time_ns":2046400}
{"from":"LISTEN","host":1,"kind":"tcp-state","socket":"","time_ns":2046400,"to":"SYN_RCVD"}
{"ack":1,"dir":"tx","dst":"10.0.0.1:49153","flags":"SYN|ACK","host":1,"kind":"segment","len":0,"proto":"tcp","seq":0,"src":"10.0.0.2:5000","time_ns":2046400}
{"ack":1,"dir":"rx","dst":"10.0.0.1:49153","flags":"SYN|ACK","host":0,"kind":"segment","len":0,"proto":"tcp","seq":0,"src":"10.0.0.2:5000","time_ns":3092800}
{"from":"SYN_SENT","host":0,"kind":"tcp-state","socket":"c","time_ns":3092800,"to":"ESTABLISHED"}
{"ack":1,"dir":"tx","dst":"10.0.0.2:5000","flags":"ACK","host":0,"kind":"segment","len":0,"proto":"tcp","seq":1,"src":"10.0.0.1:49153","time_ns":3092800}
{"blocked":true,"call":"connect","errno":0,"error":"NO_ERROR","host":0,"kind":"return","result":0,"step":7,"thread":"client","time_ns":3092800}
{"ack":1,"dir":"rx","dst":"10.0.0.2:5000","flags":"ACK","host":1,"kind":"segment","len":0,"proto":"tcp","seq":1,"src":"10.0.0.1:49153","time_ns":4136000}
{"from":"SYN_RCVD","host":1,"kind":"tcp-state","socket":"","time_ns":4136000,"to":"ESTABLISHED"}
{"blocked":true,"call":"accept","errno":0,"error":"NO_ERROR","host":1,"kind":"return","result":260,"step":4,"thread":"server","time_ns":4136000}
{"args":{"data":{"fault":"null"},"s":"c"},"call":"WSASendDisconnect","host":0,"kind":"call","step":8,"thread":"client","time_ns":100000000}
{"blocked":false,"call":"WSASendDisconnect","errno":10014,"error":"WSAEFAULT","host":0,"kind":"return","result":-1,"step":8,"thread":"client","time_ns":100000000}
{"events":29,"kind":"end"}
)json";

/// The case, loaded once per process, and the paths of its files.
struct Fixture
{
    wsdsim::ScenarioCase scenarioCase;
    std::string referencePath;
};

const Fixture&
GetFixture()
{
    static const Fixture fixture = []()
    {
        Fixture f;
        // Raw literals begin with a newline: a trace must not start with an empty line.
        const std::string scenarioPath
            = wsdsim::WriteScratchFile("errors/send-disconnect-fault.json", kScenario + 1);
        f.referencePath = wsdsim::WriteScratchFile("reference.jsonl", kReference + 1);
        const auto cases = wsdsim::LoadScenario(scenarioPath).cases;
        auto it = std::find_if(cases.begin(),
                               cases.end(),
                               [](const wsdsim::ScenarioCase& c) { return c.id == kCaseId; });
        if (it == cases.end())
        {
            std::fprintf(stderr, "comparator fuzz: no case %s in the frozen scenario\n", kCaseId);
            std::abort();
        }
        f.scenarioCase = *it;
        // The reference judged against itself must pass, or the fixture is stale.
        const auto self = wsdsim::CompareTrace(
            f.scenarioCase, f.referencePath, f.referencePath, wsdsim::Tolerance{}, true);
        if (self.verdict != wsdsim::Verdict::PASS)
        {
            std::fprintf(stderr, "comparator fuzz: the reference does not pass against itself\n");
            std::abort();
        }
        return f;
    }();
    return fixture;
}

} // namespace

int
WsdsimFuzzComparator(const uint8_t* data, size_t size)
{
    const Fixture& fixture = GetFixture();
    const std::string tracePath = wsdsim::WriteScratchFile("trace.jsonl", data, size);
    // The bytes as the trace under judgement: with the reference, then outcomes only.
    try
    {
        (void)wsdsim::CompareTrace(
            fixture.scenarioCase, tracePath, fixture.referencePath, wsdsim::Tolerance{}, true);
    }
    catch (const wsdsim::InputError& error)
    {
        (void)error.what();
    }
    try
    {
        (void)wsdsim::CompareTrace(
            fixture.scenarioCase, tracePath, "", wsdsim::Tolerance{0, 0.0}, false);
    }
    catch (const wsdsim::InputError& error)
    {
        (void)error.what();
    }
    // The bytes under the delivery invariant.
    try
    {
        (void)wsdsim::CheckDelivery(fixture.scenarioCase, tracePath);
    }
    catch (const wsdsim::InputError& error)
    {
        (void)error.what();
    }
    // The bytes as the reference the real trace is judged against.
    try
    {
        (void)wsdsim::CompareTrace(
            fixture.scenarioCase, fixture.referencePath, tracePath, wsdsim::Tolerance{}, true);
    }
    catch (const wsdsim::InputError& error)
    {
        (void)error.what();
    }
    return 0;
}
