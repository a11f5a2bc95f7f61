// The JSON Schema of scenario files, generated: the calls, their arguments and the outcome fields
// each call may expect come from the call vocabulary; the rest of a scenario's shape is below.
#include "scenario/scenario-schema.h"

#include "scenario/outcome-parser.h"
#include "scenario/result-forms.h"
#include "wsdsim/call-json.h"

namespace wsdsim
{

using nlohmann::json;

namespace
{

/// The parts of a scenario's shape that are not calls: the file, durations, variables, hosts,
/// the topology and its faults, the matrix, "when", threads (docs/scenario-format.md).
const char* const kFixedParts = R"json(
{
  "top": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://wsdsim.invalid/scenario.schema.json",
    "title": "wsdsim scenario",
    "description": "One scenario file, scenarios/<feature>/<sequence>.json; see docs/scenario-format.md.",
    "type": "object",
    "additionalProperties": false,
    "required": [
      "description",
      "threads",
      "steps"
    ],
    "properties": {
      "description": {
        "type": "string",
        "minLength": 1
      },
      "profile": {
        "enum": [
          "tcp-ip",
          "iso-tp-over-tcp"
        ],
        "default": "tcp-ip"
      },
      "topology": {
        "$ref": "#/$defs/topology"
      },
      "matrix": {
        "$ref": "#/$defs/matrix"
      },
      "threads": {
        "type": "array",
        "minItems": 1,
        "items": {
          "$ref": "#/$defs/thread"
        }
      },
      "steps": {
        "type": "array",
        "minItems": 1,
        "items": {
          "$ref": "#/$defs/step"
        }
      },
      "until": {
        "$ref": "#/$defs/duration",
        "default": "300s"
      },
      "wire": {
        "enum": [
          "MUST",
          "SHOULD",
          "ignore"
        ],
        "default": "MUST"
      }
    }
  },
  "defs": {
    "duration": {
      "type": "string",
      "pattern": "^[0-9]+(\\.[0-9]+)?(ns|us|ms|s)$"
    },
    "variable": {
      "type": "string",
      "pattern": "^\\$[A-Za-z_][A-Za-z0-9_]*$",
      "description": "a matrix variable, replaced by its value in the case"
    },
    "host": {
      "enum": [
        0,
        1
      ],
      "description": "host 0 is 10.0.0.1, host 1 is 10.0.0.2"
    },
    "topology": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "rate": {
          "type": "string",
          "pattern": "^[0-9]+(\\.[0-9]+)?([kKmMgG]?)(bps|b/s|Bps|B/s)$",
          "default": "10Mbps"
        },
        "delay": {
          "$ref": "#/$defs/duration",
          "default": "1ms"
        },
        "loss": {
          "type": "number",
          "minimum": 0,
          "exclusiveMaximum": 1,
          "default": 0
        },
        "segmentSize": {
          "type": "integer",
          "minimum": 1,
          "default": 536
        },
        "receiveBuffer": {
          "type": "integer",
          "minimum": 1,
          "default": 131072
        },
        "sendBuffer": {
          "type": "integer",
          "minimum": 1,
          "default": 131072
        },
        "faults": {
          "type": "array",
          "items": {
            "$ref": "#/$defs/fault"
          },
          "default": []
        }
      }
    },
    "fault": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "at",
        "action",
        "host"
      ],
      "properties": {
        "at": {
          "$ref": "#/$defs/duration"
        },
        "action": {
          "enum": [
            "interface-down",
            "interface-up",
            "drop",
            "delay"
          ]
        },
        "host": {
          "$ref": "#/$defs/host"
        },
        "flags": {
          "type": "string",
          "pattern": "^(SYN|FIN|RST|PSH|ACK|URG|ECE|CWR)(\\|(SYN|FIN|RST|PSH|ACK|URG|ECE|CWR))*$"
        },
        "count": {
          "type": "integer",
          "minimum": 1,
          "default": 1
        },
        "withPayload": {
          "type": "boolean",
          "default": false
        },
        "by": {
          "$ref": "#/$defs/duration",
          "description": "delay: how long each matching segment is held back (the segments behind it overtake it)"
        }
      },
      "allOf": [
        {
          "if": {
            "properties": {
              "action": {
                "const": "drop"
              }
            }
          },
          "then": {
            "required": [
              "flags"
            ],
            "not": {
              "required": [
                "by"
              ]
            }
          }
        },
        {
          "if": {
            "properties": {
              "action": {
                "const": "delay"
              }
            }
          },
          "then": {
            "required": [
              "flags",
              "by"
            ]
          }
        },
        {
          "if": {
            "properties": {
              "action": {
                "enum": [
                  "interface-down",
                  "interface-up"
                ]
              }
            }
          },
          "then": {
            "not": {
              "anyOf": [
                {
                  "required": [
                    "flags"
                  ]
                },
                {
                  "required": [
                    "count"
                  ]
                },
                {
                  "required": [
                    "withPayload"
                  ]
                },
                {
                  "required": [
                    "by"
                  ]
                }
              ]
            }
          }
        }
      ]
    },
    "matrix": {
      "type": "object",
      "minProperties": 1,
      "propertyNames": {
        "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
      },
      "additionalProperties": {
        "description": "a dimension: labels to their variables",
        "type": "object",
        "minProperties": 1,
        "propertyNames": {
          "pattern": "^[A-Za-z0-9_.-]+$"
        },
        "additionalProperties": {
          "description": "a label's variables: name to any JSON value",
          "type": "object",
          "propertyNames": {
            "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"
          }
        }
      }
    },
    "when": {
      "type": "object",
      "minProperties": 1,
      "propertyNames": {
        "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
      },
      "additionalProperties": {
        "anyOf": [
          {
            "type": "string"
          },
          {
            "type": "array",
            "minItems": 1,
            "items": {
              "type": "string"
            }
          }
        ]
      }
    },
    "thread": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "name",
        "host"
      ],
      "properties": {
        "name": {
          "type": "string",
          "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"
        },
        "host": {
          "$ref": "#/$defs/host"
        }
      }
    }
  }
}
)json";

/// \return a schema that also admits a "$variable" of the matrix
json
OrVariable(const json& schema)
{
    return {{"anyOf", {schema, {{"$ref", "#/$defs/variable"}}}}};
}

/// \return the schema of every outcome field any call may have (each call's outcome refers to
/// the ones it may have)
json
OutcomeFields()
{
    std::vector<std::string> errors;
    for (const auto& error : kWinsockErrors)
    {
        errors.emplace_back(error.name);
    }
    return {
        {"result",
         OrVariable({{"anyOf",
                      {{{"type", "integer"}},
                       {{"enum", {"SOCKET_ERROR", "INVALID_SOCKET", "handle", "positive"}}}}}})},
        {"error", OrVariable({{"enum", errors}})},
        {"data", OrVariable({{"type", "string"}})},
        {"dataLength", OrVariable({{"type", "integer"}, {"minimum", 0}})},
        {"blocks", OrVariable({{"type", "boolean"}})},
        {"returnsAfter", OrVariable({{"$ref", "#/$defs/duration"}})},
        {"level", {{"enum", {"MUST", "SHOULD", "IMPLEMENTATION-DEFINED"}}, {"default", "MUST"}}},
        {"requirements",
         {{"type", "array"},
          // An id of the catalogue: the page's or behaviour's prefix, then words
          // ("WSD-RETURNS-ZERO", "EVT-FD-CLOSE-GRACEFUL"); the loader checks it against the
          // catalogue itself.
          {"items", {{"type", "string"}, {"pattern", "^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"}}},
          {"uniqueItems", true}}},
        {"note", {{"type", "string"}}},
        {"when", {{"$ref", "#/$defs/when"}}},
    };
}

/// \return the result forms a call allows (the loader's own list: result-forms.h)
json
ResultSchema(const CallInfo& call)
{
    const ResultForms forms = ResultFormsOf(call);
    json names = json::array();
    for (const auto& named : forms.names)
    {
        names.push_back(std::string(named.name));
    }
    for (const auto integer : forms.integers)
    {
        names.push_back(integer);
    }
    if (!forms.anyInteger)
    {
        return {{"enum", names}};
    }
    return {{"anyOf", {{{"enum", names}}, {{"type", "integer"}, {"minimum", forms.minimum}}}}};
}

/// \return the schema of one outcome of a call: only the fields the call can produce
json
OutcomeOf(const CallInfo& call)
{
    json properties = json::object();
    for (const auto& field : OutcomeFieldsOf(call))
    {
        properties[field] = {{"$ref", "#/$defs/outcome-field-" + field}};
    }
    properties["result"] = OrVariable(ResultSchema(call));
    for (const auto& output : call.outputs)
    {
        properties[std::string(output.name)] = OrVariable(OutputSchema(output));
    }
    return {{"type", "object"},
            {"additionalProperties", false},
            {"minProperties", 1},
            {"properties", properties}};
}

/// \return the step's shape, and for each call its arguments and its outcomes
json
StepSchema()
{
    json calls = json::array();
    json perCall = json::array();
    ForEachCallType(
        [&](auto tag)
        {
            using C = typename decltype(tag)::type;
            const std::string name(C::kInfo.name);
            calls.push_back(name);
            const json outcome = {{"$ref", "#/$defs/outcome-" + name}};
            perCall.push_back(
                {{"if", {{"properties", {{"call", {{"const", name}}}}}, {"required", {"call"}}}},
                 {"then",
                  {{"properties",
                    {{"args", ArgumentsSchema<C>({{"$ref", "#/$defs/variable"}})},
                     {"expect",
                      {{"anyOf",
                        {outcome,
                         {{"type", "array"}, {"minItems", 1}, {"items", outcome}}}}}}}}}}});
        });
    const json name = {{"type", "string"}, {"pattern", "^[A-Za-z_][A-Za-z0-9_-]*$"}};
    return {{"type", "object"},
            {"additionalProperties", false},
            {"required", {"thread", "call"}},
            {"properties",
             {{"thread", {{"type", "string"}}},
              {"call", {{"enum", calls}}},
              {"args", {{"type", "object"}}},
              {"id", name},
              {"as", name},
              {"at", {{"$ref", "#/$defs/duration"}}},
              {"delay", {{"$ref", "#/$defs/duration"}}},
              {"after", {{"type", "string"}}},
              {"context", {{"enum", {"blocking-hook"}}}},
              {"expect", json::object()},
              {"when", {{"$ref", "#/$defs/when"}}}}},
            {"allOf", perCall}};
}

} // namespace

json
ScenarioSchema()
{
    const json fixed = json::parse(kFixedParts);
    json schema = fixed.at("top");
    json defs = fixed.at("defs");
    defs["step"] = StepSchema();
    const json fields = OutcomeFields();
    for (const auto& [field, fieldSchema] : fields.items())
    {
        defs["outcome-field-" + field] = fieldSchema;
    }
    ForEachCallType(
        [&](auto tag)
        {
            using C = typename decltype(tag)::type;
            defs["outcome-" + std::string(C::kInfo.name)] = OutcomeOf(C::kInfo);
        });
    schema["$defs"] = defs;
    return schema;
}

} // namespace wsdsim
