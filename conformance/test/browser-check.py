#!/usr/bin/env python3
"""Checks a report's DOM as headless Chromium rendered it: every case's sequence diagram drawn
(two lifelines, an arrow or lost mark per segment, a box per call), nothing wider than its
container, the narration beside it, the pcaps linked and openable, the screenshot kept.

Usage: browser-check.py DOM_HTML REPORT_DIR SCREENSHOT_PNG
Prints one line per check and ends with "N passed, M failed"; exit status 1 on any failure.
"""
import json
import os
import struct
import sys
from html.parser import HTMLParser
from urllib.parse import unquote

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []
        self.text = []

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def find_all(self, tag=None, cls=None):
        return [n for n in self.walk() if (tag is None or n.tag == tag)
                and (cls is None or cls in n.classes())]

    def all_text(self):
        return "".join(t for n in self.walk() for t in n.text)


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.text.append(data)


def trace_expectations(path):
    """Independently of wsdsim: calls, and segments paired tx -> next rx with the same
    protocol, endpoints, flags, seq and length (a tx left unpaired is lost)."""
    calls, open_calls, in_flight = 0, set(), {}
    arrows, lost_or_pending = 0, 0
    with open(path, encoding="utf-8") as trace:
        for line in trace:
            event = json.loads(line)
            kind = event["kind"]
            if kind == "call":
                calls += 1
                open_calls.add((event["host"], event["thread"], event["step"]))
            elif kind == "return":
                key = (event["host"], event["thread"], event["step"])
                if key in open_calls:
                    open_calls.discard(key)
                else:
                    calls += 1
            elif kind == "segment":
                key = (event["proto"], event["src"], event["dst"], event["flags"], event["seq"],
                       event["len"])
                if event["dir"] == "tx":
                    in_flight[key] = in_flight.get(key, 0) + 1
                elif in_flight.get(key, 0) > 0:
                    in_flight[key] -= 1
                    arrows += 1
                else:
                    arrows += 1  # an arrival whose send is not recorded
    lost = sum(in_flight.values())
    return calls, arrows, lost


def main():
    dom_path, report_dir, screenshot = sys.argv[1:4]
    passed, failed = 0, 0

    def check(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
            print("ok    " + what)
        else:
            failed += 1
            print("FAIL  " + what)

    # The dumped page holds the report's DOM, as laid out and measured, in <pre id="dom">.
    with open(dom_path, encoding="utf-8") as dom:
        page = TreeBuilder()
        page.feed(dom.read())
    holders = [n for n in page.root.find_all("pre") if n.attrs.get("id") == "dom"]
    builder = TreeBuilder()
    builder.feed(holders[0].all_text() if holders else "")
    root = builder.root
    check(bool(holders) and root.find_all("body"), "the report loaded in the browser")
    with open(os.path.join(report_dir, "index.json"), encoding="utf-8") as index_file:
        index = json.load(index_file)
    cases = index["cases"]
    check(len(cases) > 0, "the report has cases (%d)" % len(cases))

    body = root.find_all("body")
    layout = body[0].attrs.get("data-layout-check", "") if body else ""
    check(layout.startswith("ok"), "the page's layout check ran and found no overflow (%r)" % layout)

    details = {n.attrs.get("id"): n for n in root.find_all("details", "seqcase")}
    expected_diagrams = 0
    for number, case in enumerate(cases):
        name = "%s (%s)" % (case["id"], case["implementation"])
        node = details.get("seq-%d" % number)
        check(node is not None and node.attrs.get("data-case") == case["id"],
              name + ": has its diagram section")
        if node is None:
            continue
        svgs = node.find_all("svg", "seq")
        diverges = bool(case.get("divergences"))
        expected_diagrams += 2 if diverges else 1
        check(len(svgs) == (2 if diverges else 1),
              name + ": %d diagram(s) drawn%s" % (len(svgs), " (reference and actual)" if diverges else ""))
        if not svgs:
            continue
        actual = svgs[-1]
        for svg in svgs:
            check(len(svg.find_all("line", "lifeline")) == 2, name + ": two lifelines")
            check(svg.attrs.get("data-overflow") == "0",
                  name + ": diagram within its container (rendered %s px wide)"
                  % svg.attrs.get("data-rendered-width"))
        trace = os.path.join(report_dir, case["artifacts"]["trace"])
        calls, arrows, lost = trace_expectations(trace)
        drawn_arrows = len(actual.find_all("g", "arrow"))
        drawn_lost = len(actual.find_all("g", "lost"))
        drawn_calls = len(actual.find_all("g", "call"))
        check(drawn_arrows == arrows and drawn_lost == lost,
              name + ": %d arrows and %d lost marks for the trace's %d delivered and %d lost segments"
              % (drawn_arrows, drawn_lost, arrows, lost))
        check(drawn_calls == calls, name + ": %d call boxes for %d calls" % (drawn_calls, calls))
        if diverges:
            check(len(actual.find_all("g", "divergence")) == 1,
                  name + ": the first listed divergence is marked")
        story = node.find_all("ol", "narration")
        check(bool(story) and len(story[0].find_all("li")) > 0, name + ": narration beside it")
        pcaps = (case["artifacts"].get("pcap") or "").split()
        links = {unquote(a.attrs.get("href") or "") for a in root.find_all("a")}
        for pcap in pcaps:
            path = os.path.join(report_dir, pcap)
            data = b""
            if os.path.exists(path):
                with open(path, "rb") as f:
                    data = f.read()
            # libpcap format (what Wireshark opens): magic, version 2.4, then packet records
            readable = len(data) > 24 + 16 and struct.unpack("<I", data[:4])[0] in (
                0xA1B2C3D4, 0xA1B23C4D) and struct.unpack("<HH", data[4:8]) == (2, 4)
            check(pcap in links and readable,
                  name + ": pcap %s linked and a pcap file Wireshark reads" % pcap)

    check(("diagrams=%d" % expected_diagrams) in layout,
          "the layout check measured all %d diagrams" % expected_diagrams)
    png_ok = False
    if os.path.exists(screenshot):
        with open(screenshot, "rb") as f:
            head = f.read(24)
        png_ok = head[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", head[16:24])[0] >= 1000
    check(png_ok, "screenshot kept: " + screenshot)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
