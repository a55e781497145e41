"""Run by Debian's /usr/bin/python3 (python3-uno), not by the service's interpreter.

Connects to a LibreOffice listening on a pipe and converts documents to PDF on request: one JSON line
{"src", "dst"} on stdin, one JSON line {"ok", "error"} on stdout. The service keeps this process and the
LibreOffice behind it alive (warm), so a PDF does not pay LibreOffice's start-up each time.
"""

import json
import os
import signal
import sys
import time


def main(pipe_name: str, office_group: int = 0, connect_seconds: float = 90.0) -> int:
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
    print(json.dumps({"ready": True}), flush=True)
    filter_data = uno.Any("[]com.sun.star.beans.PropertyValue",
                          (prop("EmbedStandardFonts", True), prop("ExportFormFields", False)))
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        try:
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(req["src"]), "_blank", 0,
                                               (prop("Hidden", True), prop("ReadOnly", True)))
            try:
                uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(req["dst"]),
                                               (prop("FilterName", "writer_pdf_Export"),
                                                prop("FilterData", filter_data))))
            finally:
                doc.close(True)
            out = {"ok": True}
        except Exception as exc:  # reported to the service, which falls back to a cold conversion
            out = {"ok": False, "error": repr(exc)}
        print(json.dumps(out), flush=True)
    # End of input: the service closed the converter or died (even by kill -9). LibreOffice goes
    # with it, so that no office is left running without its owner.
    try:
        desktop.terminate()
    except Exception:  # the bridge drops as LibreOffice quits
        pass
    if office_group:
        try:
            os.killpg(office_group, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0))
