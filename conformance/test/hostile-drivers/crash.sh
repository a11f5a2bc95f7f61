#!/usr/bin/env bash
# A driver that crashes (SIGSEGV) before writing anything.
kill -SEGV $$
