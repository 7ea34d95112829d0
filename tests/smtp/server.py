"""A real SMTP server for Bangfu's tests, on aiosmtpd: every message it accepts is stored as an
.eml file in a folder (with the envelope recipients in an X-Envelope-To line on top), and any
recipient at refuse.test is refused with a permanent 550. Usage: server.py PORT FOLDER [--hold-to
ADDRESS --hold-secs N]: the first message to ADDRESS waits N seconds before its final answer, and is
dropped, never stored, when the client is gone by then (scripts/faults kills a worker during the
hold: the mail must still arrive exactly once, from the job's retry)."""

import argparse
import asyncio
import os
import time

from aiosmtpd.controller import Controller


class Store:
    def __init__(self, folder, hold_to=None, hold_secs=0.0):
        self.folder = folder
        self.hold_to = hold_to.lower() if hold_to else None
        self.hold_secs = hold_secs

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().endswith("@refuse.test"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.hold_to and self.hold_to in (a.lower() for a in envelope.rcpt_tos):
            self.hold_to = None  # only the first one
            print("holding", flush=True)
            try:
                await asyncio.sleep(self.hold_secs)
            except asyncio.CancelledError:
                # aiosmtpd cancels the session when its connection is lost.
                print("dropped: the client left during the hold", flush=True)
                raise
            transport = server.transport
            if transport is None or transport.is_closing():
                print("dropped: the client left during the hold", flush=True)
                return "421 4.3.0 client gone"
        name = os.path.join(self.folder, "%d-%d.eml" % (time.time_ns(), os.getpid()))
        head = ("X-Envelope-To: %s\r\n" % ",".join(envelope.rcpt_tos)).encode()
        with open(name + ".part", "wb") as f:
            f.write(head + envelope.original_content)
        os.replace(name + ".part", name)
        return "250 2.0.0 accepted"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("folder")
    parser.add_argument("--hold-to")
    parser.add_argument("--hold-secs", type=float, default=0.0)
    args = parser.parse_args()
    store = Store(args.folder, args.hold_to, args.hold_secs)
    controller = Controller(store, hostname="127.0.0.1", port=args.port)
    controller.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
