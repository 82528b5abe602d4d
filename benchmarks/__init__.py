"""The DialStack SDK benchmark suite: ``python -m benchmarks`` (or ``scripts/bench``).

Each module measures one claim of the SDK against its baseline, side by side in one run;
servers and load generators run in processes of their own so that they never share the
measured client's GIL.
"""
