"""Worker processes for indexing: order, errors, and stopping without leftovers."""

from __future__ import annotations

import os
import signal

import pytest

from kcsearch.index.workers import WorkerDied, ordered_map


def square(n: int) -> int:
    if n == -1:
        raise ValueError("bad task -1")
    if n == -2:
        os.kill(os.getpid(), signal.SIGKILL)
    return n * n


def alive(pids: list[int]) -> list[int]:
    out = []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as f:
                if "State:\tZ" not in f.read():
                    out.append(pid)
        except FileNotFoundError:
            pass
    return out


def test_results_come_in_task_order() -> None:
    with ordered_map(square, 3) as run:
        assert list(run(list(range(100)))) == [n * n for n in range(100)]
        assert list(run([4, 5])) == [16, 25]  # a second batch in the same block


def test_an_error_in_a_task_is_raised_in_the_caller() -> None:
    with ordered_map(square, 2) as run, pytest.raises(ValueError, match="bad task -1"):
        list(run([1, 2, -1, 3]))


def test_a_killed_worker_is_an_error_not_a_hang() -> None:
    with ordered_map(square, 2) as run, pytest.raises(WorkerDied, match="ended unexpectedly"):
        list(run([1, 2, 3, -2, 5, 6]))


def children() -> list[int]:
    pid = os.getpid()
    with open(f"/proc/{pid}/task/{pid}/children") as f:
        return [int(x) for x in f.read().split()]


def test_leaving_early_stops_every_worker() -> None:
    before = set(children())
    with ordered_map(square, 2) as run:
        results = run(list(range(1000)))
        assert next(results) == 0
        workers = [p for p in children() if p not in before]
        assert len(workers) == 2
    assert alive(workers) == []
