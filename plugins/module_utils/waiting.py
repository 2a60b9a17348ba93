# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bounded polling for AWS's eventual consistency (a state that is reached a little later)."""

from __future__ import annotations

import time


def wait_for(read, done, timeout, delay=1.0, max_delay=10.0, sleep=time.sleep, clock=time.monotonic):
    """Call ``read()`` until ``done(value)`` is true or ``timeout`` seconds pass.

    Returns ``(value, True)`` when done, ``(last value, False)`` on timeout. The first read happens at
    once; later ones back off exponentially up to ``max_delay``.
    """
    deadline = clock() + timeout
    value = read()
    while not done(value):
        remaining = deadline - clock()
        if remaining <= 0:
            return value, False
        sleep(min(delay, remaining))
        delay = min(delay * 2, max_delay)
        value = read()
    return value, True
