"""What a corpus of messages teaches about the schema: which body element each SRV's request uses."""

from __future__ import annotations

from collections import Counter, defaultdict

from duislint.messages.load import Message


def body_votes(messages: list[Message]) -> dict[str, Counter]:
    """SRV -> how many request messages use each body element (by local name)."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for message in messages:
        if message.is_request and message.srv and message.body:
            votes[message.srv[0]][message.body[0].local] += 1
    return votes


def srv_bodies(messages: list[Message]) -> dict[str, str]:
    """SRV -> the body element most of its request messages use (ties: alphabetical, for determinism)."""
    return {
        srv: sorted(count.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for srv, count in body_votes(messages).items()
    }
