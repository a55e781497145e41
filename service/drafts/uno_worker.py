"""Run by Debian's /usr/bin/python3 (python3-uno), not by the service's interpreter.

Starts a LibreOffice listening on a pipe, connects to it and converts documents to PDF on request:
one JSON line {"src", "dst"} on stdin, one JSON line {"ok", "error"} on stdout. The service keeps this
process and its LibreOffice alive (warm), so a PDF does not pay LibreOffice's start-up each time.

LibreOffice is this worker's child and never outlives it: the worker ends it when its input ends
(the service closed the converter or died), when it is told to stop, and as soon as the service is
gone (even killed with -9, even while LibreOffice is still starting). If LibreOffice dies, the
worker ends too, and the service starts a new pair.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

_leftovers: list[str] = []  # LibreOffice's pipe and profile, removed once it is gone


def _stop(office):
    try:
        os.killpg(office.pid, signal.SIGKILL)  # the session started for it: soffice and soffice.bin
    except (ProcessLookupError, PermissionError):
        pass
    for path in _leftovers:
        shutil.rmtree(path, ignore_errors=True) if os.path.isdir(path) else _unlink(path)


def _unlink(path):
    try:
        os.unlink(path)
    except OSError:
        pass


def _limit_memory(memory_mb):
    """The readers' address-space limit, for LibreOffice too: it opens the office's incoming .doc
    files, and a hostile one must end LibreOffice (restarted afterwards), not exhaust the machine."""
    if not memory_mb:
        return None

    def limit():
        import resource

        cap = memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    return limit


def _watch(office, owner):
    """End LibreOffice and this worker when the service is gone; end the worker when LibreOffice is."""
    while True:
        time.sleep(0.5)
        if os.getppid() != owner:  # re-parented: the service died
            _stop(office)
            os._exit(0)
        if office.poll() is not None:
            _stop(office)
            os._exit(3)


def main(pipe_name, soffice, profile_url, memory_mb=0, connect_seconds=90.0):
    owner = os.getppid()
    _leftovers.extend(
        [
            os.path.join(tempfile.gettempdir(), f"OSL_PIPE_{os.getuid()}_{pipe_name}"),
            urllib.parse.unquote(urllib.parse.urlparse(profile_url).path),
        ]
    )
    office = subprocess.Popen(
        [
            soffice,
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            f"-env:UserInstallation={profile_url}",
            f"--accept=pipe,name={pipe_name};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=_limit_memory(memory_mb),
    )  # its own group: soffice forks soffice.bin
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stopped by the service: through finally
    threading.Thread(target=_watch, args=(office, owner), daemon=True).start()
    try:
        return _serve(pipe_name, office, connect_seconds)
    finally:
        _stop(office)


def _serve(pipe_name, office, connect_seconds):
    import uno
    from com.sun.star.beans import PropertyValue

    def prop(name, value):
        p = PropertyValue()
        p.Name, p.Value = name, value
        return p

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + connect_seconds
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe_name};urp;StarOffice.ComponentContext")
            break
        except Exception:  # LibreOffice is still starting
            if time.monotonic() > deadline:
                print(json.dumps({"ready": False, "error": "LibreOffice did not answer"}), flush=True)
                return 1
            time.sleep(0.1)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    print(json.dumps({"ready": True, "office_pid": office.pid}), flush=True)
    filter_data = uno.Any(
        "[]com.sun.star.beans.PropertyValue",
        (prop("EmbedStandardFonts", True), prop("ExportFormFields", False)),
    )
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        try:
            _convert(desktop, req, prop, filter_data)
            out = {"ok": True}
        except Exception as exc:  # reported to the service, which falls back to a cold conversion
            out = {"ok": False, "error": repr(exc)}
        print(json.dumps(out), flush=True)
    try:  # end of input; LibreOffice is ended in main's finally in any case
        desktop.terminate()
    except Exception:  # the bridge drops as LibreOffice quits
        pass
    return 0


def _convert(desktop, req, prop, filter_data):
    """Open req["src"] read-only and store it as req["dst"]: PDF, or with req["filter"] (a .docx for
    the readers; req["infilter"] names the import filter of a web page posing as a Word file)."""
    import uno

    load = [prop("Hidden", True), prop("ReadOnly", True)]
    if req.get("infilter"):
        load.append(prop("FilterName", req["infilter"]))
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(req["src"]), "_blank", 0, tuple(load))
    if doc is None:
        raise RuntimeError("LibreOffice could not open the file")
    if req.get("filter"):
        store = (prop("FilterName", req["filter"]),)
    else:
        store = (prop("FilterName", "writer_pdf_Export"), prop("FilterData", filter_data))
    try:
        uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(req["dst"]), store))
    finally:
        doc.close(True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 0))
