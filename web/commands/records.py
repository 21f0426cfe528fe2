"""The archivist's records: `dateline fix`, `hide`, `unhide` and `audit`, signed by the user."""

from __future__ import annotations

import argparse
import os
import pwd
from datetime import UTC, datetime

from archive import ArchiveError, Signed, Store, plural, show_value
from indexer import IndexBusy, index_exists
from web.config import AppConfig
from web.errors import UsageError
from web.output import print_json, say, update_index_saying
from web.render import audit_json


def fix_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Correct fields of an article (or undo corrections); print each field before -> after."""
    if bool(args.changes) == bool(args.undo):
        raise UsageError("give FIELD=VALUE changes or --undo FIELD, not both")
    reason = (args.reason or "").strip()
    if args.changes and not reason:
        raise UsageError("say why with --reason")
    with existing_store(config) as store:
        doc = store.lookup(args.article)
        if args.undo:
            changed = store.undo_corrections(doc, args.undo, signed_by_user(reason))
        else:
            changed = store.correct(doc, args.changes, signed_by_user(reason))
        print(f"{doc.title} ({doc.id})")
        for change in changed:
            print(f"  {change.field}: {show_value(change.before)} -> {show_value(change.after)}")
        _refresh_index(config, store)
    return 0


def hide_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Withdraw a story from search, feeds, exports and its pages; the archive keeps it."""
    reason = args.reason.strip()
    if not reason:
        raise UsageError("say why with --reason")
    with existing_store(config) as store:
        doc = store.lookup(args.article)
        store.hide(doc, signed_by_user(reason))
        print(f"hidden: {doc.title} ({doc.id}): {reason}")
        _refresh_index(config, store, busy=HIDDEN_WHILE_BUSY)
    return 0


def unhide_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Bring a withdrawn story back as it was."""
    with existing_store(config) as store:
        doc = store.lookup(args.article)
        store.unhide(doc, signed_by_user(args.reason.strip()))
        print(f"back: {doc.title} ({doc.id})")
        _refresh_index(config, store)
    return 0


def audit_command(args: argparse.Namespace, config: AppConfig) -> int:
    """Print every correction, undo, hide and unhide: when, who, what and why."""
    with existing_store(config) as store:
        entries = store.audit_log()
    if args.json:
        print_json([audit_json(e) for e in entries])
        return 0
    if not entries:
        print("the audit log is empty: nothing was corrected or hidden yet")
    for entry in entries:
        who = f"{entry.date} {entry.user} {entry.action}"
        print(f"#{entry.number} {who} {entry.url} ({entry.doc_id})")
        if entry.field is not None:
            what = f"  [{entry.change}]" if entry.change else ""
            before, after = show_value(entry.before), show_value(entry.after)
            print(f"    {entry.field}: {before} -> {after}{what}")
        print(f"    reason: {entry.reason or '(none given)'}")
    return 0


def existing_store(config: AppConfig) -> Store:
    """The archive's store; an error rather than a new empty one where there is none.

    Raises:
        ArchiveError: the archive has no store yet (opening one would create it).
    """
    if not config.archive.store_path.exists():
        raise ArchiveError(
            f"no archive in {config.archive.dir} yet; "
            'run "dateline import" or "dateline crawl" first'
        )
    return Store(config.archive.store_path)


CHANGED_WHILE_BUSY = (
    "another process is writing the index; search shows this change after its next "
    'update (or run "dateline reindex --incremental" when it ends)'
)


# Searches read the takedowns from the store at every search: a hide shows at once.
HIDDEN_WHILE_BUSY = (
    "another process is writing the index; searches leave it out from now on, and the index "
    "drops it on its next update"
)


def signed_by_user(reason: str) -> Signed:
    """Sign an archivist's action with this reason, the account running us, and the time."""
    return Signed(reason, user(), now())


def user() -> str:
    """Who runs the command, for the audit log: the account, not $USER (anyone can set that)."""
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:  # a uid with no entry in the password database (a bare container)
        return str(uid)


def now() -> str:
    """The time now, in UTC to the second, as the audit log keeps it."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _refresh_index(config: AppConfig, store: Store, busy: str = CHANGED_WHILE_BUSY) -> None:
    """Bring the index up to date with a correction, hide or unhide, where there is one.

    A running `dateline serve` sees the new index within seconds (it looks every second);
    `busy` is what to say when another process holds the index.
    """
    if not index_exists(config.index):
        say('no index yet: "dateline reindex" builds it with this change')
        return
    try:
        added = update_index_saying(config, store)
    except IndexBusy:
        say(busy)
        return
    say(f"index updated with {plural(added, 'document')}")
