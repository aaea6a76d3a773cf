"""Fan-out point between agent runs and the websocket connections of each user."""
import asyncio
from collections import defaultdict, deque
from typing import Any, Deque, Dict, List, Tuple

Message = Dict[str, Any]


class WebSocketBridge:
    """Delivers messages to every open connection of a user.

    A connection is an ``asyncio.Queue`` drained by the HTTP layer. The last messages are
    also kept in ``sent`` for the debug endpoint.
    """

    def __init__(self, history_size: int = 1000) -> None:
        self._connections: Dict[str, List["asyncio.Queue[Message]"]] = defaultdict(list)
        self.sent: Deque[Tuple[str, Message]] = deque(maxlen=history_size)

    def connect(self, user_id: str) -> "asyncio.Queue[Message]":
        queue: "asyncio.Queue[Message]" = asyncio.Queue()
        self._connections[user_id].append(queue)
        return queue

    def disconnect(self, user_id: str, queue: "asyncio.Queue[Message]") -> None:
        queues = self._connections.get(user_id, [])
        if queue in queues:
            queues.remove(queue)

    async def send(self, user_id: str, message: Message) -> int:
        """Queue ``message`` for ``user_id``; returns the number of connections reached."""
        self.sent.append((user_id, message))
        queues = self._connections.get(user_id, [])
        for queue in queues:
            queue.put_nowait(message)
        return len(queues)

    def messages_for(self, user_id: str) -> List[Message]:
        return [message for owner, message in self.sent if owner == user_id]
