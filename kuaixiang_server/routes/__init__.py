"""The routes of ``/api/v1``, one router per resource; ``create_app`` includes them in the
order of ``ROUTERS``.

The order is part of the behaviour: two routes on one path (HEAD and PUT of an
attachment) answer a third method with the ``Allow`` of the first one listed.
"""

from __future__ import annotations

from . import attachments, changes, health, licences, outbox, outreach, receipts, session, snapshot, updates

ROUTERS = (health.router, session.router, changes.router, outbox.router, attachments.router, receipts.router,
           licences.router, updates.router, snapshot.router, outreach.router)
