"""An SMTP sink for the reliability tests: stores every mail in a Maildir, like `make test`'s sink, but
refuses recipients whose address starts with "refused" with a permanent 550, as a real server refuses
an address that does not exist.

    python -m aiosmtpd -n -l 127.0.0.1:PORT -c tests.smtp_sink.RefusingMailbox MAILDIR
"""

from aiosmtpd.handlers import Mailbox


class RefusingMailbox(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("refused"):
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"
