#!/usr/bin/env bash
# A driver that fails with an exit status the contract does not define.
echo 'driver: cannot open the network' >&2
exit 5
