"""nginx as a load balancer in front of several app processes, with a temporary config."""

import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from labrun.procs import group, pinned, wait_http

CONFIG = """\
worker_processes 1;
daemon off;
user root;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream lab {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        location / {{
            proxy_pass http://lab;
            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_set_header Connection "";
        }}
    }}
}}
"""


def available() -> bool:
    return shutil.which("nginx") is not None


def version() -> str:
    out = subprocess.run(["nginx", "-v"], capture_output=True, text=True, check=False)
    return out.stderr.strip().replace("nginx version: ", "")


def config(port: int, upstream_ports: Sequence[int], tmp: Path) -> str:
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in upstream_ports)
    return CONFIG.format(tmp=tmp, servers=servers, port=port)


@contextmanager
def nginx(port: int, upstream_ports: Sequence[int], core: str | None, log: Path) -> Iterator[int]:
    """nginx on 127.0.0.1:`port` balancing over `upstream_ports`; stopped and removed after."""
    tmp = Path(tempfile.mkdtemp(prefix="lab-nginx-"))
    try:
        conf = tmp / "nginx.conf"
        conf.write_text(config(port, upstream_ports, tmp))
        cmd = [
            *pinned(core),
            "nginx",
            "-e",
            str(tmp / "error.log"),
            "-p",
            str(tmp),
            "-c",
            str(conf),
        ]
        with group(cmd, tmp, {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}, log) as pid:
            wait_http(f"http://127.0.0.1:{port}/lab/health/", 15, pid)
            yield pid
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
