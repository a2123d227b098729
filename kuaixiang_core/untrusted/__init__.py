"""Bounds on what others wrote: request bodies (``strict_json``), files brought to an
import (``files``), and text on its way to a terminal (``terminal``).

Each exists because an attack worked without it (issue 13): a body nested a thousand deep
or carrying NaN answered 500 and clients retried it for ever; a 1.2 MB spreadsheet held
three million rows; an enterprise name carried escape sequences to a reviewer's screen.
"""
