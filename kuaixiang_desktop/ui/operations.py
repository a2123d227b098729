"""Every call the window makes into the services off the GUI thread, by subject.

A room, dialog or wizard hands one of these to its ``TaskRunner`` (``tasks.py``), never a
service function directly, so that this page lists all the work the window does in the
background: what each call needs, and what it gives back. Each is a thin wrapper that looks
the service up when it runs, so a test that replaces a service function (``services.auth.login``,
``services.statistics.statistics``…) reaches the window too.

Every call here runs in a worker thread with the ``Database`` handle (or plain values), never
an ORM object, and returns plain or frozen values that the GUI thread may keep.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ..services import (
    about,
    applications,
    apply_context,
    attachments,
    auth,
    authorisations,
    catalogue_search,
    checklist_job,
    drafts,
    forms,
    matching,
    outbox,
    outreach,
    pledges,
    policies,
    provisioning,
    ratings,
    receipts,
    reveal,
    rules_diff,
    scan,
    sync_service,
    updates,
)
from ..services import (
    lookup as lookup_service,
)
from ..services import (
    reach as reach_service,
)
from ..services import (
    statistics as statistics_service,
)
from ..services.database import Database

# -- finding an enterprise (workspace) ------------------------------------------------------------


def lookup(db: Database, text: str, limit: int) -> lookup_service.Lookup:
    return lookup_service.lookup(db, text, limit)


def enterprise_detail(db: Database, credit_code: str) -> lookup_service.EnterpriseDetail | None:
    return lookup_service.enterprise_detail(db, credit_code)


def enterprise_count(db: Database) -> int:
    return lookup_service.enterprise_count(db)


def route_scan(db: Database, text: str, limit: int):
    """A scanned text: a credit code, our receipt's QR, or a licence link."""
    return scan.route(db, text, limit)


def check_licence(db: Database, code: str):
    """A 电子营业执照 code, checked by the central server (services/licence)."""
    from ..services.licence import check_licence as check

    return check(db, code)


# -- matching and the 一企一策清单 (policy panel) -------------------------------------------------


def warm_up_catalogue(db: Database):
    """Compile the catalogue ahead of the first match, with the matcher of the region the
    clerk's hall serves (the other regions' come next: ``build_matchers``)."""
    cat = policies.compiled_catalogue(db)
    cat.matcher(auth.hall_region(db))
    return cat


def build_matchers(db: Database) -> None:
    """The other regions' matchers, once the window is usable (about 15 ms each: 0.2 s of a
    start otherwise), so that no first match of an enterprise from elsewhere pays for one."""
    policies.compiled_catalogue(db).build_matchers()


def match_for_panel(db: Database, credit_code: str, as_of: dt.date | None = None) -> matching.PanelMatch:
    """The match, with the enterprise's applications in progress (one query) for the marks."""
    match = matching.match_with_details(db, credit_code, as_of)
    return replace(match, in_progress=drafts.open_applications(db, credit_code))


def build_checklist_pdf(db: Database, credit_code: str, as_of: dt.date | None) -> tuple[bytes, str]:
    """The 一企一策清单 as PDF bytes and the print job's title (laid out in a child process:
    see services.checklist_job for why)."""
    return checklist_job.build_in_child(db.path, credit_code, as_of)


# -- applying (apply wizard) ----------------------------------------------------------------------


def load_apply_context(db: Database, credit_code: str, item_id: str,
                       today: dt.date | None = None) -> apply_context.ApplyContext:
    return apply_context.load_context(db, credit_code, item_id, today)


def file_application(db: Database, credit_code: str, item_id: str, agent, materials,
                     promised_days: int | None, authorisation=None,
                     accept_deferred: bool = True) -> tuple[applications.FilingResult, dt.date | None]:
    return apply_context.file_and_promise(db, credit_code, item_id, agent, materials, promised_days,
                                          authorisation, accept_deferred)


def list_drafts(db: Database, credit_code: str | None = None) -> tuple[drafts.DraftRow, ...]:
    return drafts.list_drafts(db, credit_code)


def load_draft(db: Database, draft_id: str) -> drafts.Draft:
    return drafts.load_draft(db, draft_id)


def save_draft(db: Database, data: drafts.DraftInput) -> drafts.DraftRow:
    return drafts.save_draft(db, data)


def discard_draft(db: Database, draft_id: str) -> bool:
    return drafts.discard_draft(db, draft_id)


def file_from_draft(db: Database, credit_code: str, item_id: str, agent, materials, promised_days: int | None,
                    draft_id: str, authorisation=None,
                    accept_deferred: bool = True) -> tuple[applications.FilingResult, dt.date | None]:
    """File, then drop the draft it was filed from: the application now holds what it held."""
    filed = apply_context.file_and_promise(db, credit_code, item_id, agent, materials, promised_days,
                                           authorisation, accept_deferred)
    drafts.discard_draft(db, draft_id)
    return filed


def render_receipt(db: Database, application_id: str, layout: str, *, reprint: bool = False) -> receipts.Printed:
    return receipts.print_receipt(db, application_id, layout, reprint=reprint)


def render_notice(db: Database, application_id: str, layout: str) -> receipts.Printed:
    return receipts.print_notice(db, application_id, layout)


def render_progress(db: Database, application_id: str, layout: str) -> receipts.Printed:
    return receipts.print_progress(db, application_id, layout)


def render_pledge(db: Database, application_id: str, _layout: str = "a4") -> receipts.Printed:
    """The 容缺受理承诺书 (A4 whatever the window's paper: it is signed and stamped)."""
    return forms.print_pledge(db, application_id)


def authorisation_need(db: Database, credit_code: str, agent, item_id: str) -> authorisations.Need:
    return authorisations.need(db, credit_code, agent, item_id)


def render_authorisation(db: Database, credit_code: str, agent, valid_from: dt.date, valid_to: dt.date,
                         item_id: str | None) -> bytes:
    return forms.print_authorisation(db, credit_code, agent, valid_from, valid_to, item_id)


def open_pledges(db: Database, credit_code: str | None = None) -> tuple[pledges.PledgeView, ...]:
    return pledges.open_pledges(db, credit_code=credit_code)


def due_counts(db: Database) -> pledges.DueCounts:
    return pledges.due_counts(db)


def receive_material(db: Database, application_id: str, name: str, file) -> pledges.PledgeView | None:
    return pledges.receive_material(db, application_id, name, file)


# -- applications room ------------------------------------------------------------------------------


def search_applications(db: Database, status: str | None, text: str | None, since: dt.datetime | None,
                        limit: int) -> tuple[applications.ApplicationRow, ...]:
    return applications.search_applications(db, status, text, since, limit)


def application_detail(db: Database, application_id: str) -> applications.ApplicationDetail:
    """With the agent's ID and phone masked (``reveal_agent`` unmasks them, on purpose)."""
    return applications.show(db, application_id)


def change_status(db: Database, application_id: str, target: str,
                  reason: str | None) -> applications.ApplicationDetail:
    return applications.transition(db, application_id, target, reason)


def reveal_agent(db: Database, application_id: str, password: str, reason: str) -> reveal.Revealed:
    """The agent's full ID and phone, after the password again and a reason (audited)."""
    return reveal.reveal_agent(db, application_id, password, reason)


# -- catalogue and outreach rooms -------------------------------------------------------------------


def search_catalogue(db: Database, text: str, mode, department, as_of: dt.date) -> catalogue_search.CatalogueSearch:
    return catalogue_search.search_catalogue(db, text, mode, department, as_of)


def catalogue_item(db: Database, item_id: str) -> policies.PolicyItemDetail:
    return catalogue_search.item_detail(db, item_id)


def item_choices(db: Database) -> tuple[catalogue_search.ItemChoice, ...]:
    return catalogue_search.item_choices(db)


def reach(db: Database, item_id: str, as_of: dt.date | None, limit: int) -> reach_service.ReachPage:
    return reach_service.reach(db, item_id, as_of, limit)


def preview_catalogue(db: Database, path: Path, as_of: dt.date | None):
    """政策沙盘: a catalogue file's lint findings and its impact against the installed one
    (services.rules_diff.Preview); counts over every enterprise, seconds to a minute."""
    return rules_diff.preview_file(db, Path(path), as_of)


def export_reach(db: Database, item_id: str, path: Path | str, as_of: dt.date | None) -> outreach.ReachExport:
    return outreach.export_reach_xlsx(db, item_id, path, as_of)


# -- statistics room --------------------------------------------------------------------------------


def statistics(db: Database, as_of: dt.date) -> statistics_service.Statistics:
    return statistics_service.statistics(db, as_of)


def auto_coverage(db: Database, as_of: dt.date, report: Callable, *,
                  cancelled: Callable[[], bool]) -> statistics_service.Coverage:
    return statistics_service.auto_coverage(db, as_of, report, cancelled=cancelled)


# -- session, sync and the about box ------------------------------------------------------------------


def log_in(db: Database, username: str, password: str, server: str | None,
           security: auth.TransportSecurity | None = None):
    return auth.login(db, username, password, server, security=security)


def unlock(db: Database, password: str):
    """The idle lock's password check."""
    return auth.verify_current(db, password)


def sync_round(db: Database, server: str | None):
    return sync_service.sync(db, server)


def pending_count(db: Database) -> int:
    return sync_service.SyncService(db, None).pending_count()  # type: ignore[arg-type]


def load_outbox(db: Database):
    return outbox.load_outbox(db)


def seal_old_attachments() -> int:
    """Encrypt the material scans an earlier version stored in plain; how many."""
    return attachments.seal_plain_files()


def about_info(db: Database):
    return about.about_info(db)


# -- 好差评, provisioning and updates --------------------------------------------------------


def open_visit(db: Database, credit_code: str | None):
    return ratings.open_visit_banjian(db, credit_code)


def rate_by_pad(db: Database, pad, number: str):
    """(worker) Waits for the enterprise's press on the evaluator pad (up to two minutes)."""
    return ratings.rate_by_pad(db, pad, number)


def close_followup(db: Database, ref: str, action: str):
    return ratings.close_followup(db, ref, action)


def import_provisioning(db: Database, data: bytes | str, fingerprint: str | None = None):
    return provisioning.import_config(db, data, fingerprint=fingerprint)


def run_update(db: Database):
    return updates.run_update(db)


def banjian(db: Database, number: str):
    return ratings.banjian(db, number)


def rate(db: Database, number: str, level: str, reasons, comment: str | None):
    return ratings.rate(db, number, level, reasons, comment)
