#!/usr/bin/env bash
# A driver that writes a well-formed trace, but of another case.
printf '{"case":"some/other-case","format":"wsdsim-trace/2","implementation":"other","kind":"header","scenario":"some/other-case"}\n{"events":0,"kind":"end"}\n' > "$2"
