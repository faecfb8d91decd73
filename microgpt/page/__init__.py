"""The page's backend: the session, its commands, the settings schema and the reader's files.

Built on the core (microgpt) and the walkthrough's views (microgpt.explain); nothing there
imports this package. The worker does: session = Session(); handle_json(session, cmd, args).
"""
from .commands import COMMANDS, handle, handle_json
from .session import Session

__all__ = ["COMMANDS", "Session", "handle", "handle_json"]
