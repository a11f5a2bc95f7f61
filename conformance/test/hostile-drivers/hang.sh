#!/usr/bin/env bash
# A driver that never finishes.
exec sleep 1000
