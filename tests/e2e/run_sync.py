"""Run one sync round in its own process (the crash tests kill it with
KUAIXIANG_TEST_CRASH_AT): ``python run_sync.py DB KEYRING SERVER_URL``; prints the report."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> int:
    db_path, keyring_path, url = sys.argv[1:4]
    import keyring

    from kuaixiang_desktop.services.secrets import InsecureFileKeyring

    keyring.set_keyring(InsecureFileKeyring(Path(keyring_path)))

    from kuaixiang_desktop.services import sync_service
    from kuaixiang_desktop.services.database import open_client_db
    from kuaixiang_desktop.sync.client import RetryPolicy, SyncClient

    db = open_client_db(db_path)
    client = SyncClient(url, retry=RetryPolicy(attempts=2, base=0.01, cap=0.02), chunk_size=256 * 1024)
    try:
        report = sync_service.sync(db, client=client)
    finally:
        client.close()
        db.close()
    print(json.dumps(report.to_json(), ensure_ascii=False))
    return 0 if report.complete else 1


if __name__ == "__main__":
    raise SystemExit(main())
