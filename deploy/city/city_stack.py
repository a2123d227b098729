"""The server for the whole city on one machine: PostgreSQL, N ``kuaixiang-server`` instances and
nginx in front of them, load-balancing.

    python deploy/city/city_stack.py up --workdir /srv/kx-city [--db postgresql://…/kuaixiang_city]
                                        [--instances 2] [--port 8780] [--seed-demo N] [--clerks N]

``up`` runs in the foreground until SIGINT/SIGTERM and then stops what it started. It

- uses the database ``--db`` (default: ``kuaixiang_city`` on the local server at
  127.0.0.1:5432), creating it when it does not exist (``--no-create-db`` to refuse);
- gives every instance the same data key and certifying key (README "Deploying the central
  server"): ``KUAIXIANG_SERVER_KEY`` / ``KUAIXIANG_SERVER_SIGNING_KEY`` from the environment,
  else made once in ``WORKDIR/keys`` (owner-only) and reused on every later start;
- starts the instances on loopback ports the OS hands out; the first one migrates the schema
  (the others wait on the same advisory lock, so starting them together is safe);
- writes ``WORKDIR/nginx/nginx.conf`` and runs Debian's nginx with its own prefix, in the
  foreground (``daemon off``), listening on ``--listen`` (127.0.0.1) ``--port``; run as root,
  nginx is started as the unprivileged ``--nginx-user`` (default ``nobody``);
- with ``--seed-demo N``: the demo catalogue and N demo enterprises; with ``--clerks N``: N
  window clerks ``window-0001`` … spread over the 12 county-level halls (password in
  ``--clerk-password-file`` or ``city-pass-1``), as the load test (deploy/city/load_test.py) uses.

Nothing here is needed in production beyond what it shows: the same keys on every instance,
one database, and a proxy that passes the client's address (``X-Forwarded-For $remote_addr``,
which uvicorn trusts from 127.0.0.1 by default) so the log-in limit per address still
counts each hall's machines, not the proxy.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]
if str(_CHECKOUT) not in sys.path:  # run as a script from a source checkout
    sys.path.insert(0, str(_CHECKOUT))

from kuaixiang_core.server_process import ServerProcess, free_port, server_environment  # noqa: E402

DEFAULT_DB = "postgresql://postgres@127.0.0.1:5432/kuaixiang_city"
CLERK_PASSWORD = "city-pass-1"
# Liaocheng's 12 county-level areas: the 8 counties' halls every server knows
# (kuaixiang_core.reference.DEFAULT_HALLS) and the city's and the three zones' own.
EXTRA_HALLS = (
    ("371500-01", "聊城市政务服务中心", "371500"),
    ("371502-02", "聊城高新区政务服务中心", "371502"),
    ("371502-03", "聊城经济技术开发区政务服务中心", "371502"),
    ("371502-04", "江北水城旅游度假区政务服务中心", "371502"),
)


# --- nginx ------------------------------------------------------------------------------------


def nginx_config(prefix: Path, listen: str, port: int, upstreams: list[int], *, worker_processes: int = 1,
                 max_body_mb: int = 21) -> str:
    """nginx.conf for the stack: every path under ``prefix``, so nginx needs no system dirs.

    ``least_conn``: a slow request (an upload, a long pull) does not pile more onto its
    instance. POSTs are not passed on to another instance after an error (nginx's default,
    no ``non_idempotent``): the client repeats a push with its idempotency key instead.
    The body limit is the server's largest (20 MB attachment) plus headroom; the server
    itself enforces the exact bounds. Idle upstream connections are dropped before the
    instances drop them (``keepalive_timeout``), which a first load test showed as 502s."""
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=3 fail_timeout=5s;" for p in upstreams)
    temp = "\n".join(f"    {kind}_temp_path {prefix}/tmp/{kind};" for kind in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""# Written by deploy/city/city_stack.py; regenerated at every start.
worker_processes {worker_processes};
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;

events {{
    worker_connections 4096;
}}

http {{
    log_format timed '$remote_addr [$time_iso8601] "$request" $status $body_bytes_sent '
                     'rt=$request_time urt=$upstream_response_time ua=$upstream_addr';
    access_log {prefix}/logs/access.log timed buffer=256k flush=5s;
{temp}
    client_max_body_size {max_body_mb}m;
    client_body_buffer_size 1m;
    server_tokens off;
    keepalive_timeout 65s;

    upstream kuaixiang {{
        least_conn;
{servers}
        keepalive 64;
        # Below uvicorn's own idle time-out (5 s): else nginx may reuse a connection the
        # instance is closing, and a POST on it fails with 502 (a GET is retried elsewhere).
        keepalive_timeout 4s;
    }}

    server {{
        listen {listen}:{port} backlog=4096;
        location /api/ {{
            proxy_pass http://kuaixiang;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_connect_timeout 5s;
            proxy_read_timeout 120s;
            proxy_send_timeout 120s;
        }}
        location / {{
            return 404;
        }}
    }}
}}
"""


def _nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        raise StackError("nginx is not installed (Debian: apt-get install -y nginx)")
    return found


def _as_user(name: str) -> list[str]:
    """A command prefix that runs nginx unprivileged when we are root (setpriv, util-linux)."""
    if os.geteuid() != 0:
        return []
    entry = pwd.getpwnam(name)
    return ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--clear-groups"]


# --- the database -----------------------------------------------------------------------------


def _pg_admin(db_url: str):
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(db_url)
    return psycopg.connect(host=url.host, port=url.port or 5432, user=url.username, password=url.password,
                           dbname="postgres", autocommit=True, connect_timeout=5)


def ensure_database(db_url: str, *, create: bool) -> bool:
    """True when this call created the database."""
    from sqlalchemy.engine import make_url

    name = make_url(db_url).database
    if not name:
        raise StackError(f"the database URL names no database: {db_url}")
    with _pg_admin(db_url) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return False
        if not create:
            raise StackError(f"database {name} does not exist (and --no-create-db)")
        conn.execute(f'CREATE DATABASE "{name}"')
        return True


def drop_database(db_url: str) -> None:
    from sqlalchemy.engine import make_url

    with _pg_admin(db_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{make_url(db_url).database}" WITH (FORCE)')


# --- keys -------------------------------------------------------------------------------------


def stack_keys(workdir: Path) -> dict[str, str]:
    """The two keys every instance must share: from the environment, else WORKDIR/keys."""
    keys = {}
    folder = workdir / "keys"
    for name in ("KUAIXIANG_SERVER_KEY", "KUAIXIANG_SERVER_SIGNING_KEY"):
        if os.environ.get(name):
            keys[name] = os.environ[name]
            continue
        path = folder / name.lower()
        if not path.exists():
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(base64.b64encode(secrets.token_bytes(32)).decode())
        keys[name] = path.read_text().strip()
    return keys


# --- seeding ----------------------------------------------------------------------------------


def clerk_names(count: int) -> list[str]:
    return [f"window-{n:04d}" for n in range(1, count + 1)]


def seed(db_url: str, key: bytes, *, demo_enterprises: int | None, clerks: int, password: str) -> dict:
    """Demo catalogue and enterprises, the 12 halls, ``clerks`` window clerks (idempotent)."""
    from sqlalchemy import select

    from kuaixiang_core.reference import DEFAULT_HALLS
    from kuaixiang_server import auth
    from kuaixiang_server.config import normalize_db_url
    from kuaixiang_server.db import open_database
    from kuaixiang_server.demo import seed_demo
    from kuaixiang_server.models import Clerk, Hall

    db = open_database(normalize_db_url(db_url), key=key)
    try:
        result: dict = {}
        if demo_enterprises is not None:
            result = seed_demo(db, enterprises=demo_enterprises)
        halls = [code for code, _, _ in (*DEFAULT_HALLS, *EXTRA_HALLS)]
        with db.write() as s:
            for code, name, region in (*DEFAULT_HALLS, *EXTRA_HALLS):
                if s.get(Hall, code) is None:
                    auth.add_hall(s, code, name, region)
            s.flush()
            present = set(s.scalars(select(Clerk.username)))
            # One scrypt hash for all: the password is the same, and 500 hashes would take a minute.
            digest = auth.hash_password(password)
            for n, username in enumerate(clerk_names(clerks)):
                if username not in present:
                    hall = halls[n % len(halls)]
                    s.add(Clerk(username=username, display_name=username, hall_code=hall,
                                window=f"{n // len(halls) + 1:02d}", role="clerk", password_hash=digest))
        result["clerks"] = clerks
        return result
    finally:
        db.close()


# --- the stack --------------------------------------------------------------------------------


class StackError(RuntimeError):
    pass


@dataclass
class Stack:
    workdir: Path
    db_url: str = DEFAULT_DB
    instances: int = 2
    listen: str = "127.0.0.1"
    port: int = 0
    nginx_user: str = "nobody"
    create_db: bool = True
    servers: list[ServerProcess] = field(default_factory=list)
    nginx: subprocess.Popen | None = None
    created_db: bool = False
    _nginx_log: object = None

    @property
    def url(self) -> str:
        return f"http://{self.listen}:{self.port}"

    @property
    def nginx_prefix(self) -> Path:
        return self.workdir / "nginx"

    def environment(self) -> dict[str, str]:
        return server_environment(self.workdir / "server-data", extra=stack_keys(self.workdir))

    def data_key(self) -> bytes:
        text = stack_keys(self.workdir)["KUAIXIANG_SERVER_KEY"]
        return bytes.fromhex(text) if len(text) == 64 else base64.b64decode(text)

    def start(self) -> Stack:
        self.workdir.mkdir(parents=True, exist_ok=True)
        if self.db_url.startswith("postgresql"):
            self.created_db = ensure_database(self.db_url, create=self.create_db)
        env = self.environment()
        try:
            for n in range(self.instances):
                self.servers.append(ServerProcess(self.db_url, self.workdir / f"instance-{n + 1}", env=env,
                                                  log_level="warning").start(wait=False))
            for server in self.servers:
                server.wait_ready(timeout=180)
            self._start_nginx()
        except BaseException:
            self.stop()
            raise
        return self

    def _start_nginx(self) -> None:
        prefix = self.nginx_prefix
        for sub in ("logs", "tmp"):
            (prefix / sub).mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        conf = prefix / "nginx.conf"
        conf.write_text(nginx_config(prefix, self.listen, self.port, [s.port for s in self.servers]), "utf-8")
        runner = _as_user(self.nginx_user)
        if runner:
            entry = pwd.getpwnam(self.nginx_user)
            for parent in prefix.parents:
                st = parent.stat()
                if st.st_uid != entry.pw_uid and not st.st_mode & 0o001:
                    raise StackError(f"nginx runs as {self.nginx_user}, who cannot enter {parent} (mode "
                                     f"{st.st_mode & 0o777:o}): choose a --workdir whose folders others may enter")
            for path in (prefix, *prefix.rglob("*")):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        binary = _nginx_binary()
        check = subprocess.run([*runner, binary, "-t", "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "logs/error.log")],
                               capture_output=True, text=True)
        if check.returncode != 0:
            raise StackError(f"nginx -t refused {conf}:\n{check.stderr}")
        self._nginx_log = open(prefix / "logs/stderr.log", "wb")  # noqa: SIM115 - closed by stop()
        self.nginx = subprocess.Popen([*runner, binary, "-p", str(prefix), "-c", str(conf), "-e",
                                       str(prefix / "logs/error.log"), "-g", "daemon off;"],
                                      stdout=subprocess.DEVNULL, stderr=self._nginx_log)
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(self.url + "/api/v1/health", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            if self.nginx.poll() is not None or time.monotonic() > deadline:
                raise StackError(f"nginx did not answer at {self.url}:\n"
                                 + (prefix / "logs/error.log").read_text("utf-8", "replace")[-2000:])
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.nginx.wait(timeout=0.1)

    def pids(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {"server": [s.proc.pid for s in self.servers if s.proc is not None]}
        if self.nginx is not None:
            out["nginx_master"] = [self.nginx.pid]
        return out

    def describe(self) -> dict:
        return {"url": self.url, "db": self.db_url, "instances": [s.url for s in self.servers], "pids": self.pids(),
                "nginx_conf": str(self.nginx_prefix / "nginx.conf")}

    def stop(self) -> None:
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)  # graceful: finish the requests in flight
            try:
                self.nginx.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
                self.nginx.wait(timeout=10)
        if self._nginx_log is not None:
            self._nginx_log.close()
            self._nginx_log = None
        for server in self.servers:
            server.stop()

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="start the stack and keep it running until SIGINT/SIGTERM")
    up.add_argument("--workdir", type=Path, required=True, help="keys, logs and nginx's prefix go here")
    up.add_argument("--db", default=os.environ.get("KUAIXIANG_SERVER_DB", DEFAULT_DB))
    up.add_argument("--no-create-db", action="store_true")
    up.add_argument("--instances", type=int, default=2)
    up.add_argument("--listen", default="127.0.0.1")
    up.add_argument("--port", type=int, default=8780)
    up.add_argument("--nginx-user", default="nobody", help="the user nginx runs as when started by root")
    up.add_argument("--seed-demo", type=int, default=None, metavar="N", help="demo catalogue and N demo enterprises")
    up.add_argument("--clerks", type=int, default=0, metavar="N", help="N window clerks over the 12 halls")
    up.add_argument("--clerk-password-file", type=Path, default=None)
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not 1 <= args.instances <= 32:
        print(f"--instances must be 1 … 32, not {args.instances}", file=sys.stderr)
        return 2
    stack = Stack(args.workdir.resolve(), args.db, args.instances, args.listen, args.port, args.nginx_user,
                  create_db=not args.no_create_db)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    try:
        stack.start()
        if args.seed_demo is not None or args.clerks:
            password = args.clerk_password_file.read_text().strip() if args.clerk_password_file else CLERK_PASSWORD
            seed(args.db, stack.data_key(), demo_enterprises=args.seed_demo, clerks=args.clerks, password=password)
        print(json.dumps(stack.describe(), ensure_ascii=False), flush=True)
        while not stopping:
            time.sleep(0.5)
            dead = [s.url for s in stack.servers if not s.running]
            if dead or (stack.nginx is not None and stack.nginx.poll() is not None):
                print(f"a process of the stack exited: {dead or 'nginx'}", file=sys.stderr)
                return 3
    except KeyboardInterrupt:
        pass
    except StackError as exc:
        print(exc, file=sys.stderr)
        return 3
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
