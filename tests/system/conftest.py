# SPDX-License-Identifier: Apache-2.0
"""pytest setup for the QEMU system tests (see mica_qemu.py)."""


def pytest_configure(config):
    # pexpect 4.8 starts its reader thread with Thread.setDaemon(), which
    # Python 3.10+ calls deprecated; that is pexpect's business, not ours.
    config.addinivalue_line(
        "filterwarnings",
        "ignore:setDaemon\\(\\) is deprecated:DeprecationWarning")
