"""Worker processes for indexing: a function over many tasks, results in task order.

multiprocessing.Pool was not safe to stop: its workers share locked queues, so a worker ended
by a signal while holding a lock (an idle worker waits on the task queue holding it) made the
pool's own shutdown hang, and each worker printed a traceback on Ctrl-C. Here each worker has
its own pipe and shares nothing, so stopping is always the same: kill every worker.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from typing import Any

DEPTH = 8  # tasks in flight per worker: keeps each busy while the main process reads results
_STOPS = {signal.SIGINT, signal.SIGTERM}


class WorkerDied(RuntimeError):
    """A worker process ended without answering (killed from outside, out of memory)."""


def _serve(fn: Callable[[Any], Any], conn: Connection, inherited: list[Connection]) -> None:
    # the main process stops the workers; Ctrl-C reaches the whole process group
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)  # blocked while it was forked
    for c in inherited:  # the main process's ends: held here, no pipe would close when it dies
        c.close()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the main process is gone (killed): nothing left to do
            return
        try:
            answer = (True, fn(task))
        except Exception as e:  # raised again in the main process, as map() would
            answer = (False, e)
        try:
            conn.send(answer)
        except OSError:  # the main process is gone: quietly, no traceback on its terminal
            return
        except Exception as e:  # an answer that cannot be pickled: say so instead
            conn.send((False, RuntimeError(f"{type(e).__name__}: {e}")))


@contextlib.contextmanager
def ordered_map(fn: Callable[[Any], Any], procs: int) -> Iterator[Callable[[list[Any]], Iterator[Any]]]:
    """A map(fn, tasks) run in `procs` forked processes, yielding results in task order.

    Task i goes to worker i % procs, so reading the workers in turn gives the results in order
    and no task is ever lost or repeated. Leaving the block kills the workers."""
    ctx = multiprocessing.get_context("fork")
    conns: list[Connection] = []
    workers = []
    try:
        for _ in range(procs):
            mine, theirs = ctx.Pipe()
            p = ctx.Process(target=_serve, args=(fn, theirs, [*conns, mine]), daemon=True)
            # Ctrl-C or SIGTERM during fork() would be raised inside an at-fork hook (logging's
            # lock release), which swallows it with a traceback: hold them until fork returns
            held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
            try:
                p.start()
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
            theirs.close()
            conns.append(mine)
            workers.append(p)

        def run(tasks: Sequence[Any]) -> Iterator[Any]:
            sent = 0
            for i in range(len(tasks)):
                try:
                    while sent < len(tasks) and sent < i + procs * DEPTH:
                        conns[sent % procs].send(tasks[sent])
                        sent += 1
                    ok, answer = conns[i % procs].recv()
                except (EOFError, OSError):  # a closed pipe: its worker is gone
                    dead = next((p for p in workers if not p.is_alive()), workers[i % procs])
                    raise WorkerDied(f"a worker process (pid {dead.pid}) ended unexpectedly"
                                     ) from None
                if not ok:
                    raise answer
                yield answer

        yield run
    finally:
        for p in workers:
            p.kill()
        for p in workers:
            p.join()
        for c in conns:
            c.close()
