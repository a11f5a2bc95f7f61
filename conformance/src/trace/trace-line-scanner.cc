// Reads a trace line's flat JSON object straight into a TraceEvent, without a JSON document.
#include "trace/trace-line-scanner.h"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

namespace wsdsim
{

namespace
{

/// The keys of the trace format (docs/trace-format.md), each a bit of a KeySet.
enum class Key : uint8_t
{
    KIND,
    FORMAT,
    SCENARIO,
    CASE,
    IMPLEMENTATION,
    TIME_NS,
    HOST,
    THREAD,
    STEP,
    CALL,
    ARGS,
    RESULT,
    ERROR,
    ERRNO,
    BLOCKED,
    DATA,
    DIR,
    PROTO,
    FLAGS,
    SEQ,
    ACK,
    LEN,
    SRC,
    DST,
    SOCKET,
    FROM,
    TO,
    EVENTS,
    OUT,
    COUNT,   //!< the number of keys
    UNKNOWN, //!< not a key of the format
};

/// A set of keys, one bit each.
using KeySet = uint32_t;

static_assert(static_cast<unsigned>(Key::COUNT) <= 32, "a KeySet holds every key");

/// \return the set of one key
constexpr KeySet
Bit(Key key)
{
    return KeySet{1} << static_cast<unsigned>(key);
}

/// \return the set of the keys given
template <typename... Keys>
constexpr KeySet
SetOf(Keys... keys)
{
    return (Bit(keys) | ...);
}

/// \return up to 8 bytes of a name as one number, the first byte lowest (a string of the
/// scanner's holds no NUL byte, so that the number names it alone)
constexpr uint64_t
Packed(std::string_view name)
{
    uint64_t packed = 0;
    for (size_t i = 0; i < name.size() && i < 8; ++i)
    {
        packed |= uint64_t{static_cast<unsigned char>(name[i])} << (8 * i);
    }
    return packed;
}

/// The format's keys of up to 8 bytes, by name (the one longer is "implementation").
constexpr std::array<std::pair<std::string_view, Key>, 28> kShortKeys{{
    {"kind", Key::KIND},     {"format", Key::FORMAT},   {"scenario", Key::SCENARIO},
    {"case", Key::CASE},     {"time_ns", Key::TIME_NS}, {"host", Key::HOST},
    {"thread", Key::THREAD}, {"step", Key::STEP},       {"call", Key::CALL},
    {"args", Key::ARGS},     {"result", Key::RESULT},   {"error", Key::ERROR},
    {"errno", Key::ERRNO},   {"blocked", Key::BLOCKED}, {"data", Key::DATA},
    {"dir", Key::DIR},       {"proto", Key::PROTO},     {"flags", Key::FLAGS},
    {"seq", Key::SEQ},       {"ack", Key::ACK},         {"len", Key::LEN},
    {"src", Key::SRC},       {"dst", Key::DST},         {"socket", Key::SOCKET},
    {"from", Key::FROM},     {"to", Key::TO},           {"events", Key::EVENTS},
    {"out", Key::OUT},
}};

/// A perfect hash of the short keys' Packed() names: a multiplier (found by a search) and the
/// number of bits of the slot it gives.
constexpr uint64_t kKeyHash = 0xdf3a341fdf56f83dULL;
constexpr unsigned kKeySlotBits = 6;

/// \return the slot of a Packed() name
constexpr size_t
KeySlotOf(uint64_t packed)
{
    return static_cast<size_t>((packed * kKeyHash) >> (64 - kKeySlotBits));
}

/// One slot of the keys' table.
struct KeySlot
{
    uint64_t packed{0};    //!< the Packed() name of the key in the slot (0: none)
    Key key{Key::UNKNOWN}; //!< the key
};

/// The short keys, each in its slot.
constexpr std::array<KeySlot, size_t{1} << kKeySlotBits> kKeySlots = []()
{
    std::array<KeySlot, size_t{1} << kKeySlotBits> slots{};
    for (const auto& [name, key] : kShortKeys)
    {
        slots[KeySlotOf(Packed(name))] = {Packed(name), key};
    }
    return slots;
}();

/// \return whether every short key has a slot of its own
constexpr bool
EveryKeyInItsSlot()
{
    for (const auto& [name, key] : kShortKeys)
    {
        if (kKeySlots[KeySlotOf(Packed(name))].key != key)
        {
            return false;
        }
    }
    return true;
}

static_assert(EveryKeyInItsSlot(), "two keys share a slot: search another kKeyHash");

/// \return the key whose name Packed() gives `packed`, or Key::UNKNOWN
Key
KeyOfPacked(uint64_t packed)
{
    const KeySlot& slot = kKeySlots[KeySlotOf(packed)];
    return slot.packed == packed ? slot.key : Key::UNKNOWN;
}

/// The keys a kind of line must have and may have (conformance/trace.schema.json).
struct KindKeys
{
    std::string_view name; //!< the value of "kind"
    EventKind kind;        //!< the kind
    KeySet required;       //!< keys it must have
    KeySet optional;       //!< keys it may have besides
};

/// Every kind of line, the most frequent first.
constexpr std::array<KindKeys, 6> kKinds{{
    {"segment",
     EventKind::SEGMENT,
     SetOf(Key::KIND,
           Key::TIME_NS,
           Key::HOST,
           Key::DIR,
           Key::PROTO,
           Key::FLAGS,
           Key::SEQ,
           Key::ACK,
           Key::LEN,
           Key::SRC,
           Key::DST),
     0},
    {"call",
     EventKind::CALL,
     SetOf(Key::KIND, Key::TIME_NS, Key::HOST, Key::THREAD, Key::STEP, Key::CALL, Key::ARGS),
     0},
    {"return",
     EventKind::RETURN,
     SetOf(Key::KIND,
           Key::TIME_NS,
           Key::HOST,
           Key::THREAD,
           Key::STEP,
           Key::CALL,
           Key::RESULT,
           Key::ERROR,
           Key::ERRNO,
           Key::BLOCKED),
     SetOf(Key::DATA, Key::OUT)},
    {"tcp-state",
     EventKind::TCP_STATE,
     SetOf(Key::KIND, Key::TIME_NS, Key::HOST, Key::SOCKET, Key::FROM, Key::TO),
     0},
    {"header",
     EventKind::HEADER,
     SetOf(Key::KIND, Key::FORMAT, Key::SCENARIO, Key::CASE, Key::IMPLEMENTATION),
     0},
    {"end", EventKind::END, SetOf(Key::KIND, Key::EVENTS), 0},
}};

/// \return the keys of the kind named `name`, or nullptr
const KindKeys*
KindNamed(std::string_view name)
{
    for (const auto& kind : kKinds)
    {
        if (kind.name == name)
        {
            return &kind;
        }
    }
    return nullptr;
}

/// One scanned value: a string without escapes, an integer, a boolean or an object.
struct Value
{
    /// The JSON types the scanner reads.
    enum class Type : uint8_t
    {
        STRING,  //!< printable ASCII without escapes
        INTEGER, //!< no fraction, no exponent, within 64 bits
        BOOLEAN, //!< true or false
        OBJECT,  //!< an object (a call's args, a return's out), its text to be parsed
    };

    // Left uninitialised (a line's table is read only for the keys the line has).
    Type type;             //!< which of the below holds the value
    std::string_view text; //!< STRING: the characters between the quotes; OBJECT: the object
    uint64_t magnitude;    //!< INTEGER: the absolute value
    bool negative;         //!< INTEGER: with a minus sign ("-0" too)
    bool boolean;          //!< BOOLEAN: the value
};

/// The bytes a string may hold for the scanner: ASCII from the space on, but the quote and the
/// backslash (JSON's own rule for a string without escapes, within ASCII).
constexpr std::array<bool, 256> kPlainByte = []()
{
    std::array<bool, 256> plain{};
    for (int byte = 0x20; byte < 0x80; ++byte)
    {
        plain[byte] = byte != '"' && byte != '\\';
    }
    return plain;
}();

/// JSON's whitespace.
constexpr std::array<bool, 256> kSpaceByte = []()
{
    std::array<bool, 256> space{};
    for (const char byte : {' ', '\t', '\r', '\n'})
    {
        space[static_cast<unsigned char>(byte)] = true;
    }
    return space;
}();

/// \return a word whose every byte is `byte`
constexpr uint64_t
EveryByte(uint8_t byte)
{
    return 0x0101010101010101ULL * byte;
}

/**
 * \brief Find a byte that is not plain in 8 bytes at once (SWAR: each test marks a byte's top
 * bit; a mark above a byte that matched may be false, the lowest one never is).
 * \param word 8 bytes, the first one lowest
 * \return 0 when all are plain, else the lowest set bit is the top bit of the first not plain
 */
constexpr uint64_t
NotPlainBytes(uint64_t word)
{
    const uint64_t high = EveryByte(0x80);
    // No capture: clang finds `high` a constant that needs none, gcc would want it captured.
    const auto zeroByte = [](uint64_t bytes)
    {
        return (bytes - EveryByte(0x01)) & ~bytes & EveryByte(0x80);
    };
    const uint64_t below = (word - EveryByte(0x20)) & ~word & high; // under 0x20
    return below | (word & high) | zeroByte(word ^ EveryByte('"'))
           | zeroByte(word ^ EveryByte('\\'));
}

/**
 * \brief Find a byte that is not a digit in 8 bytes at once (SWAR, as NotPlainBytes()).
 * \param digits 8 bytes XOR '0' each, the first one lowest (a digit's byte is then its value)
 * \return 0 when all are digits, else the lowest set bit is in the first byte that is not one
 */
constexpr uint64_t
NotDigitBytes(uint64_t digits)
{
    // A digit's byte is 0 to 9: nothing in its high nibble, and adding 6 stays under 0x10.
    return (digits & EveryByte(0xf0)) | ((digits + EveryByte(0x06)) & EveryByte(0x10));
}

/**
 * \brief The value of 8 digits (simdjson's parse_eight_digits_unrolled).
 * \param digits the digits' values, one a byte, the most significant first (lowest)
 * \return their value
 */
constexpr uint64_t
EightDigitsValue(uint64_t digits)
{
    digits = digits * 10 + (digits >> 8); // pairs of digits, one a 16-bit lane
    const uint64_t lanes = 0x000000ff000000ffULL;
    return (((digits & lanes) * (100 + (1000000ULL << 32)))
            + (((digits >> 16) & lanes) * (1 + (10000ULL << 32))))
           >> 32;
}

static_assert(EightDigitsValue(0x0807060504030201ULL) == 12345678, "8 digits, first lowest");
static_assert(EightDigitsValue(0x0504030201000000ULL) == 12345, "5 digits after 3 zeros");
static_assert(NotDigitBytes(0x0009000801000700ULL) == 0, "all digits");
static_assert(std::countr_zero(NotDigitBytes(0x000000000a020100ULL)) / 8 == 3, "first non-digit");
static_assert(std::countr_zero(NotDigitBytes(0x00000000f0020100ULL)) / 8 == 3, "first non-digit");

/// \return whether a byte is a decimal digit
constexpr bool
IsDigit(char byte)
{
    return static_cast<unsigned char>(byte - '0') < 10;
}

/**
 * Scans one line as a flat JSON object of the format's keys, each once, into a table of values.
 * The NUL that ends a std::string's text ends every loop, so that the scan tests for the line's
 * end only once the object is closed.
 */
class ObjectScanner
{
  public:
    /// \param line the line (it must outlive the scanner: strings point into it)
    explicit ObjectScanner(const std::string& line)
        : m_at(line.c_str())
        , m_end(line.c_str() + line.size())
    {
    }

    /// \return whether the whole line is such an object
    bool Scan()
    {
        SkipSpace();
        if (!Take('{'))
        {
            return false;
        }
        do
        {
            SkipSpace();
            const Key key = ReadKey();
            if (key == Key::UNKNOWN || (m_present & Bit(key)) != 0)
            {
                return false; // unknown or repeated (JSON keeps the last; FromJson names it)
            }
            if (!TakeAfterSpace(':'))
            {
                return false;
            }
            SkipSpace();
            if (!ReadValue(&m_values[static_cast<size_t>(key)]))
            {
                return false;
            }
            m_present |= Bit(key);
        } while (TakeAfterSpace(','));
        if (!TakeAfterSpace('}'))
        {
            return false;
        }
        SkipSpace();
        return m_at == m_end; // not at an embedded NUL, nor before any other byte
    }

    /// \return the keys the line has
    KeySet Present() const
    {
        return m_present;
    }

    /// \return the value of a key the line has
    const Value& Get(Key key) const
    {
        return m_values[static_cast<size_t>(key)];
    }

  private:
    /// Skip JSON whitespace.
    void SkipSpace()
    {
        while (kSpaceByte[static_cast<unsigned char>(*m_at)])
        {
            ++m_at;
        }
    }

    /// \return whether the next byte is `expected` (not NUL), then taken
    bool Take(char expected)
    {
        if (*m_at == expected)
        {
            ++m_at;
            return true;
        }
        return false;
    }

    /// \return whether the next byte but whitespace is `expected` (not NUL), then taken
    bool TakeAfterSpace(char expected)
    {
        if (Take(expected))
        {
            return true; // the usual line has no whitespace
        }
        SkipSpace();
        return Take(expected);
    }

    /// \return whether the next bytes are `word` (letters), then taken
    bool TakeWord(std::string_view word)
    {
        for (const char letter : word)
        {
            if (!Take(letter))
            {
                return false;
            }
        }
        return true;
    }

    /// Read a string of plain bytes. \return false for anything else (an escape, say)
    bool ReadString(std::string_view* text)
    {
        if (!Take('"'))
        {
            return false;
        }
        const char* start = m_at;
        if constexpr (std::endian::native == std::endian::little)
        {
            // 8 bytes at a time while the line has 8, then byte by byte.
            while (m_end - m_at >= 8)
            {
                uint64_t word;
                std::memcpy(&word, m_at, sizeof word);
                const uint64_t notPlain = NotPlainBytes(word);
                if (notPlain != 0)
                {
                    m_at += std::countr_zero(notPlain) / 8;
                    break;
                }
                m_at += 8;
            }
        }
        while (kPlainByte[static_cast<unsigned char>(*m_at)])
        {
            ++m_at;
        }
        if (!Take('"'))
        {
            return false; // an escape, a control or non-ASCII byte, or the line's end
        }
        *text = std::string_view(start, static_cast<size_t>(m_at - 1 - start));
        return true;
    }

    /// Read a key. \return it, or Key::UNKNOWN for anything but a key of the format
    Key ReadKey()
    {
        if constexpr (std::endian::native == std::endian::little)
        {
            // A key of up to 7 bytes and its closing quote, in one load of 8 bytes.
            if (*m_at == '"' && m_end - m_at > 8)
            {
                uint64_t word;
                std::memcpy(&word, m_at + 1, sizeof word);
                const int length = std::countr_zero(NotPlainBytes(word)) / 8; // 8: all plain
                if (length < 8 && m_at[1 + length] == '"')
                {
                    m_at += 2 + length;
                    return KeyOfPacked(word & ((uint64_t{1} << (8 * length)) - 1));
                }
            }
        }
        std::string_view name;
        if (!ReadString(&name))
        {
            return Key::UNKNOWN;
        }
        if (name.size() > 8)
        {
            return name == "implementation" ? Key::IMPLEMENTATION : Key::UNKNOWN;
        }
        return KeyOfPacked(Packed(name));
    }

    /// Read an integer of at most 64 bits. \return false for anything else
    bool ReadInteger(Value* value)
    {
        value->negative = Take('-');
        const char* first = m_at;
        uint64_t magnitude = 0;
        if constexpr (std::endian::native == std::endian::little)
        {
            // Up to 8 digits at once.
            if (m_end - m_at >= 8)
            {
                uint64_t word;
                std::memcpy(&word, m_at, sizeof word);
                const uint64_t digits = word ^ EveryByte('0'); // a digit's byte becomes its value
                const int count = std::countr_zero(NotDigitBytes(digits)) / 8;
                if (count > 0)
                {
                    magnitude = EightDigitsValue(count == 8 ? digits : digits << (8 * (8 - count)));
                    m_at += count;
                }
            }
        }
        // 19 digits always fit in 64 bits; from the 20th on, each is checked.
        while (IsDigit(*m_at) && m_at - first < 19)
        {
            magnitude = magnitude * 10 + static_cast<uint64_t>(*m_at - '0');
            ++m_at;
        }
        while (IsDigit(*m_at))
        {
            const auto digit = static_cast<uint64_t>(*m_at - '0');
            if (magnitude > (std::numeric_limits<uint64_t>::max() - digit) / 10)
            {
                return false; // beyond 64 bits
            }
            magnitude = magnitude * 10 + digit;
            ++m_at;
        }
        if (m_at == first || (*first == '0' && m_at - first > 1))
        {
            return false; // no digit, or a leading zero (not JSON)
        }
        if (*m_at == '.' || *m_at == 'e' || *m_at == 'E')
        {
            return false; // a fraction or an exponent: not an integer
        }
        value->magnitude = magnitude;
        return true;
    }

    /// Read an object's text: balanced braces, strings of plain bytes. \return false for
    /// anything else (the JSON parser then reads the line and names what is wrong)
    bool ReadObject(std::string_view* text)
    {
        const char* start = m_at;
        int depth = 0;
        do
        {
            if (*m_at == '"')
            {
                std::string_view ignored;
                if (!ReadString(&ignored))
                {
                    return false;
                }
                continue;
            }
            if (*m_at == '\0')
            {
                return false; // the line's end (or a NUL) inside the object
            }
            depth += *m_at == '{' ? 1 : *m_at == '}' ? -1 : 0;
            ++m_at;
        } while (depth > 0);
        *text = std::string_view(start, static_cast<size_t>(m_at - start));
        return true;
    }

    /// Read a string, integer, boolean or object. \return false for anything else
    bool ReadValue(Value* value)
    {
        switch (*m_at)
        {
            case '{':
                value->type = Value::Type::OBJECT;
                return ReadObject(&value->text);
            case '"':
                value->type = Value::Type::STRING;
                return ReadString(&value->text);
            case 't':
                value->type = Value::Type::BOOLEAN;
                value->boolean = true;
                return TakeWord("true");
            case 'f':
                value->type = Value::Type::BOOLEAN;
                value->boolean = false;
                return TakeWord("false");
            default:
                value->type = Value::Type::INTEGER;
                return ReadInteger(value);
        }
    }

    const char* m_at;                                            //!< next byte
    const char* m_end;                                           //!< end of the line (its NUL)
    std::array<Value, static_cast<size_t>(Key::COUNT)> m_values; //!< by key, set where present
    KeySet m_present{0};                                         //!< keys seen
};

/// \return the end of a plain string's text starting at its opening quote (just past the
/// closing one), or nullptr when it is not one
const char*
PlainStringEnd(const char* at, const char* end)
{
    if (at == end || *at != '"')
    {
        return nullptr;
    }
    for (++at; at != end && kPlainByte[static_cast<unsigned char>(*at)]; ++at)
    {
    }
    return at != end && *at == '"' ? at + 1 : nullptr;
}

/// \return the end of a value nlohmann/json writes back byte for byte: a plain string, an
/// integer of at most 18 digits without a leading zero (not "-0"), true, false or null; or
/// nullptr for any other value (it may be written otherwise)
const char*
VerbatimValueEnd(const char* at, const char* end)
{
    if (at == end)
    {
        return nullptr;
    }
    if (*at == '"')
    {
        return PlainStringEnd(at, end);
    }
    for (const std::string_view word : {"true", "false", "null"})
    {
        if (std::string_view(at, static_cast<size_t>(end - at)).starts_with(word))
        {
            return at + word.size();
        }
    }
    const char* first = *at == '-' ? at + 1 : at;
    const char* digit = first;
    while (digit != end && IsDigit(*digit))
    {
        ++digit;
    }
    const auto count = digit - first;
    if (count == 0 || count > 18 || (*first == '0' && (count > 1 || first != at)))
    {
        return nullptr;
    }
    return digit;
}

/// Sets an event's fields from scanned values, refusing each that FromJson would refuse or read
/// otherwise (a number out of its field's range, a value of another type).
class FieldSetter
{
  public:
    /// \param object the scanned line
    explicit FieldSetter(const ObjectScanner& object)
        : m_object(object)
    {
    }

    /// \return whether the key holds a string, then set
    bool String(Key key, std::string& target) const
    {
        const Value& value = m_object.Get(key);
        if (value.type != Value::Type::STRING)
        {
            return false;
        }
        target.assign(value.text);
        return true;
    }

    /// \return whether the key holds an object, then set to its compact text with sorted keys
    /// (as the JSON path writes it: both give the same event)
    bool Object(Key key, std::string& target) const
    {
        const Value& value = m_object.Get(key);
        if (value.type != Value::Type::OBJECT)
        {
            return false;
        }
        if (IsCompactSortedFlatObject(value.text))
        {
            target.assign(value.text); // the text the JSON path would write
            return true;
        }
        const auto object = nlohmann::json::parse(value.text, nullptr, false);
        if (!object.is_object())
        {
            return false;
        }
        target = object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return true;
    }

    /// \return whether the key holds an integer of 64 bits with sign, then set
    bool Signed(Key key, int64_t& target) const
    {
        const Value& value = m_object.Get(key);
        constexpr auto kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
        if (value.type != Value::Type::INTEGER || value.magnitude > kMax + value.negative)
        {
            return false;
        }
        // Unsigned arithmetic wraps to the two's complement, -2^63 included.
        target = static_cast<int64_t>(value.negative ? 0 - value.magnitude : value.magnitude);
        return true;
    }

    /// \return whether the key holds an integer that fits T, then set
    template <typename T>
    bool Unsigned(Key key, T& target) const
    {
        const Value& value = m_object.Get(key);
        if (value.type != Value::Type::INTEGER || value.negative
            || value.magnitude > std::numeric_limits<T>::max())
        {
            return false;
        }
        target = static_cast<T>(value.magnitude);
        return true;
    }

    /// \return whether the key holds a boolean, then set
    bool Boolean(Key key, bool& target) const
    {
        const Value& value = m_object.Get(key);
        if (value.type != Value::Type::BOOLEAN)
        {
            return false;
        }
        target = value.boolean;
        return true;
    }

    /// \return whether time and host are valid (time not negative, host 0 or 1), then set
    bool TimeAndHost(TraceEvent* event) const
    {
        return Signed(Key::TIME_NS, event->timeNs) && event->timeNs >= 0
               && Unsigned(Key::HOST, event->host) && event->host <= 1;
    }

  private:
    const ObjectScanner& m_object; //!< the values
};

} // namespace

bool
ScanTraceLine(const std::string& line, TraceEvent* event)
{
    ObjectScanner object(line);
    if (!object.Scan() || (object.Present() & Bit(Key::KIND)) == 0)
    {
        return false;
    }
    const Value& kindValue = object.Get(Key::KIND);
    const KindKeys* kind
        = kindValue.type == Value::Type::STRING ? KindNamed(kindValue.text) : nullptr;
    if (kind == nullptr || (object.Present() & kind->required) != kind->required
        || (object.Present() & ~(kind->required | kind->optional)) != 0)
    {
        return false;
    }
    const FieldSetter set(object);
    event->Clear();
    event->kind = kind->kind;
    switch (kind->kind)
    {
        case EventKind::HEADER:
            return set.String(Key::FORMAT, event->format)
                   && set.String(Key::SCENARIO, event->scenario)
                   && set.String(Key::CASE, event->caseId)
                   && set.String(Key::IMPLEMENTATION, event->implementation);
        case EventKind::END:
            return set.Unsigned(Key::EVENTS, event->eventCount);
        case EventKind::CALL:
            return set.TimeAndHost(event) && set.String(Key::THREAD, event->thread)
                   && set.Signed(Key::STEP, event->step) && set.String(Key::CALL, event->call)
                   && set.Object(Key::ARGS, event->arguments);
        case EventKind::RETURN:
            if ((object.Present() & Bit(Key::DATA)) != 0
                && !set.String(Key::DATA, event->data.emplace()))
            {
                return false;
            }
            if ((object.Present() & Bit(Key::OUT)) != 0 && !set.Object(Key::OUT, event->outputs))
            {
                return false;
            }
            return set.TimeAndHost(event) && set.String(Key::THREAD, event->thread)
                   && set.Signed(Key::STEP, event->step) && set.String(Key::CALL, event->call)
                   && set.Signed(Key::RESULT, event->result) && set.String(Key::ERROR, event->error)
                   && set.Signed(Key::ERRNO, event->errorNumber)
                   && set.Boolean(Key::BLOCKED, event->blocked);
        case EventKind::SEGMENT:
            return set.TimeAndHost(event) && set.String(Key::DIR, event->direction)
                   && (event->direction == "tx" || event->direction == "rx")
                   && set.String(Key::PROTO, event->protocol)
                   && set.String(Key::FLAGS, event->flags)
                   && set.Unsigned(Key::SEQ, event->sequence)
                   && set.Unsigned(Key::ACK, event->acknowledgement)
                   && set.Unsigned(Key::LEN, event->length) && set.String(Key::SRC, event->source)
                   && set.String(Key::DST, event->destination);
        case EventKind::TCP_STATE:
            return set.TimeAndHost(event) && set.String(Key::SOCKET, event->socket)
                   && set.String(Key::FROM, event->from) && set.String(Key::TO, event->to);
    }
    return false;
}

bool
IsCompactSortedFlatObject(std::string_view text)
{
    const char* at = text.data();
    const char* end = at + text.size();
    if (at == end || *at++ != '{')
    {
        return false;
    }
    std::string_view previous;
    bool first = true;
    while (at != end && *at != '}')
    {
        if (!first && *at++ != ',')
        {
            return false;
        }
        const char* keyEnd = PlainStringEnd(at, end);
        if (keyEnd == nullptr || keyEnd == end || *keyEnd != ':')
        {
            return false;
        }
        const std::string_view key(at + 1, static_cast<size_t>(keyEnd - at - 2));
        if (!first && !(previous < key))
        {
            return false;
        }
        previous = key;
        first = false;
        at = VerbatimValueEnd(keyEnd + 1, end);
        if (at == nullptr)
        {
            return false;
        }
    }
    return at != end && at + 1 == end;
}

} // namespace wsdsim
