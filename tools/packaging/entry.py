"""The frozen client's one entry point: both executables (the window and the ``kuaixiang``
command) run this script and tell themselves apart by their own name.

A frozen executable is also what ``sys.executable`` names, and the client starts some of its
work as children the Python way (``sys.executable -m kuaixiang_desktop.ui.spool …``, the
一企一策清单, the demo loader's ``spawn`` processes): so ``EXE -m MODULE ARGS…`` runs one of
our modules as ``python -m`` would, and multiprocessing's own children are recognised first.
"""

import multiprocessing
import os
import runpy
import sys

_OWN = ("kuaixiang_core.", "kuaixiang_desktop.", "kuaixiang_server")


def _run_module(argv: list[str]) -> int:
    if not argv or not argv[0].startswith(_OWN):
        sys.stderr.write("usage: -m kuaixiang_desktop.MODULE [ARGS…] (only the client's own modules)\n")
        return 2
    sys.argv = [argv[0], *argv[1:]]
    runpy.run_module(argv[0], run_name="__main__", alter_sys=True)
    return 0


def _streams() -> None:
    # The Windows window executable has no console: sys.stdout/stderr are None there, and a
    # print (argparse's --version, a warning to stderr) would raise. Writes go nowhere instead;
    # the log file has everything.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - for the process


def main() -> int:
    _streams()
    multiprocessing.freeze_support()  # a spawn child: runs its task and exits here
    if len(sys.argv) > 1 and sys.argv[1] == "-m":
        return _run_module(sys.argv[2:])
    name = os.path.splitext(os.path.basename(sys.executable))[0].lower()
    if name == "kuaixiang-desktop":
        from kuaixiang_desktop.app import main as gui_main

        return gui_main()
    from kuaixiang_desktop.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
