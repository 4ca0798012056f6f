# SPDX-License-Identifier: GPL-2.0
# Debian's python3-pyroute2 0.7.2 reports __version__ "unknown", and the
# kernel's ovs-dpctl.py parses it with int() before doing anything. Put the
# installed version there (only on the PYTHONPATH of the selftest runs).
try:
    import importlib.metadata
    import pyroute2

    if not str(getattr(pyroute2, "__version__", "")).split(".")[0].isdigit():
        pyroute2.__version__ = importlib.metadata.version("pyroute2")
except Exception:  # no pyroute2: the selftest reports [PYLIB] itself
    pass
