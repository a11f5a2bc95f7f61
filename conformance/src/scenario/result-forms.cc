// The forms a step's expected "result" may take (see result-forms.h).
#include "scenario/result-forms.h"

namespace wsdsim
{

namespace
{

/// \return an exact result
constexpr ExpectedResult
Exact(int64_t value)
{
    return {ExpectedResult::Kind::EXACT, value};
}

/// \return the forms of a call returning a handle of a kind
ResultForms
HandleForms(HandleKind kind)
{
    switch (kind)
    {
        case HandleKind::EVENT:
            // WSACreateEvent: WSA_INVALID_EVENT is a NULL handle
            return {
                {{"handle", {ExpectedResult::Kind::HANDLE, 0}}, {"WSA_INVALID_EVENT", Exact(0)}},
                {},
                false,
                0,
                "\"handle\" or \"WSA_INVALID_EVENT\"",
                "an event handle or WSA_INVALID_EVENT"};
        case HandleKind::PORT:
            // CreateIoCompletionPort: NULL on failure
            return {{{"handle", {ExpectedResult::Kind::HANDLE, 0}}, {"NULL", Exact(0)}},
                    {},
                    false,
                    0,
                    "\"handle\" or \"NULL\"",
                    "a completion port handle or NULL"};
        case HandleKind::NONE:
        case HandleKind::SOCKET:
        case HandleKind::FUNCTION:
            // INVALID_SOCKET is written -1
            return {{{"handle", {ExpectedResult::Kind::HANDLE, -1}}, {"INVALID_SOCKET", Exact(-1)}},
                    {},
                    false,
                    0,
                    "\"handle\" or \"INVALID_SOCKET\"",
                    "a socket handle or INVALID_SOCKET"};
    }
    return {};
}

} // namespace

ResultForms
ResultFormsOf(const CallInfo& call)
{
    switch (call.returns)
    {
        case ReturnKind::STATUS:
            return {{{"SOCKET_ERROR", Exact(-1)}},
                    {0, -1},
                    false,
                    0,
                    "0 or \"SOCKET_ERROR\"",
                    "0 or SOCKET_ERROR"};
        case ReturnKind::HANDLE:
            return HandleForms(call.names);
        case ReturnKind::COUNT:
            return {
                {{"positive", {ExpectedResult::Kind::POSITIVE, 0}}, {"SOCKET_ERROR", Exact(-1)}},
                {},
                true,
                -1,
                "a count (an integer from 0), \"positive\" or \"SOCKET_ERROR\"",
                "a count or SOCKET_ERROR"};
        case ReturnKind::ERROR_CODE:
            return {{}, {}, true, 0, "an integer", "0 or a Winsock error code"};
        case ReturnKind::BOOL:
            return {{{"TRUE", Exact(1)}, {"FALSE", Exact(0)}},
                    {0, 1},
                    false,
                    0,
                    "\"TRUE\", \"FALSE\", 1 or 0",
                    "TRUE, or FALSE with the error in GetLastError"};
        case ReturnKind::WAIT:
            // WSA_WAIT_EVENT_0 + i; WSA_WAIT_FAILED (0xFFFFFFFF) is written -1
            return {{{"WSA_WAIT_TIMEOUT", Exact(258)}, {"WSA_WAIT_FAILED", Exact(-1)}},
                    {},
                    true,
                    -1,
                    "an event's index (from 0), \"WSA_WAIT_TIMEOUT\" or \"WSA_WAIT_FAILED\"",
                    "WSA_WAIT_EVENT_0 + the index, WSA_WAIT_TIMEOUT or WSA_WAIT_FAILED"};
    }
    return {};
}

} // namespace wsdsim
