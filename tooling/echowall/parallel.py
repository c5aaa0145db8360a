"""Run independent jobs (render slices, ledger shards) in forked worker processes.

The jobs are closures over the model and the compiled templates; forking hands them to the
workers without pickling any of it (only the results come back). Results are returned in
job order, so the output does not depend on the number of workers or on timing. Where fork
is not available (Windows, or a caller that asks for one worker) the jobs run here in turn.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
from typing import Callable, Sequence

_jobs: Sequence[Callable] = ()  # this worker's jobs, set by the pool's initializer at fork
_forked_pools = 0  # pools open in this process: while any is, what existed at its fork is frozen


def _freeze() -> None:
    """Before a fork: everything alive now (the ledger, the model, the plan, the templates)
    goes out of the collector's reach (gc.freeze) until the last pool closes. Neither the
    children nor this process then walk those objects when they collect, which would touch
    (and so copy) every page of memory shared at the fork and take the CPU of a full scan of
    the model each time: at 5,000 items a third of the build's wall time (README). Not for
    a short-lived pool (the build's checks): measured, freezing there cost more than it saved."""
    global _forked_pools
    if _forked_pools == 0:
        gc.freeze()
    _forked_pools += 1


def _unfreeze() -> None:
    """The last pool closed: the objects are the collector's again (a long `mkdocs serve`
    would otherwise keep every rebuild's model)."""
    global _forked_pools
    _forked_pools -= 1
    if _forked_pools == 0:
        gc.unfreeze()


def _set_jobs(jobs: Sequence[Callable], nice: int = 0) -> None:
    global _jobs
    _jobs = jobs
    if nice:
        try:
            os.nice(nice)
        except (AttributeError, OSError):  # not on this OS, or not allowed: run as is
            pass


def _run(index: int):
    return _jobs[index]()


def available_workers() -> int:
    """The CPUs this process may use (cgroup/affinity aware where the OS says)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class JobPool:
    """Jobs started at once in `workers` forked processes, whose results are taken one by one
    when they are needed (`get(i)` waits for job i only): the caller goes on with its own
    work meanwhile. With one worker (unless `background`, on a machine with a second CPU), or
    without fork, job i runs in this process when it is first asked for. Close it (or use
    `with`) to stop the workers. `freeze`: see _freeze."""

    def __init__(self, jobs: Sequence[Callable], workers: int, nice: int = 0, background: bool = False,
                 freeze: bool = False):
        self._jobs = list(jobs)
        self._done: dict[int, object] = {}
        self._pool = None
        self._pending = []
        workers = min(workers, len(self._jobs))
        # background: even one worker is a process of its own, where there is a second CPU
        forked = workers > 1 or (background and workers == 1 and available_workers() > 1)
        if forked and "fork" in multiprocessing.get_all_start_methods():
            # fork: the initializer's argument is inherited, never pickled
            self._frozen = freeze  # _freeze: for a pool that lives long beside this process's work
            if freeze:
                _freeze()
            try:
                self._pool = multiprocessing.get_context("fork").Pool(workers, _set_jobs, (self._jobs, nice))
            except BaseException:
                if freeze:
                    _unfreeze()
                raise
            self._pending = [self._pool.apply_async(_run, (i,)) for i in range(len(self._jobs))]

    def __len__(self) -> int:
        return len(self._jobs)

    def get(self, index: int):
        """Job `index`'s result; an exception it raised is raised here."""
        if index not in self._done:
            self._done[index] = self._pending[index].get() if self._pool else self._jobs[index]()
        return self._done[index]

    def close(self) -> None:
        """Stop the workers; a job not taken yet would run here if asked for later."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
            if self._frozen:
                _unfreeze()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def run_jobs(jobs: Sequence[Callable], workers: int) -> list:
    """Every job's result, in job order."""
    with JobPool(jobs, workers) as pool:
        return [pool.get(i) for i in range(len(pool))]
