"""A real SMTP server for the e-mail tests: aiosmtpd on 127.0.0.1:PORT, writing each message it accepts to DIR
as N.eml (the envelope's recipients in an X-Envelope-To header). Run as `python smtp_sink.py PORT DIR`."""

import asyncio
import itertools
import sys
from pathlib import Path

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out: Path):
        self.out = out
        self.numbers = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        number = next(self.numbers)
        head = f"X-Envelope-To: {', '.join(envelope.rcpt_tos)}\r\n".encode()
        (self.out / f"{number}.tmp").write_bytes(head + envelope.original_content)
        (self.out / f"{number}.tmp").rename(self.out / f"{number}.eml")  # whole files only
        return "250 Message accepted for delivery"


def main() -> None:
    port, out = int(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    controller = Controller(Sink(out), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        asyncio.new_event_loop().run_forever()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
