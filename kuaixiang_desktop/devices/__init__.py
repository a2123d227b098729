"""The hall's own devices: the ID card reader (二代证阅读器), the document camera (高拍仪) and
the evaluator pad (评价器).

One interface per kind (:mod:`.idcard`, :mod:`.camera`, :mod:`.evaluator`), the vendor drivers
behind them (ctypes for the reader libraries, loopback HTTP for a camera's capture service),
simulators that the tests and ``--demo`` feed, and one health state per device
(:mod:`.health`).  Nothing here imports Qt: the window's adapters (polling in the background,
showing the photo) live in ``ui``.  Which driver each kind uses is :mod:`.config`;
:mod:`.registry` builds the devices from it.
"""
