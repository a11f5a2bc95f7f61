#!/usr/bin/env bash
# A driver whose trace stops without its end line.
id=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$1")
printf '{"case":"%s","format":"wsdsim-trace/2","implementation":"truncated","kind":"header","scenario":"x"}\n' "$id" > "$2"
printf '{"args":"{}","call":"WSAStartup","host":0,"kind":"call","step":0,"thread":"client","time_ns":5}\n' >> "$2"
