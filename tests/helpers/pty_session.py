#!/usr/bin/env python3
"""Drives interactive redis-cli on a pseudo-terminal: types each line character by character,
answers the terminal's cursor-position queries (so redis-cli sees a 120-column screen), and
prints everything redis-cli drew, as JSON, for tests that compare interactive hints.

usage: pty_session.py PORT LINE [LINE ...]
"""
import json
import os
import pty
import select
import sys
import time

port, lines = sys.argv[1], sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm"
    os.execvp("redis-cli", ["redis-cli", "-p", port])

out = b""
queries = 0


def pump(seconds):
    global out, queries
    end = time.time() + seconds
    while time.time() < end:
        ready, _, _ = select.select([fd], [], [], 0.02)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return
        out += chunk
        for _ in range(chunk.count(b"\x1b[6n")):
            queries += 1
            os.write(fd, b"\x1b[1;1R" if queries % 2 else b"\x1b[1;120R")


pump(1.0)
for line in lines:
    for ch in line:
        os.write(fd, ch.encode("latin-1"))
        pump(0.015)
    os.write(fd, b"\r")
    pump(0.3)
os.write(fd, b"quit\r")
pump(0.5)
try:
    os.kill(pid, 9)
except OSError:
    pass
print(json.dumps(out.decode("latin-1")))
