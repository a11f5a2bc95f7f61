#!/usr/bin/env bash
# A driver that prints garbage and writes garbage where the trace should be.
echo 'all is well, probably'
printf '\x00\xff not json {{{\n' > "$2"
