"""Run independent jobs (render slices, ledger shards) in forked worker processes.

The jobs are closures over the model and the compiled templates; forking hands them to the
workers without pickling any of it (only the results come back). Results are returned in
job order, so the output does not depend on the number of workers or on timing. Where fork
is not available (Windows, or a caller that asks for one worker) the jobs run here in turn.
"""
from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Sequence

_jobs: Sequence[Callable] = ()  # the jobs of the running call, inherited by forked workers


def _run(index: int):
    return _jobs[index]()


def available_workers() -> int:
    """The CPUs this process may use (cgroup/affinity aware where the OS says)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run_jobs(jobs: Sequence[Callable], workers: int) -> list:
    global _jobs
    workers = min(workers, len(jobs))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [job() for job in jobs]
    _jobs = jobs
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_run, range(len(jobs)), chunksize=1)
    finally:
        _jobs = ()
