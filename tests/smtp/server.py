"""A real SMTP server for Bangfu's tests, on aiosmtpd: every message it accepts is stored as an
.eml file in a folder (with the envelope recipients in an X-Envelope-To line on top), and any
recipient at refuse.test is refused with a permanent 550. Usage: server.py PORT FOLDER"""

import os
import sys
import time

from aiosmtpd.controller import Controller


class Store:
    def __init__(self, folder):
        self.folder = folder

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().endswith("@refuse.test"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        name = os.path.join(self.folder, "%d-%d.eml" % (time.time_ns(), os.getpid()))
        head = ("X-Envelope-To: %s\r\n" % ",".join(envelope.rcpt_tos)).encode()
        with open(name + ".part", "wb") as f:
            f.write(head + envelope.original_content)
        os.replace(name + ".part", name)
        return "250 2.0.0 accepted"


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Store(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
