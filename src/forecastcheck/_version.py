"""The package's version, in one place that imports nothing.

Private: imported as a module (``from forecastcheck import _version``), so a
module that prints the version does not import the root package's names (the
root package re-exports everything, lazily, which would close a cycle).
``forecastcheck.__version__`` is this value; the build reads it from here.
"""

VERSION = "0.1.0"
