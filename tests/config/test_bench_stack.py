"""bench/stack.py keeps track of the processes a stack started, on a machine where processes
come and go while it reads /proc."""

from __future__ import annotations

import subprocess

from bench import stack


def test_a_child_started_while_the_sessions_are_read_does_not_break_the_reading(monkeypatch):
    """The speaker benchmark once failed with KeyError: a gunicorn worker started between the
    two readings of /proc that _remember_sessions made (one for the table, one for the tree)."""
    honcho = stack.Honcho.__new__(stack.Honcho)
    honcho.process = subprocess.Popen(["sleep", "30"])
    honcho._sessions = set()
    try:
        readings = []
        real = stack._all_processes

        def growing_table():
            table = real()
            if readings:  # a later reading: one more child of honcho's process has started
                table[999_999_999] = ("S", honcho.process.pid, 4_242)
            readings.append(table)
            return table

        monkeypatch.setattr(stack, "_all_processes", growing_table)

        honcho._remember_sessions()

        assert honcho._sessions == {readings[0][honcho.process.pid][2]}
    finally:
        honcho.process.kill()
        honcho.process.wait()
