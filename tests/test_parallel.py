"""JobPool: jobs start at once in forked workers; each result is taken when it is needed."""
from __future__ import annotations

import os

import pytest

from echowall.parallel import JobPool, run_jobs


def test_results_come_back_in_job_order_from_other_processes():
    jobs = [lambda i=i: (i * i, os.getpid()) for i in range(12)]
    results = run_jobs(jobs, 2)
    assert [r[0] for r in results] == [i * i for i in range(12)]
    assert os.getpid() not in {r[1] for r in results}


def test_a_result_can_be_taken_before_the_ones_before_it():
    with JobPool([lambda i=i: i for i in range(6)], 2) as pool:
        assert pool.get(5) == 5
        assert pool.get(0) == 0
        assert pool.get(5) == 5  # taken twice: the same result


def test_with_one_worker_a_job_runs_here_when_first_asked_for():
    ran = []
    pool = JobPool([lambda i=i: ran.append(i) or os.getpid() for i in range(3)], 1)
    assert ran == []
    assert pool.get(2) == os.getpid()
    assert ran == [2]
    pool.get(2)
    assert ran == [2]
    pool.close()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_job_raises_where_its_result_is_taken(workers):
    def broken():
        raise ValueError("template said no")

    with JobPool([lambda: 1, broken, lambda: 3], workers) as pool:
        assert pool.get(0) == 1
        assert pool.get(2) == 3
        with pytest.raises(ValueError, match="template said no"):
            pool.get(1)


def test_workers_can_yield_the_cpu_to_the_process_that_waits_for_them():
    here = os.nice(0)
    with JobPool([lambda: os.nice(0)] * 2, 2, nice=5) as pool:
        assert pool.get(0) == pool.get(1) == min(here + 5, 19)
    assert os.nice(0) == here  # only the workers


def test_a_long_lived_pool_keeps_what_it_forked_from_out_of_the_collector_until_it_closes(monkeypatch):
    """JobPool(freeze=True) (the render workers): what existed at the fork is frozen while the
    pool is open (not walked by the collector, so not copied on write), and given back when
    the last such pool closes (a long `mkdocs serve` keeps no rebuild's model); a pool
    without it (the build's checks) freezes nothing."""
    import gc

    import echowall.parallel as parallel

    monkeypatch.setattr(parallel, "available_workers", lambda: 2)
    assert gc.get_freeze_count() == 0
    with JobPool([lambda: 1], 1, background=True) as plain:
        assert gc.get_freeze_count() == 0 and plain.get(0) == 1
    outer = JobPool([lambda: 2, lambda: 3], 2, freeze=True)
    frozen = gc.get_freeze_count()
    assert frozen > 0
    inner = JobPool([lambda: 4, lambda: 5], 2, freeze=True)
    assert [outer.get(1), inner.get(0)] == [3, 4]
    outer.close()
    assert gc.get_freeze_count() >= frozen  # the other pool is still open
    inner.close()
    assert gc.get_freeze_count() == 0
